import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { canonicalRecord, integrityHash, unwrapAnyValue } from '@auditel/sdk';

// The reference: build the signingprocessor's payload object in full, then a general RFC 8785 implementation.
function wrap(v) {
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  if (typeof v === 'number') return Number.isInteger(v) ? { intValue: BigInt(v).toString() } : { doubleValue: v };
  if (v instanceof Uint8Array) return { bytesValue: Buffer.from(v).toString('base64') };
  if (Array.isArray(v)) return v.map(wrap);
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, wrap(x)]));
}
const ns = ([s, n]) => (BigInt(s) * 1000000000n + BigInt(n)).toString();
function reference(r) {
  const o = { attributes: {}, timestamp: ns(r.hrTime), observed_timestamp: ns(r.hrTimeObserved) };
  for (const [k, v] of Object.entries(r.attributes)) if (!k.startsWith('audit.integrity.')) o.attributes[k] = wrap(v);
  if (r.eventName) o.event_name = r.eventName;
  if (typeof r.body === 'string') o.body = r.body;
  if (r.traceId && !/^0+$/.test(r.traceId)) o.trace_id = r.traceId;
  if (r.spanId && !/^0+$/.test(r.spanId)) o.span_id = r.spanId;
  return canonicalize(o);
}

const cases = [
  { eventName: 'audit.authentication', hrTime: [1795612300, 357000001], hrTimeObserved: [1795612300, 400000000], attributes: { 'audit.action': 'LOGIN', 'audit.outcome': 'success' } },
  {
    eventName: 'audit.data_access',
    body: 'read invoices',
    hrTime: [1795612300, 5],
    hrTimeObserved: [1795612301, 0],
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    spanId: '00f067aa0ba902b7',
    attributes: {
      z: 1, a: -0, 'é': 'accent', 'ẞ': 'sharp s', '😀': 'astral key sorts by UTF-16 code units', '\uffff': 'bmp max',
      ints: [0, 1, -1, 9007199254740991, 2 ** 60, 1e21], doubles: [0.1, 1.5e-7, -3.25, 1e-7, 123456789.125, 5e-324, 1.7976931348623157e308],
      str: 'quote " backslash \\ newline \n tab \t nul \u0000 del \u007f line sep \u2028 emoji 😀',
      bool: false, bytes: new Uint8Array([0, 255, 7]), nested: { b: [{ y: 'x', x: 'y' }], a: { c: true } },
      'audit.integrity.value': 'left out',
    },
  },
  { eventName: 'audit.process', hrTime: [1, 0], hrTimeObserved: [1, 0], traceId: '00000000000000000000000000000000', spanId: '0000000000000000', attributes: {} },
];

for (const [i, c] of cases.entries()) {
  test(`canonical form equals a general RFC 8785 implementation (case ${i})`, () => {
    assert.equal(canonicalRecord(c), reference(c));
  });
}

test('test vector: canonical text and SHA-256 integrity hash', () => {
  const c = cases[0];
  const expected =
    '{"attributes":{"audit.action":{"stringValue":"LOGIN"},"audit.outcome":{"stringValue":"success"}},' +
    '"event_name":"audit.authentication","observed_timestamp":"1795612300400000000","timestamp":"1795612300357000001"}';
  assert.equal(canonicalRecord(c), expected);
  assert.equal(integrityHash(expected), createHash('sha256').update(expected, 'utf8').digest('hex'));
  assert.equal(integrityHash(expected), 'b9d006487292ef8aae89966926747d52c77507ca810111acecaf5e3822b6c05d');
});

test('AnyValue wrappers unwrap to the original values', () => {
  const c = cases[1];
  const parsed = JSON.parse(canonicalRecord(c));
  const back = unwrapAnyValue(parsed.attributes.nested);
  assert.deepEqual(back, { b: [{ y: 'x', x: 'y' }], a: { c: true } });
  assert.deepEqual(unwrapAnyValue(parsed.attributes.ints), [0, 1, -1, 9007199254740991, '1152921504606846976', '1000000000000000000000']);
});

test('random records: canonical form always equals the reference', () => {
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const chars = ['a', 'Z', '0', '"', '\\', '\n', 'é', '😀', '\u0001', ' ', '.', 'ß'];
  const str = () => Array.from({ length: Math.floor(rnd() * 12) }, () => chars[Math.floor(rnd() * chars.length)]).join('');
  const val = (d) => {
    const k = Math.floor(rnd() * (d > 2 ? 4 : 6));
    return [str, () => Math.floor(rnd() * 2e9) - 1e9, () => rnd() * 1e6 - 5e5, () => rnd() > 0.5, () => Array.from({ length: 3 }, () => val(d + 1)), () => Object.fromEntries(Array.from({ length: 3 }, () => [str(), val(d + 1)]))][k]();
  };
  for (let i = 0; i < 300; i++) {
    const attributes = Object.fromEntries(Array.from({ length: 8 }, () => [str() || 'k', val(0)]));
    const c = { eventName: 'audit.system_event', hrTime: [1700000000 + i, Math.floor(rnd() * 1e9)], hrTimeObserved: [1700000001 + i, 0], attributes };
    assert.equal(canonicalRecord(c), reference(c));
  }
});

test('lone surrogates (not valid Unicode, refused by RFC 8785) are written as U+FFFD, as the OTLP encoder sends them', () => {
  const c = { eventName: 'audit.system_event', hrTime: [1, 0], hrTimeObserved: [1, 0], attributes: { ['k\ud800']: 'a\udc00b' } };
  assert.equal(canonicalRecord(c), reference({ ...c, attributes: { 'k\ufffd': 'a\ufffdb' } }));
});

test('extra attributes are written as if they were in the attributes: sorted in, over a same-named one, undefined left out', () => {
  let seed = 11;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let i = 0; i < 300; i++) {
    const attributes = Object.fromEntries(Array.from({ length: 6 + (i % 20) }, (_, j) => [`k${Math.floor(rnd() * 40)}.${j % 3}`, j % 2 ? j : `v${j}`]));
    if (i % 4 === 0) attributes['audit.sequence.number'] = 'from the record'; // the extra one wins
    const extraAttributes = {
      'audit.sequence.stream_id': 's',
      'audit.sequence.number': i,
      'audit.sequence.previous_hash': i % 3 === 0 ? undefined : 'h' + i,
      'audit.sequence.previous_record_id': i % 3 === 0 ? undefined : 'r' + i,
      'audit.sequence.end': i % 7 === 0 ? true : undefined,
    };
    const merged = { ...attributes };
    for (const [k, v] of Object.entries(extraAttributes)) if (v !== undefined) merged[k] = v;
    const c = { eventName: 'audit.data_access', hrTime: [1700000000 + i, 1], hrTimeObserved: [1700000000 + i, 2], attributes };
    assert.equal(canonicalRecord({ ...c, extraAttributes }), reference({ ...c, attributes: merged }), `case ${i}`);
  }
});
