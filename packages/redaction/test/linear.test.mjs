// Linear time: every pattern compiles under RE2 (the `re2` binding), the collector config is valid,
// and adversarial 100 KB inputs stay within a time-per-byte bound.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

const require = createRequire(import.meta.url);
const RE2 = require('re2');
const { DEFAULT_POLICY, redactText, collectorRedactionConfig, collectorPatterns } = require('@auditel/redaction');
const here = dirname(fileURLToPath(import.meta.url));

test('every detector pattern of the default policy compiles under RE2', () => {
  for (const d of DEFAULT_POLICY.detectors) {
    assert.doesNotThrow(() => new RE2(d.pattern, 'g' + (d.flags ?? '')), d.id);
    assert.doesNotThrow(() => new RegExp(d.pattern, 'g' + (d.flags ?? '')), d.id);
    assert.ok(!/\(\?[=!<]|\\[1-9]/.test(d.pattern.replace(/\(\?<[a-z]/gi, '')), `${d.id}: no lookaround or backreference`);
  }
  for (const p of DEFAULT_POLICY.redactedValues) assert.doesNotThrow(() => new RE2(p), p);
});

test('every regular expression of the engine itself compiles under RE2 too', () => {
  const { INTERNAL_PATTERNS } = require('@auditel/redaction');
  assert.ok(INTERNAL_PATTERNS.length > 50);
  for (const r of INTERNAL_PATTERNS) assert.doesNotThrow(() => new RE2(r.source, r.flags.replace(/[gyd]/g, '')), r.source.slice(0, 80));
});

test('RE2 and V8 agree on the detectors over sample text', () => {
  const sample = 'Bearer abcdefghijklmnop1234 jane@example.com AKIAIOSFODNN7EXAMPLE 4111 1111 1111 1111 SSN 123-45-6789 https://u:p4ss@h.example/x +44 7721 856423';
  for (const d of DEFAULT_POLICY.detectors) {
    const a = [...sample.matchAll(new RegExp(d.pattern, 'g' + (d.flags ?? '')))].map((m) => m[0]);
    const b = [];
    const re = new RE2(d.pattern, 'g' + (d.flags ?? ''));
    let m;
    while ((m = re.exec(sample))) b.push(m[0]);
    assert.deepEqual(b, a, d.id);
  }
});

function findCollectorKeys() {
  for (const base of [process.env.AUDITEL_SHARED, join(here, '../../../../shared'), join(here, '../../../shared')]) {
    if (base && existsSync(join(base, 'collector/collector-keys.json'))) return JSON.parse(readFileSync(join(base, 'collector/collector-keys.json'), 'utf8'));
  }
  return undefined;
}

test('collector config: YAML parses, keys are known, every regex compiles under RE2, $ is escaped', (t) => {
  const text = collectorRedactionConfig({ hmac: true });
  const doc = YAML.parse(text);
  const red = doc.processors['redaction/auditel'];
  const tr = doc.processors['transform/auditel'];
  assert.ok(red && tr);
  assert.ok(red.blocked_values.length >= 10 && red.blocked_key_patterns.length >= 5);
  assert.equal(red.hmac_key, '${env:AUDITEL_HMAC_KEY}');
  const keys = findCollectorKeys();
  if (!keys) t.diagnostic('collector-keys.json not found; key check skipped');
  else {
    const rk = keys.components['processor/redaction'].keys;
    for (const k of Object.keys(red)) assert.ok(k in rk, `redaction key ${k}`);
    const tk = keys.components['processor/transform'].keys;
    for (const k of Object.keys(tr)) assert.ok(k in tk, `transform key ${k}`);
    for (const g of tr.log_statements) for (const k of Object.keys(g)) assert.ok(k in tk.log_statements.items, `log_statements key ${k}`);
    assert.ok(keys.components['processor/redaction'].keys.hash_function.includes('hmac-sha256'));
  }
  // collector expands ${...}: an unescaped $ may only start ${env:...}
  const unescaped = text.replace(/\$\$/g, '').replace(/\$\{env:[A-Z_]+\}/g, '');
  assert.ok(!unescaped.includes('$'), 'every literal $ is written $$');
  const unesc = (s) => s.replace(/\$\$/g, '$');
  const regexes = [...red.blocked_key_patterns, ...red.blocked_values].map(unesc);
  for (const g of tr.log_statements)
    for (const st of g.statements) {
      const m = /^replace_(?:all_)?patterns?\((?:log\.body|log\.attributes, "value"), ("(?:[^"\\]|\\.)*"), ("(?:[^"\\]|\\.)*")\)$/.exec(st);
      assert.ok(m, `statement shape: ${st.slice(0, 80)}`);
      regexes.push(unesc(JSON.parse(m[1])));
      assert.ok(!/\$[0-9a-z]/i.test(unesc(JSON.parse(m[2]))), 'replacements use ${n}');
    }
  for (const r of regexes) {
    const flags = /^\(\?([is]+)\)/.exec(r);
    assert.doesNotThrow(() => new RE2(flags ? r.slice(flags[0].length) : r, flags ? flags[1] : ''), r);
  }
  // the replace pattern keeps the text around the secret
  const bearer = collectorPatterns().find((p) => p.id === 'bearer');
  const re = new RE2(bearer.replacePattern, 'g');
  assert.equal('Authorization: Bearer abcdefghijklmnop1234 x'.replace(re, bearer.replacement.replace(/\$\{(\d)\}/g, '$$$1')), 'Authorization: Bearer [REDACTED:bearer_token] x');
});

test('fuzz: adversarial 100 KB inputs take linear time (bounded µs per byte)', () => {
  const N = 100_000;
  const rep = (s) => s.repeat(Math.ceil(N / s.length)).slice(0, N);
  const inputs = {
    digits: rep('4'),
    digitsSpaced: rep('4 '),
    atSigns: rep('a@'),
    localPart: rep('a.') + '@',
    dots: rep('1.'),
    colons: rep('a:'),
    hexColons: rep('ab:'),
    pemNoEnd: '-----BEGIN PRIVATE KEY-----' + rep('A'),
    manyBegins: rep('-----BEGIN PRIVATE KEY-----\n'),
    jwtish: rep('eyJ') ,
    jwtDots: rep('eyJa.'),
    json: '{' + rep('"a":{'),
    jsonStrings: rep('"password":"'),
    kv: rep('password='),
    kvAmp: rep('a=b&'),
    sql: "INSERT INTO t (a) VALUES (" + rep("'x',"),
    cookies: rep('a=b; '),
    names: rep('for Jane '),
    caps: rep('Aa '),
    address: rep('12 Main '),
    addressSeg: '12 Main Street' + rep(', Springfield'),
    phone: rep('+1 555 '),
    bearer: rep('Bearer '),
    quotes: rep('"'),
    newlines: rep('\n'),
    unicode: rep('é🎄'),
    percent: rep('%40'),
    urls: rep('https://a:'),
    ipv6: rep('::'),
    mixed: rep('Bearer eyJ a@b.c 4111-1111 ::1 password= {"email":"'),
    jsonPairs: '{' + rep('"a":"b",'),
    jsonArray: '[' + rep('1,'),
    jsonNested: rep('{"a":['),
    xml: rep('<a>b</a>'),
    xmlOpen: rep('<a>'),
    yamlLines: rep('key: value\n'),
    headerLines: rep('Cookie: a=b\n'),
    authLines: rep('Authorization: Bearer abcdefghij\n'),
    jsonCookie: rep('{"cookie":"a=b;'),
    jsonDeep: rep('{"a":{"b":{"c":"d",'),
    passwordColon: rep('password: '),
    percentAt: rep('a%40'),
    cookieNoQuote: rep('"Cookie: a=b '),
    escapedJson: rep('\\"a\\":\\"b\\",'),
    sqlInsert: 'INSERT INTO t (' + rep('a,') + ') VALUES (',
    sqlPairs: rep("a = 'b' AND "),
    urlQuery: 'https://x.example/?' + rep('email=a%40b.co&'),
    capsWords: rep('Jane Doe '),
    streets: rep('12 Main Street, '),
    dobs: rep('DOB 1970-01-01 '),
    phonesCue: rep('call 555 1234 '),
    csvRows: 'name,email,phone\n' + rep('Ana Souza,"a,b"",c",0612345678\n'),
    csvBadQuotes: 'name,email,phone\n' + rep('"Ana,x\n'),
    yamlLists: rep('passwords:\n  - abc123\n  - "x\n'),
    sqlIn: rep("last_name IN ('a', 'b''c', "),
    jpBlocks: rep('1-1 Marunouchi, Chiyoda-ku, '),
    quotedAt: rep('"a b"@x'),
    lastFirst: rep('by Müller, Anna, '),
    roleNames: rep('Driver Ahmed Hassan Driver '),
    bracketKeys: rep('a[b][c][d][e]=1&'),
    scriptLabels: rep('العميل: محمد '),
    scriptRun: 'العميل: ' + rep('محمد'),
    hanAddress: rep('住所 東京都1'),
    honorifics: rep('山田様김민준 님'),
    scriptPhones: rep('전화 010-'),
  };
  // calibrate: µs per byte on ordinary text of the same size
  const plain = rep('The quick brown fox jumps over the lazy dog. ');
  // best of three runs, so a GC pause or a busy neighbour does not count as super-linear time
  const time = (s) => {
    let best = Infinity;
    for (let i = 0; i < 3; i++) {
      const t0 = process.hrtime.bigint();
      redactText(s, { field: 'log.message' });
      best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1000 / s.length);
      if (best < 0.5) break;
    }
    return best;
  };
  time(plain);
  const base = Math.max(time(plain), 0.05);
  const bound = Math.max(base * 50, 3); // µs per byte (measured worst is about 0.5)
  const report = {};
  for (const [name, s] of Object.entries(inputs)) {
    const us = time(s);
    report[name] = us.toFixed(3);
    assert.ok(us < bound, `${name}: ${us.toFixed(3)} µs/byte exceeds ${bound.toFixed(3)}`);
  }
  // super-linear check on every input: the full 100 KB must not take more than ~3× its first half
  const bestMs = (s) => {
    let best = Infinity;
    for (let i = 0; i < 3; i++) {
      const t0 = process.hrtime.bigint();
      redactText(s, { field: 'log.message' });
      best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1000);
    }
    return best;
  };
  for (const [name, s] of Object.entries(inputs)) {
    const half = s.slice(0, s.length >> 1);
    // measured up to three times, so that a machine busy with other tests does not fail it; a
    // quadratic path (4× per doubling) fails every time
    let tHalf = 0;
    let tFull = Infinity;
    for (let k = 0; k < 3 && !(tFull < tHalf * 3 + 5000); k++) {
      tHalf = bestMs(half);
      tFull = bestMs(s);
    }
    assert.ok(tFull < tHalf * 3 + 5000, `${name}: 100 KB took ${tFull.toFixed(0)} µs vs ${tHalf.toFixed(0)} µs for 50 KB`);
  }
  console.log('fuzz µs/byte', JSON.stringify(report), 'bound', bound.toFixed(3));
});
