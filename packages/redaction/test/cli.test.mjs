import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough, Readable } from 'node:stream';
import { redactSpansCli } from '@auditel/redaction';

async function run(input, spans) {
  const out = new PassThrough();
  const err = new PassThrough();
  let o = '';
  let e = '';
  out.on('data', (d) => (o += d));
  err.on('data', (d) => (e += d));
  const code = await redactSpansCli(Readable.from([input]), out, err, { spans });
  return { code, out: o, err: e };
}

test('--spans: one JSON line per input line, in order, with UTF-16 spans', async () => {
  const lines = [
    { field: 'user.email', value: 'jane@example.com' },
    { field: 'log.message', value: '🎄 mail bob@example.org' },
    { value: 'nothing here' },
  ];
  const r = await run(lines.map((l) => JSON.stringify(l)).join('\n') + '\n', true);
  assert.equal(r.code, 0);
  const out = r.out.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(out.length, 3);
  assert.deepEqual(out[0], { value: '[REDACTED:email]', spans: [{ start: 0, end: 16, type: 'email' }] });
  assert.equal(lines[1].value.slice(out[1].spans[0].start, out[1].spans[0].end), 'bob@example.org');
  assert.deepEqual(out[2], { value: 'nothing here', spans: [] });
});

test('without --spans only the redacted values; bad lines reported with their number, processing continues', async () => {
  const r = await run('{"field":"x","value":"a@b.example"}\nnot json\n{"value":42}\n{"value":"ok"}\n', false);
  assert.equal(r.code, 1);
  assert.deepEqual(r.out.trim().split('\n').map((l) => JSON.parse(l)), ['[REDACTED:email]', 'ok']);
  assert.match(r.err, /line 2: not valid JSON/);
  assert.match(r.err, /line 3: expected an object with a string "value"/);
});
