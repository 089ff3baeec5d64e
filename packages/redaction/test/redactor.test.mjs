import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esm from '@auditel/redaction';

const require = createRequire(import.meta.url);
const { createRedactor, pseudonym, redactText, truncateIp, DEFAULT_POLICY } = require('@auditel/redaction');
const key = Buffer.from('0123456789abcdef0123456789abcdef');

test('ESM and CJS faces export the same functions', () => {
  assert.equal(esm.createRedactor, createRedactor);
  assert.equal(typeof esm.redactSpansCli, 'function');
  assert.equal(typeof esm.collectorRedactionConfig, 'function');
});

test('pseudonym is hmac: + first 32 hex chars of HMAC-SHA256(key, value)', () => {
  const want = 'hmac:' + createHmac('sha256', key).update('jane@example.com').digest('hex').slice(0, 32);
  assert.equal(pseudonym('jane@example.com', key), want);
  assert.match(pseudonym('x', key), /^hmac:[0-9a-f]{32}$/);
  assert.notEqual(pseudonym('x', key), pseudonym('x', Buffer.from('another key of 32 bytes.........')));
  const r = createRedactor({ key });
  assert.equal(r.pseudonymize('user-42', 'actor'), pseudonym('user-42', key));
  assert.equal(r.pseudonymize(pseudonym('user-42', key), 'actor'), pseudonym('user-42', key), 'already a pseudonym stays');
  assert.throws(() => createRedactor().pseudonymize('x', 'actor'), /HMAC key/);
});

test('key rules: whole values under sensitive keys get the type action', () => {
  const r = createRedactor({ key });
  assert.equal(r.redactAttribute('user.password', 'hunter2!'), '[REDACTED:password]');
  assert.equal(r.redactAttribute('customer.email', 'jane@example.com'), pseudonym('jane@example.com', key));
  assert.equal(r.redactAttribute('client.address', '203.0.113.77'), '203.0.113.0/24');
  assert.equal(r.redactAttribute('client.address', '2001:db8:85a3::8a2e:370:7334'), '2001:db8:85a3::/48');
  assert.equal(r.redactAttribute('lwa.refresh_token', 'Atzr|IwEBIabcdefghijklmnopqrstuvwxyz0123456789'), '[REDACTED:lwa_token]');
  assert.equal(r.redactAttribute('http.route', '/orders/:id'), '/orders/:id');
  assert.equal(r.redactAttribute('user.password_changed', true), true);
  assert.equal(r.redactAttribute('spapi.next_token', 'eyJOZXh0UGFnZVRva2VuIjoiMSJ9'), 'eyJOZXh0UGFnZVRva2VuIjoiMSJ9');
  assert.equal(r.redactAttribute('telemetry.sdk.version', '6.7.226.64'), '6.7.226.64', 'a four-part version is not an IP');
});

test('values are walked: nested maps, arrays, JSON strings, URLs, headers, numbers', () => {
  const r = createRedactor({ key });
  const out = r.redactAttribute('http.request', {
    headers: { authorization: 'Bearer abcdefghijklmnop1234', cookie: 'sid=s3cr3tvalue; theme=dark' },
    body: '{"email":"jane@example.com","password":"pw-123456","rememberMe":true}',
    url: 'https://api.example.com/reset?token=Q7BxJlYFXYwhhApmdrq&page=2',
    card: { number: 4111111111111111, last4: '1111' },
    tags: ['ok', 'from 198.51.100.23'],
  });
  assert.equal(out.headers.authorization, 'Bearer [REDACTED:bearer_token]');
  assert.equal(out.headers.cookie, 'sid=[REDACTED:cookie]; theme=[REDACTED:cookie]');
  assert.equal(out.body, `{"email":"${pseudonym('jane@example.com', key)}","password":"[REDACTED:password]","rememberMe":true}`);
  assert.equal(out.url, 'https://api.example.com/reset?token=[REDACTED:bearer_token]&page=2');
  assert.equal(out.card.number, '[REDACTED:card_number]');
  assert.equal(out.card.last4, '1111');
  assert.deepEqual(out.tags, ['ok', 'from 198.51.100.0/24']);
});

