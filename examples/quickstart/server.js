// A small HTTP service audited by Auditel. Start it under the preload:
//   node --require @auditel/node/register server.js
// The preload starts Auditel (store in ./.auditel); this file only calls audit() for what no hook
// can see: a login decision and a permission change.
const http = require('node:http');
const { audit } = require('@auditel/api');

const users = { alice: { password: 'wonderland', roles: ['admin'] }, bob: { password: 'builder', roles: ['viewer'] } };

function readJson(req) {
  return new Promise((resolve) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      try {
        resolve(JSON.parse(body || '{}'));
      } catch {
        resolve({});
      }
    });
  });
}

function reply(res, status, data) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(data));
}

const server = http.createServer(async (req, res) => {
  const source = { id: req.socket.remoteAddress, type: req.socket.remoteFamily === 'IPv6' ? 'ipv6' : 'ipv4' };
  if (req.method === 'GET' && req.url === '/health') return reply(res, 200, { ok: true });

  if (req.method === 'POST' && req.url === '/login') {
    const { user, password } = await readJson(req);
    const ok = users[user]?.password === password;
    // Fire-and-forget: the user id is pseudonymised and the password never reaches the record.
    audit({
      event: 'audit.authentication',
      action: 'LOGIN',
      outcome: ok ? 'success' : 'failure',
      actor: { id: String(user ?? 'unknown'), type: 'user' },
      source,
      errorType: ok ? undefined : 'invalid_credentials',
    });
    return reply(res, ok ? 200 : 401, { ok });
  }

  if (req.method === 'POST' && req.url === '/admin/grant') {
    const { admin, user, role } = await readJson(req);
    const allowed = users[admin]?.roles.includes('admin') ?? false;
    try {
      // Fail closed: the change happens only once its audit record is durable.
      await audit.commit({
        event: 'audit.permission_change',
        action: 'GRANT',
        outcome: allowed ? 'success' : 'failure',
        actor: { id: String(admin), type: 'user' },
        target: { type: 'user', id: String(user), personal: true },
        rule: { permission: 'users:grant-role' },
        changedFields: ['roles'],
        attributes: { 'app.role': String(role) },
        source,
      });
    } catch {
      return reply(res, 503, { error: 'audit unavailable; change refused' });
    }
    if (!allowed) return reply(res, 403, { ok: false });
    users[user]?.roles.push(String(role));
    return reply(res, 200, { ok: true });
  }
  reply(res, 404, { error: 'not found' });
});

server.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  console.log(`quickstart listening on http://127.0.0.1:${server.address().port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
