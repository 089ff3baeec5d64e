// The span-derived mode: the first span of OpenTelemetry's pg instrumentation makes Auditel's pg
// hook stand down; spans become records (classified, the query text never kept); spans started
// inside Auditel's own hooked call are skipped. Structural fake spans, no SDK needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AuditelDataSpanProcessor, hookActive, inHook, recordFromSpan, standDown } from '@auditel/data-audit';

const span = (attrs, scope = '@opentelemetry/instrumentation-pg', code = 0) => ({
  name: 'pg.query',
  kind: 2,
  attributes: attrs,
  status: { code },
  instrumentationScope: { name: scope },
  spanContext: () => ({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1 }),
});

test('an OTel pg span makes the pg hook stand down; other libraries keep hooking', () => {
  standDown('pg', false);
  const p = new AuditelDataSpanProcessor();
  inHook('pg', () => p.onStart(span({})));
  assert.equal(hookActive('pg'), false, 'a span inside our own hooked call: that call is ours, the next ones are the spans');
  standDown('pg', false);
  p.onStart(span({ 'db.query.text': 'SELECT 1' }));
  assert.equal(hookActive('pg'), false);
  assert.equal(hookActive('mysql2'), true);
  p.onStart(span({}, '@opentelemetry/instrumentation-http'));
  assert.equal(hookActive('mysql2'), true);
  standDown('pg', false);
});

test('records from spans: classified, literal-free, failures kept', () => {
  const r = recordFromSpan('pg', span({ 'db.system.name': 'postgresql', 'db.namespace': 'shop', 'db.query.text': "UPDATE customers SET email = 'a@b.example' WHERE id = 7", 'server.address': 'db1', 'db.response.returned_rows': 0 }));
  assert.equal(r.event, 'audit.data_access');
  assert.equal(r.action, 'UPDATE');
  assert.deepEqual(r.collections, ['customers']);
  assert.equal(r.namespace, 'shop');
  assert.equal(r.summary, 'UPDATE customers');
  assert.ok(!JSON.stringify(r).includes('a@b.example'));
  const f = recordFromSpan('mysql2', span({ 'db.query.text': 'GRANT SELECT ON t TO bob', 'error.type': 'ER_ACCESS_DENIED_ERROR' }, '@opentelemetry/instrumentation-mysql2', 2));
  assert.equal(f.event, 'audit.permission_change');
  assert.equal(f.outcome, 'failure');
  assert.equal(f.errorType, 'ER_ACCESS_DENIED_ERROR');
  assert.equal(recordFromSpan('pg', span({})), undefined, 'connect spans are not records');
  const a = recordFromSpan('aws-sdk', span({ 'rpc.service': 'S3', 'rpc.method': 'PutBucketPolicy', 'aws.s3.bucket': 'b', 'cloud.region': 'eu-west-1' }, '@opentelemetry/instrumentation-aws-sdk'));
  assert.equal(a.event, 'audit.permission_change');
  assert.equal(a.action, 'GRANT');
});