test('already redacted values stay as they are; drop removes the attribute', () => {
  const r = createRedactor({ key, policy: { actions: { password: 'drop' } } });
  assert.equal(r.redactAttribute('api.key', '[REDACTED]'), '[REDACTED]');
  assert.equal(r.redactAttribute('authorization', 'Bearer ***'), 'Bearer ***');
  assert.equal(r.redactAttribute('log', 'token=[REDACTED:bearer_token]'), 'token=[REDACTED:bearer_token]');
  assert.equal(r.redactAttribute('db.password', 'pw-123456'), undefined);
  assert.deepEqual(r.redactAttribute('db', { user: 'svc', password: 'pw-123456' }), { user: 'svc' });
});

test('redactText reports UTF-16 spans of the input', () => {
  const v = 'Gift 🎄 for Jane Doe, card 4111 1111 1111 1111, mail jane@example.com';
  const { value, spans } = redactText(v);
  for (const s of spans) assert.ok(s.end > s.start && s.end <= v.length);
  const email = spans.find((s) => s.type === 'email');
  assert.equal(v.slice(email.start, email.end), 'jane@example.com');
  const card = spans.find((s) => s.type === 'card_number');
  assert.equal(v.slice(card.start, card.end), '4111 1111 1111 1111');
  assert.ok(!value.includes('jane@example.com') && !value.includes('4111'));
  // Luhn-invalid numbers and masked cards stay
  assert.deepEqual(redactText('invoice 4111 1111 1111 1112 card ************1111').spans, []);
});

test('detectors: secrets in their usual shapes', () => {
  const cases = [
    ['-----BEGIN RSA PRIVATE KEY-----\\nMIIEpAIBAAKCAQEA3GPlmSH9NQ30D\\n-----END RSA PRIVATE KEY-----', 'private_key'],
    ['key=-----BEGIN PRIVATE KEY----- MIIEvQIBADANBgkqhkiG9w0BAQEFAASC -----END PRIVATE KEY----- loaded', 'private_key'],
    ['token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl', 'jwt'],
    ['x-amz-access-token=Atza%7CIwEBIabcdefghijklmnop', 'lwa_token'],
    ['secret amzn1.oa2-cs.v1.1485b42e46d1e045800c90798ad3b2a98099d4ec', 'api_key'],
    ['AKIAIOSFODNN7EXAMPLE', 'aws_access_key'],
    ['IBAN DE89 3704 0044 0532 0130 00', 'iban'],
    ['SSN 123-45-6789', 'ssn'],
    ['call +44 7721 856423 now', 'phone'],
    ['from fe80::1ff:fe23:4567:890a', 'ip_address'],
    ['postgres://svc:s3cr3t@db:5432/x', 'password'],
    ['mac 34:6b:38:0d:0b:4e', 'device_id'],
    ['DOB 1970-08-15', 'date_of_birth'],
    ['ghp_1VFBdfeRwXRogatfnsLn76koZvbhejSXvu34', 'api_key'],
  ];
  for (const [text, type] of cases) {
    const { spans } = redactText(text);
    assert.ok(spans.some((s) => s.type === type), `${type} in ${text}: ${JSON.stringify(spans)}`);
  }
  for (const neg of ['127.0.0.1:8080', 'order 114-3013540-4163034', 'sha256:f75b478aa4b8752a90521acecbfac82f0394858383ee5d5572569098e01a837f', '@aws-sdk/client-sqs@3.459.0', 'Deployed orders-sync 7.23.78.72']) {
    assert.deepEqual(redactText(neg).spans, [], neg);
  }
});

test('a policy is data: JSON and YAML files, merged over the default', () => {
  const dir = mkdtempSync(join(tmpdir(), 'auditel-red-'));
  const yml = join(dir, 'policy.yaml');
  writeFileSync(yml, 'actions:\n  email: mask\nkeys:\n  - type: api_key\n    match: [tenant secret hint]\ndetectors:\n  - id: ticket\n    type: api_key\n    pattern: "TKT-[0-9]{6}"\n');
  const r = createRedactor({ key, policy: yml });
  assert.equal(r.redactAttribute('user.email', 'jane@example.com'), '[REDACTED:email]');
  assert.equal(r.redactAttribute('tenantSecretHint', 'abc'), '[REDACTED:api_key]');
  assert.equal(r.redactAttribute('note', 'see TKT-123456'), 'see [REDACTED:api_key]');
  const json = join(dir, 'policy.json');
  writeFileSync(json, JSON.stringify({ disable: ['email'] }));
  assert.equal(createRedactor({ key, policy: json }).redactAttribute('msg', 'hi jane@example.com'), 'hi jane@example.com');
  assert.ok(DEFAULT_POLICY.detectors.length > 20);
  assert.equal(truncateIp('10.1.2.3'), '10.1.2.0/24');
});

