// Pure helpers and the span-derived mode (AuditSpanProcessor) in process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setAuditSink, clearAuditSink } from '@auditel/api';
import { templatePath, actionFromMethod, clientAddress, parseForwarded, truncateIp, jwtSubject, basicUser, AuditSpanProcessor, auditelRequestHook, HttpPolicy } from '@auditel/instrumentation-http';

test('templatePath: ids, uuids, hashes, emails and long tokens become :id; query dropped', () => {
  assert.equal(templatePath('/users/42/orders?x=1'), '/users/:id/orders');
  assert.equal(templatePath('/a/3f2504e0-4f89-11d3-9a0c-0305e82c3301/b'), '/a/:id/b');
  assert.equal(templatePath('/u/john@example.com'), '/u/:id');
  assert.equal(templatePath('/h/deadbeefcafe'), '/h/:id');
  assert.equal(templatePath('/v1/users'), '/v1/users');
  assert.equal(templatePath('http://host/x/1'), '/x/:id');
  assert.equal(templatePath('/t/' + 'a'.repeat(40)), '/t/:id');
  assert.ok(templatePath('/' + 'a/'.repeat(3000)).endsWith('/:truncated'));
  // the edges of each rule: all digits, 8+ hex digits, 8+ characters with a digit, @ % =, over 32 characters
  assert.equal(templatePath('/a/7/'), '/a/:id/');
  assert.equal(templatePath('/a/deadbee/b'), '/a/deadbee/b', 'seven hex digits stay');
  assert.equal(templatePath('/a/DEADBEEF'), '/a/:id');
  assert.equal(templatePath('/a/abcdefg1'), '/a/:id');
  assert.equal(templatePath('/a/abcdef1'), '/a/abcdef1', 'seven characters with a digit stay');
  assert.equal(templatePath('/a/x=y/b%20c'), '/a/:id/:id');
  assert.equal(templatePath('/a/' + 'g'.repeat(32)), '/a/' + 'g'.repeat(32));
  assert.equal(templatePath('//x#frag/1'), '//x');
  assert.equal(templatePath('/12/34'), '/:id/:id');
});

test('actionFromMethod', () => {
  assert.deepEqual(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'BREW'].map(actionFromMethod), ['READ', 'READ', 'CREATE', 'UPDATE', 'UPDATE', 'DELETE', 'EXECUTE']);
});

test('client address: trusted proxies only; nearest untrusted hop; malformed headers fall back to the peer', () => {
  const { trusted } = new HttpPolicy({ trustedProxies: ['127.0.0.1', '10.0.0.0/8'] });
  assert.deepEqual(clientAddress('127.0.0.1', undefined, '198.51.100.1, 203.0.113.5, 10.0.0.2', trusted), { ip: '203.0.113.5', invalid: false });
  assert.deepEqual(clientAddress('::ffff:127.0.0.1', 'for=192.0.2.60;proto=http, for="[2001:db8::1]:80"', undefined, trusted), { ip: '2001:db8::1', invalid: false });
  assert.deepEqual(clientAddress('192.0.2.1', undefined, '6.6.6.6', trusted), { ip: '192.0.2.1', invalid: false });
  assert.deepEqual(clientAddress('127.0.0.1', 'for=;;', undefined, trusted), { ip: '127.0.0.1', invalid: true });
  assert.deepEqual(parseForwarded('for=unknown;by=x'), ['unknown']);
  assert.equal(parseForwarded('by=x'), undefined);
  assert.equal(truncateIp('203.0.113.77'), '203.0.113.0/24');
  assert.equal(truncateIp('2001:db8:cafe:1::17'), '2001:db8:cafe::/48');
  assert.equal(truncateIp('::1'), '0:0:0::/48');
});

