// Auditel inside an application's existing OpenTelemetry NodeSDK: the same processors, passed in logRecordProcessors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { SimpleLogRecordProcessor, InMemoryLogRecordExporter } from '@opentelemetry/sdk-logs';
import { SimpleSpanProcessor, InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { logs, trace } from '@opentelemetry/api';
import { audit, flush } from '@auditel/api';
import { Auditel } from '@auditel/sdk';
import { readStore, a, tempDir } from '../../../test/helpers/store.mjs';

test('inside NodeSDK: audit records are chained and stored, carry the trace, and the app exporter sees them; app logs are untouched', async (t) => {
  const dir = tempDir(t);
  const auditel = new Auditel({ dir, handleProcessExit: false });
  const appLogs = new InMemoryLogRecordExporter();
  const sdk = new NodeSDK({
    serviceName: 'shop',
    autoDetectResources: false,
    instrumentations: [],
    metricReaders: [],
    spanProcessors: [new SimpleSpanProcessor({ exporter: new InMemorySpanExporter() })],
    logRecordProcessors: [...auditel.processors, new SimpleLogRecordProcessor({ exporter: appLogs })],
  });
  sdk.start();
  auditel.start();
  let traceId;
  trace.getTracer('app').startActiveSpan('checkout', (span) => {
    traceId = span.spanContext().traceId;
    audit({ event: 'audit.data_access', action: 'READ', outcome: 'success', actor: { id: 'svc-1', type: 'service' } });
    span.end();
  });
  logs.getLogger('app').emit({ body: 'ordinary application log', attributes: { k: 'v' } });
  await flush();
  const recs = readStore(dir);
  const rec = recs.find((r) => r.record.eventName === 'audit.data_access');
  assert.ok(rec, 'stored');
  assert.equal(rec.record.traceId, traceId, 'trace id from the active span');
  assert.equal(a(rec, 'audit.sequence.number'), 2);
  assert.ok(!recs.some((r) => r.text.includes('ordinary application log')), 'app logs are not audit records');
  const exported = appLogs.getFinishedLogRecords();
  const same = exported.find((r) => r.eventName === 'audit.data_access');
  assert.equal(same.attributes['audit.sequence.number'], 2, "the app's exporter sees the chained record");
  assert.ok(exported.some((r) => r.body === 'ordinary application log'));
  await auditel.shutdown();
  await sdk.shutdown();
});

test('misconfigured (processors not in the LoggerProvider): commit() rejects and audit() is reported, never silent', async (t) => {
  const { LoggerProvider } = await import('@opentelemetry/sdk-logs');
  const dir = tempDir(t);
  const auditel = new Auditel({ dir, handleProcessExit: false });
  const saved = process.env.AUDITEL_DIAGNOSTICS;
  process.env.AUDITEL_DIAGNOSTICS = 'off';
  t.after(() => {
    process.env.AUDITEL_DIAGNOSTICS = saved;
    return auditel.shutdown();
  });
  auditel.start(new LoggerProvider({ processors: [] }));
  await assert.rejects(audit.commit({ event: 'audit.authentication', action: 'LOGIN', outcome: 'success' }), /did not reach the Auditel store/);
  audit({ event: 'audit.authentication', action: 'LOGIN', outcome: 'success' });
  await new Promise((r) => setImmediate(r)); // audit() records are emitted at the end of the turn
  assert.ok(auditel.diagnostics.counter('notStored') >= 2);
  assert.ok(auditel.diagnostics.reports.some((r) => /did not reach the store/.test(r)));
});

test("an app's LoggerProvider with a low attribute count limit: audit records and checkpoints keep every attribute, and the store verifies", async (t) => {
  const { LoggerProvider } = await import('@opentelemetry/sdk-logs');
  const { verifyStore } = await import('@auditel/sdk');
  const dir = tempDir(t);
  const auditel = new Auditel({ dir, handleProcessExit: false });
  const provider = new LoggerProvider({ logRecordLimits: { attributeCountLimit: 12 }, processors: auditel.processors });
  auditel.start(provider);
  const attributes = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`app.field_${String(i).padStart(2, '0')}`, i]));
  for (let i = 0; i < 3; i++) audit({ event: 'audit.data_access', action: 'READ', outcome: 'success', actor: { id: 'svc-1', type: 'service' }, attributes });
  await flush();
  await auditel.shutdown();
  const recs = readStore(dir).filter((r) => r.record.eventName === 'audit.data_access');
  assert.equal(recs.length, 3);
  for (const rec of recs) {
    assert.equal(typeof a(rec, 'audit.sequence.number'), 'number', 'sequence number kept over the limit');
    assert.equal(typeof a(rec, 'audit.sequence.previous_hash'), 'string', 'previous hash kept over the limit');
    assert.equal(a(rec, 'audit.sequence.stream_id'), auditel.streamId);
    assert.equal(a(rec, 'app.field_19'), 19, 'no attribute of the event cut off by the limit');
  }
  const report = verifyStore(dir);
  assert.equal(report.ok, true, JSON.stringify(report.breaks));
});

test("an app's processor placed before Auditel's: the attributes it adds stay on the audit record, chained", async (t) => {
  const { LoggerProvider } = await import('@opentelemetry/sdk-logs');
  const dir = tempDir(t);
  const auditel = new Auditel({ dir, handleProcessExit: false });
  const tagger = { onEmit: (r) => r.setAttribute('deployment.environment.name', 'staging'), forceFlush: async () => {}, shutdown: async () => {} };
  auditel.start(new LoggerProvider({ processors: [tagger, ...auditel.processors] }));
  audit({ event: 'audit.data_access', action: 'READ', outcome: 'success', actor: { id: 'svc-1', type: 'service' }, attributes: { 'app.field': 1 } });
  await flush();
  await auditel.shutdown();
  const rec = readStore(dir).find((r) => r.record.eventName === 'audit.data_access');
  assert.equal(a(rec, 'deployment.environment.name'), 'staging');
  assert.equal(a(rec, 'app.field'), 1);
  assert.equal(typeof a(rec, 'audit.sequence.number'), 'number');
});
