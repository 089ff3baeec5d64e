// The `auditel` executable as a user reaches it: `npm ci` links the package's bin into
// node_modules/.bin before anything is built, so the bin must be a file of the source tree (a stub
// that loads dist/), and the link must run the CLI. With the bin in dist/, npm skipped the link and
// `npx auditel verify` (README, quickstart) failed after `npm ci && npm test`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const pkgDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const root = path.join(pkgDir, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));

test('the bin is a file git tracks (it exists before the build), not a build output', () => {
  const rel = path.normalize(pkg.bin.auditel);
  assert.ok(!rel.startsWith('dist'), `bin points into dist/: ${rel}`);
  const tracked = execFileSync('git', ['ls-files', '--', rel], { cwd: pkgDir, encoding: 'utf8' }).trim();
  assert.equal(tracked, path.posix.join(...rel.split(path.sep)), `${rel} is not tracked by git`);
  assert.ok(fs.statSync(path.join(pkgDir, rel)).mode & 0o111, `${rel} is not executable`);
  assert.ok(pkg.files.includes(rel.split(path.sep)[0]), `${rel} is not in package.json files`);
});

test('node_modules/.bin/auditel (what npx runs) is linked and runs the CLI', () => {
  const link = path.join(root, 'node_modules', '.bin', 'auditel');
  assert.ok(fs.existsSync(link), 'node_modules/.bin/auditel is missing: npm did not link the bin at install');
  assert.equal(fs.realpathSync(link), fs.realpathSync(path.join(pkgDir, pkg.bin.auditel)));
  const r = spawnSync(link, ['help'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /verify/);
});
