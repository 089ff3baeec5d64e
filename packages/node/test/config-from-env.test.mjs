import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { configFromEnv, parseKeyValueList, AuditelEnvError } from '@auditel/node';
import { tempDir } from '../../../test/helpers/store.mjs';

test('environment: store folder, durability, resource, service name and OTLP shipping', (t) => {
  const cwd = tempDir(t);
  const c = configFromEnv(
    {
      AUDITEL_DIR: 'audit',
      AUDITEL_DURABILITY: 'sync',
      OTEL_SERVICE_NAME: 'shop',
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=prod,team=a%2Cb',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer%20abc',
      AUDITEL_OTLP_PATH: '/v1/audit',
    },
    cwd,
  );
  assert.equal(c.dir, join(cwd, 'audit'));
  assert.equal(c.durability, 'sync');
  assert.equal(c.serviceName, 'shop');
  assert.deepEqual(c.resource, { 'deployment.environment.name': 'prod', team: 'a,b' });
  assert.deepEqual(c.shipping, { endpoint: 'http://collector:4318', path: '/v1/audit', headers: { authorization: 'Bearer abc' } });
  const logsUrl = configFromEnv({ OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: 'https://c/custom/logs' }, cwd);
  assert.equal(logsUrl.shipping.url, 'https://c/custom/logs');
  assert.equal(configFromEnv({}, cwd).shipping, undefined, 'no endpoint: no shipping');
});

test('AUDITEL_CONFIG: YAML and JSON files, overlaid by the environment', (t) => {
  const cwd = tempDir(t);
  writeFileSync(join(cwd, 'audit.yaml'), 'dir: /var/audit\nretentionDays: 120\ncheckpoint:\n  everyRecords: 50\n');
  writeFileSync(join(cwd, 'audit.json'), JSON.stringify({ durability: 'sync', serviceName: 'from-file' }));
  const y = configFromEnv({ AUDITEL_CONFIG: 'audit.yaml' }, cwd);
  assert.equal(y.dir, '/var/audit');
  assert.equal(y.retentionDays, 120);
  assert.deepEqual(y.checkpoint, { everyRecords: 50 });
  const j = configFromEnv({ AUDITEL_CONFIG: 'audit.json', OTEL_SERVICE_NAME: 'env-wins' }, cwd);
  assert.equal(j.durability, 'sync');
  assert.equal(j.serviceName, 'env-wins');
});

test('bad input is refused with a message that names it', (t) => {
  const cwd = tempDir(t);
  writeFileSync(join(cwd, 'bad.yaml'), 'dir: [unclosed\n');
  assert.throws(() => configFromEnv({ AUDITEL_CONFIG: 'bad.yaml' }, cwd), (e) => e instanceof AuditelEnvError && /not valid YAML/.test(e.message));
  assert.throws(() => configFromEnv({ AUDITEL_CONFIG: 'missing.json' }, cwd), /cannot read/);
  assert.throws(() => configFromEnv({ AUDITEL_DURABILITY: 'eventually' }, cwd), /AUDITEL_DURABILITY must be "async" or "sync"/);
  assert.throws(() => parseKeyValueList('novalue', 'OTEL_RESOURCE_ATTRIBUTES'), /not key=value/);
  assert.throws(() => parseKeyValueList('k=%zz', 'OTEL_EXPORTER_OTLP_HEADERS'), /percent-encoding/);
});
