// The digit-shape pass (src/shapes.ts) against reference regular expressions of each bit, and the
// one-pass card validator against the original one, on random digit-and-separator strings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const S = require('../dist/shapes.js');
const E = require('../dist/engine.js');

let seed = 20261125;
const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
const pick = (a) => a[Math.floor(rnd() * a.length)];

// test-only references (lookaround is fine here: these are not engine patterns)
const REF = [
  ['SH_DIGIT', /\d/],
  ['SH_CARD', /(?:^|[^0-9A-Za-z-])(?:\d[ -]?){11,}\d(?=$|[^0-9A-Za-z-])/],
  ['SH_SSN', /(?<!\d)\d{3}-\d{2}-\d{4}(?!\d)/],
  ['SH_US', /\d{3}[.-]\d{3}[.-]\d{4}/],
  ['SH_NAT', /0[1-9]\d{0,4}[ ./-]\d/],
  ['SH_IPV4', /(?<!\d)\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?!\d)/],
  ['SH_LATLON', /(?<!\d)\d{1,2}\.\d{4,9},/],
  ['SH_SPACE_DIGIT', /[ \t]\d/],
  ['SH_ADDR_A', /\d[a-zA-Z]?,?[ \t\n]/],
];

function randomText() {
  const alpha = pick(['0123456789', '0123456789 -', '0123456789.-', '0123456789 .,/-', '0123456789 ab-.:,\t\nZ(%', '0123456789 xX,\t-\u00e9\u0130']);
  const L = Math.floor(rnd() * 40);
  let s = '';
  for (let i = 0; i < L; i++) s += rnd() < 0.6 ? String(Math.floor(rnd() * 10)) : alpha[Math.floor(rnd() * alpha.length)];
  return s;
}

test('digitShapes: each bit is exactly its reference pattern', () => {
  for (let k = 0; k < 200000; k++) {
    const t = randomText();
    const bits = S.digitShapes(t);
    for (const [name, re] of REF) assert.equal((bits & S[name]) !== 0, re.test(t), `${name} of ${JSON.stringify(t)}`);
    // the parenthesis / percent forms are looked for when a phone bit is clear
    if ((bits & S.SH_US) === 0 || (bits & S.SH_NAT) === 0) assert.equal((bits & S.SH_PAREN_PCT) !== 0, /\d/.test(t) && /[(%]/.test(t), `SH_PAREN_PCT of ${JSON.stringify(t)}`);
  }
});

test('ipv6Shape and MAC_PAIRS hold for every address the detectors accept', () => {
  for (const a of ['2001:db8::1', 'fe80::1ff:fe23:4567:890a', '2001:0db8:85a3:0000:0000:8a2e:0370:7334', '1:2:3:4:5:6:1.2.3.4', '::ffff:192.0.2.1']) assert.ok(S.ipv6Shape(`ip ${a} x`), a);
  assert.ok(!S.ipv6Shape('at 12:30:00 and 1:2:3:4:5'));
  for (const m of ['00:1A:2B:3C:4D:5E', '00-1a-2b-3c-4d-5e']) assert.ok(S.MAC_PAIRS.test(`mac ${m}`), m);
});

test('cardOk (one pass) gives the answer of cardOkSlow', () => {
  const real = ['4111111111111111', '5500000000000004', '378282246310005', '6011000990139424', '3530111333300000', '630490017740292', '180000000000002', '213100000000001', '4222222222222', '2221000000000009', '5018000000000009', '601100000000', '676770000000'];
  const groups = [[4, 4, 4, 4], [4, 6, 5], [4, 6, 4], [4, 4, 5], [4, 4, 4, 4, 3], [4, 4, 4, 3], [4, 4, 4], [3, 3, 3, 3], [4, 4, 4, 4, 4]];
  for (let k = 0; k < 300000; k++) {
    let s = '';
    if (rnd() < 0.5) {
      const r = pick(real);
      const sep = rnd() < 0.5 ? ' ' : '-';
      let p = 0;
      for (const g of pick(groups)) {
        if (p >= r.length) break;
        s += (p ? (rnd() < 0.05 ? '- '.replace(sep, '') : sep) : '') + r.slice(p, p + g);
        p += g;
      }
      s += r.slice(p);
      if (rnd() < 0.3) s = s.replace(/\d/, (d) => String((+d + 1) % 10));
    } else {
      const L = Math.floor(rnd() * 24);
      for (let j = 0; j < L; j++) s += rnd() < 0.8 ? String(Math.floor(rnd() * 10)) : pick([' ', '-', 'a']);
    }
    const before = pick(['', 'card ', 'my visa: ', 'tarjeta ', 'ref ']);
    const text = before + s + ' x';
    assert.equal(E.cardOk(s, text, before.length), E.cardOkSlow(s, text, before.length), JSON.stringify(text));
  }
});

test('ibanOk (no allocation) gives the answer of ibanOkSlow', () => {
  const real = ['DE89370400440532013000', 'GB82WEST12345698765432', 'FR7630006000011234567890189', 'ES9121000418450200051332', 'NL91ABNA0417164300', 'BE68539007547034'];
  const chars = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ  ab-';
  for (let k = 0; k < 200000; k++) {
    let s;
    if (rnd() < 0.5) {
      s = pick(real);
      if (rnd() < 0.5) s = s.replace(/(.{4})/g, '$1 ').trim();
      if (rnd() < 0.4) { const p = Math.floor(rnd() * s.length); s = s.slice(0, p) + pick(chars.split('')) + s.slice(p + 1); }
      if (rnd() < 0.2) s = s.slice(0, Math.floor(rnd() * s.length));
    } else {
      s = '';
      const L = Math.floor(rnd() * 40);
      for (let j = 0; j < L; j++) s += chars[Math.floor(rnd() * (rnd() < 0.9 ? 37 : chars.length))];
    }
    assert.equal(E.ibanOk(s), E.ibanOkSlow(s), JSON.stringify(s));
  }
  for (const r of real) assert.ok(E.ibanOk(r), r);
});
