// Unit checks of the shared data-layer pieces: the data config, AWS operation classes, Redis
// command mapping and key handling.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveDataConfig, setDataAuditConfig, awsRecord, redisCommandRecord, redisKeyPattern, globToRegExp } from '@auditel/data-audit';

test('data config: validated with clear messages', () => {
  assert.throws(() => resolveDataConfig({ canaries: { tables: 'x' } }), /data.canaries.tables must be a list/);
  assert.throws(() => resolveDataConfig({ canaries: { rows: ['nonsense'] } }), /data.canaries.rows\[0\]/);
  assert.throws(() => resolveDataConfig({ mode: 'both' }), /data.mode must be auto, hooks or spans/);
  assert.throws(() => resolveDataConfig({ canary: {} }), /unknown option "canary"/);
  const c = resolveDataConfig({ canaries: { rows: ['shop.customers.id = 424242', { table: 'orders', column: 'ref', values: ['X-1', 7] }], s3: ['b/p/'] } });
  assert.ok(c.hasCanaries);
  assert.deepEqual([...c.canaryRows.get('customers')[0].values], ['424242']);
  assert.deepEqual([...c.canaryRows.get('orders')[0].values], ['X-1', '7']);
  assert.deepEqual(c.canaryS3, [{ bucket: 'b', prefix: 'p/' }]);
  assert.equal(resolveDataConfig(undefined).hasCanaries, false);
});

test('AWS operations: action, permission changes, account management, configuration', () => {
  const cases = [
    ['S3', 'GetObject', 'audit.data_access', 'READ'],
    ['S3', 'ListObjectsV2', 'audit.data_access', 'READ'],
    ['S3', 'PutObject', 'audit.data_access', 'CREATE'],
    ['S3', 'DeleteObject', 'audit.data_access', 'DELETE'],
    ['DynamoDB', 'UpdateItem', 'audit.data_access', 'UPDATE'],
    ['S3', 'PutBucketPolicy', 'audit.permission_change', 'GRANT'],
    ['S3', 'DeleteBucketPolicy', 'audit.permission_change', 'REVOKE'],
    ['IAM', 'AttachRolePolicy', 'audit.permission_change', 'GRANT'],
    ['IAM', 'DetachUserPolicy', 'audit.permission_change', 'REVOKE'],
    ['KMS', 'CreateGrant', 'audit.permission_change', 'GRANT'],
    ['KMS', 'RetireGrant', 'audit.permission_change', 'REVOKE'],
    ['IAM', 'CreateUser', 'audit.account_management', 'CREATE'],
    ['IAM', 'CreateAccessKey', 'audit.account_management', 'CREATE'],
    ['IAM', 'DeleteLoginProfile', 'audit.account_management', 'DELETE'],
    ['S3', 'CreateBucket', 'audit.configuration_change', 'CREATE'],
    ['DynamoDB', 'DeleteTable', 'audit.configuration_change', 'DELETE'],
    ['Lambda', 'Invoke', 'audit.data_access', 'EXECUTE'],
  ];
  for (const [svc, op, event, action] of cases) {
    const r = awsRecord(svc, op, {});
    assert.equal(r.event, event, `${svc} ${op}`);
    assert.equal(r.action, action, `${svc} ${op}`);
  }
  const s = awsRecord('SecretsManager', 'GetSecretValue', { secretArn: 'arn:aws:secretsmanager:eu-west-1:1:secret:db' });
  assert.equal(s.targetType, 'aws.secretsmanager.secret');
  assert.equal(s.attributes['aws.secretsmanager.secret.arn'], 'arn:aws:secretsmanager:eu-west-1:1:secret:db');
  assert.equal(awsRecord('S3', 'Get<script>', {}).operation, 'Unknown');
});

test('Redis commands: mapping, keys by position, never the key or a password', () => {
  setDataAuditConfig({ redis: { keyPatterns: ['user:{id}:cart'] } });
  assert.equal(redisKeyPattern('user:42:cart'), 'user:{id}:cart');
  assert.equal(redisKeyPattern('session:abc'), 'session:*');
  assert.equal(redisKeyPattern('alice@example.com:x'), '*');
  assert.equal(redisKeyPattern('plainkey'), '*');
  const m = redisCommandRecord('mset', ['a:1', 'v1', 'b:2', 'v2'], 'OK');
  assert.equal(m.action, 'UPDATE');
  assert.equal(m.affectedRows, 2);
  assert.equal(m.summary, 'MSET a:* b:*');
  const e = redisCommandRecord('EVAL', ['return 1', '2', 'k:1', 'k:2', 'arg'], 1);
  assert.equal(e.action, 'EXECUTE');
  assert.equal(e.affectedRows, 2);
  const acl = redisCommandRecord('ACL', ['SETUSER', 'bob', 'on', '>S3cret-pw', '~*', '+@all'], 'OK');
  assert.equal(acl.event, 'audit.account_management');
  assert.equal(acl.targetId, 'bob');
  assert.ok(acl.targetPersonal);
  assert.ok(!JSON.stringify(acl).includes('S3cret-pw'));
  assert.equal(redisCommandRecord('CONFIG', ['SET', 'maxmemory', '1gb'], 'OK').event, 'audit.configuration_change');
  assert.equal(redisCommandRecord('AUTH', ['default', 'pw'], 'OK'), undefined, 'AUTH is not a data record and its password never read');
  assert.equal(redisCommandRecord('FLUSHALL', [], 'OK').action, 'DELETE');
  assert.equal(redisCommandRecord('GET', ['k:1'], null).returnedRows, 0);
  assert.equal(redisCommandRecord('LRANGE', ['k:1', 0, -1], ['a', 'b', null]).returnedRows, 2);
  setDataAuditConfig(undefined);
});

test('key globs: anchored, segments, and linear on hostile keys', () => {
  const g = globToRegExp('a*b*c*d*e*f*{x}');
  const t0 = performance.now();
  for (const k of ['abcdef'.repeat(170), 'a'.repeat(1024), 'abcdef:'.repeat(140)]) g.test(k);
  assert.ok(performance.now() - t0 < 100);
  assert.equal(globToRegExp('canary:*').test('xcanary:1'), false);
  assert.equal(globToRegExp('canary:*').test('canary:'), true);
  assert.equal(globToRegExp('user:{id}:cart').test('user:42:cart'), true);
  assert.equal(globToRegExp('user:{id}:cart').test('user:4:2:cart'), false);
  assert.equal(globToRegExp('user:{id}:cart').test('user::cart'), false);
  assert.equal(globToRegExp('a*c').test('abbbc'), true);
  assert.equal(globToRegExp('a*c').test('abbbd'), false);
});

test('a bad data section stops Auditel at start with a clear message (the app itself runs on)', async () => {
  const { runApp } = await import('./harness.mjs');
  const app = await runApp("console.log('READY');", { config: { data: { canaries: { rows: ['no equals sign'] } } } });
  try {
    await app.stop();
    assert.match(app.stderr, /\[auditel\] not started: .*data\.canaries\.rows\[0\] must be "table\.column = value"/);
  } finally {
    app.cleanup();
  }
});
