// The defaults a new Vite app has; only the target is raised so the build
// keeps the module's top-level await as it is.
import { defineConfig } from 'vite';

export default defineConfig({
  build: { target: 'es2022' },
});
