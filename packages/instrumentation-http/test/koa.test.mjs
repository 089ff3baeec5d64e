// koa + @koa/router: routes from ctx._matchedRoute. The ESM case only works because --import
// registers import-in-the-middle's loader with its message channel (a bare CJS hook would be a no-op).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, req, jwt, apiRecords } from './helpers.mjs';

for (const file of ['koa-app.mjs', 'koa-app.cjs']) {
  test(`${file}: koa-router route templates, identity, 401`, async () => {
    const app = await startApp(file);
    try {
      assert.equal(await req(`${app.url}/api/users/31337`, { headers: { authorization: `Bearer ${jwt({ sub: 'erin' })}` } }), 200);
      assert.equal(await req(`${app.url}/api/secret`), 401);
      assert.equal(await req(`${app.url}/api/profiles/frank`), 200);
      await app.stop();
      const records = app.records();
      const api = apiRecords(records);
      assert.equal(api[0].a['http.route'], '/api/users/:id');
      assert.match(api[0].a['audit.actor.id'], /^hmac:/);
      assert.equal(api[1].a['http.route'], '/api/secret');
      assert.equal(api[2].a['http.route'], '/api/profiles/:handle', 'the template from koa-router, not the path');
      assert.equal(records.filter((r) => r.event === 'audit.authentication').length, 1);
      assert.ok(!records.some((r) => r.raw.includes('31337') || r.raw.includes('erin')));
    } finally {
      await app.stop();
      app.cleanup();
    }
  });
}

test('koa-app.mjs under --require only: still audited, but koa routes need the --import loader', async () => {
  const app = await startApp('koa-app.mjs', { preload: '--require' });
  try {
    await req(`${app.url}/api/profiles/frank`);
    await app.stop();
    const [r] = apiRecords(app.records());
    // Without the loader koa cannot be hooked from ESM: the route falls back to the templated path.
    assert.equal(r.a['http.route'], '/api/profiles/frank');
    assert.equal(r.a['audit.outcome'], 'success');
  } finally {
    await app.stop();
    app.cleanup();
  }
});
