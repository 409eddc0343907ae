// Loads the wasm package and hands it to the tests as `window.idp`. No inline
// script anywhere: the page runs under script-src 'self' 'wasm-unsafe-eval'.

import init, * as bridge from '/pkg/idp_bridge.js';

const wasm = await init({ module_or_path: '/pkg/idp_bridge_bg.wasm' });

window.idp = {
  bridge,
  /** Bytes of the module's linear memory, which grows but never shrinks. */
  wasmMemoryBytes: () => wasm.memory.buffer.byteLength,
};
document.body.dataset.ready = 'true';
