// ioredis and node-redis v4/v5 under the preload, against the local Redis: commands mapped to
// READ/CREATE/UPDATE/DELETE, keys never stored (patterns and pseudonyms only), canary keys flagged.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { ensureService, runApp, unique } from '../../data-audit/test/harness.mjs';

const P = unique('aud');
const EMAIL = 'rita.redis@example.com';

before(() => ensureService('redis'));

const APP = `
const Redis = require('ioredis');
const { createClient: create5 } = require('redis');
const { createClient: create4 } = require('redis4');
const P = ${JSON.stringify(P)};
(async () => {
  const io = new Redis({ host: '127.0.0.1', port: 6379, lazyConnect: true });
  await io.connect();
  await io.set('session:' + P + ':tok123', 'v');
  await io.get('session:' + P + ':tok123');
  await io.hset('user:' + ${JSON.stringify(EMAIL)} + ':' + P, 'name', ${JSON.stringify(EMAIL)});
  await io.hgetall('user:' + ${JSON.stringify(EMAIL)} + ':' + P);
  await io.get('canary:' + P);
  await io.del('session:' + P + ':tok123', 'user:' + ${JSON.stringify(EMAIL)} + ':' + P);
  await io.hget('session:' + P + ':tok123', 'x').catch(() => {});
  await io.set('str:' + P, 'x');
  console.log('wrongtype', await io.hget('str:' + P, 'x').then(() => 'ok', (e) => e.message.split(' ')[0]));
  await io.del('str:' + P);
  io.disconnect();
  for (const [v, create] of [['5', create5], ['4', create4]]) {
    const c = create({ url: 'redis://127.0.0.1:6379' });
    await c.connect();
    await c.sAdd('set' + v + ':' + P, 'a');
    await c.sMembers('set' + v + ':' + P);
    await c.del('set' + v + ':' + P);
    await c.quit();
  }
  console.log('READY');
})().catch((e) => { console.error('APP FAILED', e); process.exit(1); });
`;

test('redis: ioredis and node-redis v4/v5 commands, key patterns, pseudonyms, canaries, errors', async () => {
  const app = await runApp(APP, { config: { data: { canaries: { redisKeys: ['canary:*'] }, redis: { keyPatterns: ['session:{sid}:*', 'user:*'] } } } });
  try {
    await app.stop();
    assert.match(app.stdout, /wrongtype WRONGTYPE/);
    const recs = app.records().filter((r) => r.a['db.system.name'] === 'redis');
    const text = app.allText();
    assert.ok(!text.includes(EMAIL), 'the e-mail in a key and a value never reaches the store');
    assert.ok(!text.includes(P), 'no key is stored as it is');
    const by = (op) => recs.filter((r) => r.a['db.operation.name'] === op);
    assert.equal(by('SET')[0].a['db.query.summary'], 'SET session:{sid}:*');
    assert.equal(by('SET')[0].a['audit.action'], 'UPDATE');
    assert.match(by('SET')[0].a['audit.target.id'], /^hmac:/);
    assert.equal(by('GET')[0].a['audit.action'], 'READ');
    assert.equal(by('GET')[0].a['db.response.returned_rows'], 1);
    assert.equal(by('HGETALL')[0].a['db.query.summary'], 'HGETALL user:*');
    const canary = by('GET').find((r) => r.a['audit.canary'] === true);
    assert.ok(canary, 'canary key flagged');
    assert.equal(canary.a['db.query.summary'], 'GET canary:*');
    const del = by('DEL')[0];
    assert.equal(del.a['audit.action'], 'DELETE');
    assert.equal(del.a['audit.target.count'], 2);
    const err = recs.find((r) => r.a['error.type'] === 'WRONGTYPE');
    assert.equal(err?.a['audit.outcome'], 'failure');
    // node-redis v5 and v4
    const sadd = by('SADD');
    assert.equal(sadd.length, 2, 'SADD from redis v5 and v4');
    assert.equal(sadd[0].a['audit.action'], 'CREATE');
    assert.equal(by('SMEMBERS').length, 2);
    assert.equal(by('SMEMBERS')[0].a['db.response.returned_rows'], 1);
    assert.ok(!recs.some((r) => ['HELLO', 'PING', 'AUTH', 'SELECT', 'CLIENT', 'QUIT'].includes(r.a['db.operation.name'])));
  } finally {
    await app.stop();
    app.cleanup();
  }
});
