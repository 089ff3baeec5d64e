// The preload under the ways a process ends: records audit()ed in the last turn are in the store,
// whether the process exits by itself, calls process.exit(), throws, or is sent SIGTERM.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { readRecords, tempDir } from '../../../test/helpers/store.mjs';

const require = createRequire(import.meta.url);
const apiPath = JSON.stringify(require.resolve('@auditel/api'));

const endings = {
  'runs to its end': '',
  'calls process.exit()': 'process.exit(3);',
  'throws': "throw new Error('boom');",
  'is sent SIGTERM': "process.kill(process.pid, 'SIGTERM'); setTimeout(() => {}, 5000);",
};

for (const [name, ending] of Object.entries(endings)) {
  test(`the records of the last turn are stored when the process ${name}`, (t) => {
    const dir = tempDir(t);
    const script = `const { audit } = require(${apiPath}); for (let i = 0; i < 300; i++) audit({ event: 'audit.data_access', action: 'READ', outcome: 'success', attributes: { i } }); ${ending}`;
    const r = spawnSync(process.execPath, ['--require', '@auditel/node/register', '-e', script], {
      env: { ...process.env, AUDITEL_DIR: dir, AUDITEL_DIAGNOSTICS: 'off', NODE_OPTIONS: '' },
      encoding: 'utf8',
      timeout: 20000,
    });
    assert.equal(r.error, undefined);
    const got = readRecords(dir).filter((x) => x.event === 'audit.data_access').map((x) => x.a.i);
    assert.deepEqual(got, Array.from({ length: 300 }, (_, i) => i), `stderr: ${r.stderr}`);
    assert.ok(readRecords(dir).some((x) => x.event === 'audit.process' && x.a['audit.action'] === 'STOP'), 'the stream is closed');
  });
}