test('freeText.nlp (opt-in) adds the compromise tagger for prose in message fields', () => {
  const { Engine, resolvePolicy } = require('@auditel/redaction');
  const base = new Engine(resolvePolicy());
  const nlp = new Engine(resolvePolicy({ freeText: { nlp: true } }));
  const text = 'Unlike what Christiansen said, the parcel was never opened by anyone here.';
  const a = base.detect(text, 'log.message');
  const b = nlp.detect(text, 'log.message');
  for (const s of a) assert.ok(b.some((x) => x.start <= s.start && x.end >= s.end), 'a superset of the default');
  assert.deepEqual(nlp.detect(text, 'http.route'), a, 'confined to prose fields');
});

test('actions per rule override the type action; the default policy round-trips as YAML data', () => {
  const { formatPolicy, parsePolicy, resolvePolicy } = require('@auditel/redaction');
  const r = createRedactor({
    key,
    policy: {
      keys: [{ type: 'email', match: ['contact mail'], action: 'drop' }],
      detectors: [{ id: 'order_ref', type: 'api_key', pattern: 'REF-[0-9]{6}', action: 'hash' }],
    },
  });
  assert.equal(r.redactAttribute('contactMail', 'jane@example.com'), undefined, 'rule action drop');
  assert.equal(r.redactAttribute('user.email', 'jane@example.com'), pseudonym('jane@example.com', key), 'type action hash');
  assert.equal(r.redactAttribute('msg', 'see REF-123456'), `see ${pseudonym('REF-123456', key)}`);
  const yml = formatPolicy();
  const back = resolvePolicy({ ...parsePolicy(yml), extend: false });
  assert.deepEqual(back.keys, DEFAULT_POLICY.keys);
  assert.deepEqual(back.detectors, DEFAULT_POLICY.detectors);
  assert.deepEqual(back.actions, DEFAULT_POLICY.actions);
});

test('repeated attributes come from the bounded cache with the same result; drop stays drop; pseudonyms too', () => {
  const key = Buffer.alloc(32, 9);
  const r = createRedactor({ key, policy: { actions: { password: 'drop' } } });
  const values = [
    ['http.route', '/invoices/:id'],
    ['log.message', 'mail jane@x.com from 10.1.2.3'],
    ['user.password', 'hunter2'],
    ['customer.phone', '+44 20 7946 0958'],
  ];
  for (let round = 0; round < 3; round++) {
    for (const [k, v] of values) {
      const fresh = createRedactor({ key, policy: { actions: { password: 'drop' } } }).redactAttribute(k, v);
      assert.deepEqual(r.redactAttribute(k, v), fresh, `${k} round ${round}`);
    }
  }
  assert.equal(r.redactAttribute('user.password', 'hunter2'), undefined);
  // the key is part of the cache key: the same value under a harmless key is not masked
  assert.equal(r.redactAttribute('app.note', 'hunter2'), 'hunter2');
  assert.equal(r.pseudonymize('alice', 'actor'), pseudonym('alice', key));
  assert.equal(r.pseudonymize('alice', 'actor'), pseudonym('alice', key));
  // more distinct values than the cache holds: still right after it is cleared
  for (let i = 0; i < 5000; i++) assert.equal(r.redactAttribute('app.n', `v${i}`), `v${i}`);
  assert.equal(r.redactAttribute('log.message', 'mail jane@x.com'), r.redactAttribute('log.message', 'mail jane@x.com'));
  assert.match(r.redactAttribute('log.message', 'mail jane@x.com'), /^mail hmac:[0-9a-f]{32}$/);
});

test('cacheEntries: 0 turns the cache off with the same results; a bad value is refused', () => {
  const key = Buffer.alloc(32, 3);
  const off = createRedactor({ key, cacheEntries: 0 });
  const on = createRedactor({ key });
  for (const [k, v] of [['http.route', '/a/:id'], ['log.message', 'call +44 20 7946 0958'], ['user.email', 'a@b.co']]) {
    assert.deepEqual(off.redactAttribute(k, v), on.redactAttribute(k, v));
    assert.deepEqual(off.redactAttribute(k, v), on.redactAttribute(k, v));
  }
  assert.equal(off.pseudonymize('bob', 'actor'), on.pseudonymize('bob', 'actor'));
  assert.throws(() => createRedactor({ key, cacheEntries: -1 }), /cacheEntries must be a whole number/);
  assert.throws(() => createRedactor({ key, cacheEntries: 1.5 }), /cacheEntries must be a whole number/);
});
