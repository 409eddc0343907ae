// The TypeScript declarations, checked with the compiler under strict
// settings: usage.ts (every export, used as an app would) must compile, and
// misspelled-code.ts must fail with exactly the errors its comments expect,
// so a wrongly spelled error code can never compile.
//
// Needs pkg/ (npm run build) and the root devDependency `typescript`.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const TSC = fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url));
const TSC_TIMEOUT_MS = 120_000;

/** Runs tsc on a project; resolves to { code, diagnostics: ["file(line): TSnnnn"] }. */
function typeCheck(project) {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [TSC, '-p', project, '--pretty', 'false'],
      { cwd: HERE, timeout: TSC_TIMEOUT_MS },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') return reject(error);
        const diagnostics = [...stdout.matchAll(/^(\S+)\((\d+),\d+\): error (TS\d+):/gm)].map(
          ([, file, line, code]) => `${file}(${line}): ${code}`,
        );
        resolve({ code: error ? error.code : 0, output: stdout + stderr, diagnostics });
      },
    );
  });
}

describe('TypeScript declarations', () => {
  test('every export, used as an app would, compiles under strict settings', async () => {
    const result = await typeCheck('tsconfig.json');
    assert.equal(result.code, 0, result.output);
  });

  test('a misspelled error code fails to compile, and only where expected', async () => {
    const source = await readFile(`${HERE}misspelled-code.ts`, 'utf8');
    const expected = source
      .split('\n')
      .flatMap((line, index) => {
        const marker = line.match(/\/\/ expect (TS\d+)/);
        return marker ? [`misspelled-code.ts(${index + 1}): ${marker[1]}`] : [];
      });
    assert.ok(expected.length >= 2, 'the file marks the errors it expects');

    const result = await typeCheck('tsconfig.misspelled.json');
    assert.notEqual(result.code, 0, 'tsc must refuse misspelled codes');
    assert.deepEqual(result.diagnostics, expected, result.output);
  });
});
