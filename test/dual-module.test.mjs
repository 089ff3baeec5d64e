// Every published package loads through require() and import, with types, sharing one instance.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const pkgs = readdirSync(join(root, 'packages'))
  .map((d) => join(root, 'packages', d, 'package.json'))
  .filter(existsSync)
  .map((f) => JSON.parse(readFileSync(f, 'utf8')))
  .filter((p) => !p.private);

for (const pkg of pkgs) {
  test(`${pkg.name}: require() and import give the same exports, with type declarations`, () => {
    const cjs = execFileSync(process.execPath, ['-e', `console.log(JSON.stringify(Object.keys(require('${pkg.name}')).sort()))`], { cwd: root, encoding: 'utf8' });
    const esm = execFileSync(process.execPath, ['--input-type=module', '-e', `import * as m from '${pkg.name}'; console.log(JSON.stringify(Object.keys(m).filter(k => k !== 'default').sort()))`], { cwd: root, encoding: 'utf8' });
    const names = JSON.parse(cjs).filter((k) => k !== '__esModule' && k !== 'default');
    assert.ok(names.length > 0, 'exports something');
    assert.deepEqual(JSON.parse(esm), names);
    const entry = pkg.exports['.'];
    for (const cond of ['import', 'require']) assert.ok(existsSync(join(root, 'packages', pkg.name.split('/')[1], entry[cond].types)), `${cond} types`);
  });
}

test('the api global is shared between its CJS and ESM faces', () => {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', `
    import { createRequire } from 'node:module';
    import { setAuditSink, getAuditSink } from '@auditel/api';
    const sink = { record() {}, commit() {}, flush() {} };
    setAuditSink(sink);
    const cjs = createRequire(import.meta.url)('@auditel/api');
    console.log(cjs.getAuditSink() === sink);
  `], { cwd: root, encoding: 'utf8' });
  assert.equal(out.trim(), 'true');
});