test('identity: JWT sub decoded not verified; Basic user only; junk gives nothing', () => {
  const tok = (p) => `Bearer x.${Buffer.from(JSON.stringify(p)).toString('base64url')}.sig`;
  assert.equal(jwtSubject(tok({ sub: 'u-1' })), 'u-1');
  assert.equal(jwtSubject(tok({ sub: 7 })), '7');
  assert.equal(jwtSubject(tok({ nosub: 1 })), undefined);
  assert.equal(jwtSubject('Bearer a.b'), undefined);
  assert.equal(jwtSubject('Bearer a.!!.c'), undefined);
  assert.equal(basicUser('Basic ' + Buffer.from('ann:secret').toString('base64')), 'ann');
  assert.equal(basicUser('Basic ' + Buffer.from(':secret').toString('base64')), undefined);
  const p = new HttpPolicy({ identity: { nonPersonal: ['^svc-'] } });
  assert.deepEqual(p.headerActor({ authorization: tok({ sub: 'svc-billing' }) }).actor, { id: 'svc-billing', type: 'service', personal: false });
  assert.match(p.headerActor({ 'x-api-key': 'k-123' }).actor.id, /^apikey:[0-9a-f]{16}$/);
});

test('AuditSpanProcessor: ended SERVER/CLIENT HTTP spans become records; identity from the request hook; OTLP calls skipped', () => {
  const events = [];
  const sink = { record: (e) => events.push(e), commit: async () => ({}), flush: async () => {} };
  assert.ok(setAuditSink(sink));
  try {
    const proc = new AuditSpanProcessor({ otlpUrl: 'http://collector:4318/v1/logs', serviceName: 'svc' });
    const ctx = (id) => ({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: id, traceFlags: 1 });
    const span = (kind, id, attributes, code = 0) => ({ kind, attributes, status: { code }, startTime: [1764000000, 0], duration: [0, 5e6], spanContext: () => ctx(id) });
    const s1 = span(1, 'b7ad6b7169203331', { 'http.request.method': 'GET', 'http.route': '/users/:id', 'url.path': '/users/42', 'http.response.status_code': 403, 'client.address': '192.0.2.4' });
    auditelRequestHook(s1, { headers: { authorization: 'Basic ' + Buffer.from('zoe:pw').toString('base64') }, socket: { remoteAddress: '192.0.2.9' } });
    proc.onEnd(s1);
    proc.onEnd(span(2, 'c7ad6b7169203331', { 'http.request.method': 'POST', 'server.address': 'api.example.com', 'server.port': 443, 'url.full': 'https://api.example.com/v2/pay/991', 'http.response.status_code': 502 }));
    proc.onEnd(span(2, 'd7ad6b7169203331', { 'http.request.method': 'POST', 'server.address': 'collector', 'server.port': 4318 }));
    proc.onEnd(span(0, 'e7ad6b7169203331', { foo: 1 }));
    assert.equal(events.length, 3);
    const [api, authz, client] = events;
    assert.equal(api.event, 'audit.api_request');
    assert.equal(api.attributes['http.route'], '/users/:id');
    assert.equal(api.attributes['url.path'], '/users/:id');
    assert.deepEqual(api.actor, { id: 'zoe', type: 'user' });
    assert.deepEqual(api.source, { id: '192.0.2.9', type: 'ipv4' });
    assert.equal(api.outcome, 'failure');
    assert.equal(authz.event, 'audit.authorization');
    assert.equal(client.attributes['audit.api.scope'], 'external');
    assert.equal(client.attributes['url.template'], '/v2/pay/:id');
    assert.equal(client.errorType, '502');
    assert.equal(client.outcome, 'failure');
  } finally {
    clearAuditSink(sink);
  }
});

test('configuration problems are reported, not thrown: unknown options, bad policy, bad proxies, bad patterns', () => {
  const p = new HttpPolicy({ clientAdress: 'keep', clientAddress: 'raw', trustedProxies: ['10.0.0.0/99', 'nope'], identity: { nonPersonal: ['('] }, sampleRate: 2 });
  assert.equal(p.addressPolicy, 'hmac');
  assert.equal(p.sampleRate, 1);
  assert.equal(p.problems.length, 5, p.problems.join('\n'));
  assert.match(p.problems[0], /unknown option "clientAdress"/);
});
