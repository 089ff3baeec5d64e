import { test } from 'node:test';
import assert from 'node:assert/strict';
import { audit, flush, buildAuditRecord, AuditNotConfiguredError, getAuditSink } from '@auditel/api';

test('without an SDK, audit() is a no-op, commit() rejects (fail closed), flush() resolves', async () => {
  assert.equal(getAuditSink(), undefined);
  assert.equal(audit({ event: 'audit.authentication', action: 'LOGIN', outcome: 'success' }), undefined);
  await assert.rejects(audit.commit({ event: 'audit.authentication', action: 'LOGIN', outcome: 'success' }), AuditNotConfiguredError);
  await flush();
});

test('an event maps onto the draft attributes; user ids are pseudonymised, service ids kept', () => {
  const redactor = { redactAttribute: (k, v) => (k === 'secret' ? undefined : v), pseudonymize: (v) => `p(${v})` };
  const r = buildAuditRecord(
    {
      event: 'audit.authorization',
      action: 'read',
      outcome: 'failure',
      actor: { id: 'alice', type: 'user', roles: ['viewer'] },
      target: { type: 'invoice', id: 'inv-7', count: 3 },
      source: { id: '203.0.113.9', type: 'ipv4' },
      rule: { permission: 'invoices:read', id: 'policy-17' },
      canary: true,
      errorType: 'forbidden',
      changedFields: ['email'],
      time: '2026-11-25T10:00:00.000Z',
      recordId: '7d8e4b6a-1f2c-4d3e-8a9b-0c1d2e3f4a5b',
      attributes: { 'http.route': '/invoices/:id', secret: 'x', nested: { ok: [1, 2.5, true] } },
    },
    redactor,
  );
  assert.deepEqual(r.problems, []);
  assert.equal(r.eventName, 'audit.authorization');
  assert.equal(r.timestamp, Date.parse('2026-11-25T10:00:00.000Z'));
  assert.deepEqual(r.attributes, {
    'audit.record.id': '7d8e4b6a-1f2c-4d3e-8a9b-0c1d2e3f4a5b',
    'user.roles': ['viewer'],
    'audit.actor.id': 'p(alice)',
    'audit.actor.type': 'user',
    'audit.action': 'READ',
    'audit.outcome': 'failure',
    'audit.target.type': 'invoice',
    'audit.target.id': 'inv-7',
    'audit.target.count': 3,
    'audit.source.id': 'p(203.0.113.9)',
    'audit.source.type': 'ipv4',
    'audit.authz.permission': 'invoices:read',
    'audit.authz.rule': 'policy-17',
    'audit.canary': true,
    'error.type': 'forbidden',
    'audit.changed_fields': ['email'],
    'http.route': '/invoices/:id',
    nested: { ok: [1, 2.5, true] },
    'audit.schema.version': '1.0',
  });
  const svc = buildAuditRecord({ event: 'audit.data_access', action: 'READ', outcome: 'success', actor: { id: 'billing-job', type: 'service' } }, redactor);
  assert.equal(svc.attributes['audit.actor.id'], 'billing-job');
  const anon = buildAuditRecord({ event: 'audit.api_request', action: 'READ', outcome: 'success' }, redactor);
  assert.equal(anon.attributes['audit.actor.id'], 'anonymous');
});

const SECRET = 'do-not-log-this-value';
const circular = { name: SECRET };
circular.self = circular;
const bad = [
  ['missing everything', {}],
  ['not an object', 42],
  ['null', null],
  ['wrong types', { event: 7, action: {}, outcome: SECRET }],
  ['unknown outcome', { event: 'audit.authentication', action: 'LOGIN', outcome: SECRET }],
  ['event outside the namespace', { event: SECRET, action: 'LOGIN', outcome: 'success' }],
  ['a getter that throws', { get event() { throw new Error(SECRET); }, action: 'LOGIN', outcome: 'success' }],
  ['a revoked proxy', (() => { const p = Proxy.revocable({}, {}); p.revoke(); return p.proxy; })()],
];
for (const [name, input] of bad) {
  test(`audit() input with ${name} becomes an audit.system_error naming the problem, not the value`, () => {
    const r = buildAuditRecord(input);
    assert.equal(r.eventName, 'audit.system_error');
    assert.equal(r.attributes['audit.outcome'], 'failure');
    assert.equal(r.attributes['error.type'], 'invalid_audit_event');
    assert.ok(r.problems.length > 0);
    assert.ok(!JSON.stringify(r).includes(SECRET), 'the offending value must not be recorded');
  });
}

test('bad optional fields are left out and listed; the record stays well-formed', () => {
  const huge = 'x'.repeat(10 * 1024 * 1024);
  const r = buildAuditRecord({
    event: 'audit.data_access',
    action: 'READ',
    outcome: 'success',
    actor: { id: huge },
    time: 'not a time',
    recordId: 'not-a-uuid',
    target: { count: -1 },
    attributes: {
      circular,
      big: 10n,
      sym: Symbol('s'),
      fn: () => SECRET,
      huge,
      nan: Number.NaN,
      date: new Date('2026-01-02T03:04:05Z'),
      err: new Error(SECRET),
      deep: { a: { b: { c: { d: { e: { f: { g: { h: { i: 1 } } } } } } } } },
      ok: 'kept',
      'audit.sequence.number': 99,
    },
  });
  assert.equal(r.eventName, 'audit.data_access');
  assert.equal(r.timestamp, undefined);
  assert.equal(r.attributes.ok, 'kept');
  assert.equal(r.attributes.date, '2026-01-02T03:04:05.000Z');
  assert.deepEqual(r.attributes.circular, { name: SECRET }); // the cycle is cut, the rest kept
  for (const k of ['big', 'sym', 'fn', 'huge', 'nan', 'err', 'audit.sequence.number']) assert.ok(!(k in r.attributes), k);
  assert.equal(r.attributes['audit.actor.id'], 'anonymous');
  assert.ok(!JSON.stringify(r.attributes).includes('xxxxxxxxxx'));
  const problems = r.attributes['audit.input.problems'];
  for (const p of ['actor.id', 'time', 'recordId', 'target.count', 'attributes.circular.self', 'attributes.big', 'attributes.sym', 'attributes.fn', 'attributes.huge', 'attributes.nan', 'attributes.err', 'attributes.deep', 'attributes.audit.sequence.number']) {
    assert.ok(problems.some((x) => x.startsWith(p + ':') || x.startsWith(p + '.')), `problem listed for ${p}: ${problems.join(' | ')}`);
  }
});

test('building a record costs a few microseconds (sanity bound, not a benchmark)', () => {
  const e = { event: 'audit.data_access', action: 'READ', outcome: 'success', actor: { id: 'svc', type: 'service' }, attributes: { 'db.system.name': 'postgresql', 'db.collection.name': 'users' } };
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < 20000; i++) buildAuditRecord(e);
  const us = Number(process.hrtime.bigint() - t0) / 1000 / 20000;
  assert.ok(us < 200, `${us} µs per record`);
});
