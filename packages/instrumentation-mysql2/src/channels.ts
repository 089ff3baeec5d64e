/**
 * mysql2 >= 3.15 publishes TracingChannels (`mysql2:query`, `mysql2:execute`). They reach module
 * instances the require/import hooks cannot: `import mysql from 'mysql2/promise'` in an ES module
 * loads mysql2's core through Node's ESM loader, where neither require-in-the-middle nor
 * import-in-the-middle (by package name) sees it, so that copy stays unpatched. Calls that went
 * through Auditel's wrapper are skipped here (the wrapper is on the stack when `start` fires).
 */
import * as dc from 'node:diagnostics_channel';
import { captureStart, recordSafely, hookActive, inHookDepth, type CallStart } from '@auditel/data-audit';
import { queryRecord } from './utils.js';

interface ChannelContext {
  query?: unknown;
  values?: unknown;
  database?: unknown;
  serverAddress?: unknown;
  serverPort?: unknown;
  result?: unknown;
  error?: unknown;
}

const KEY = Symbol('auditel.mysql2.channel');

type Tracked = ChannelContext & { [KEY]?: { start: CallStart; text: string } };

function onStart(message: unknown): void {
  const ctx = message as Tracked;
  if (inHookDepth('mysql2') > 0 || !hookActive('mysql2') || typeof ctx.query !== 'string') return;
  ctx[KEY] = { start: captureStart(), text: ctx.query };
}

function onAsyncEnd(message: unknown): void {
  const ctx = message as Tracked;
  const t = ctx[KEY];
  if (t === undefined) return;
  ctx[KEY] = undefined;
  const conn = {
    config: {
      database: typeof ctx.database === 'string' ? ctx.database : undefined,
      host: typeof ctx.serverAddress === 'string' ? ctx.serverAddress : undefined,
      port: typeof ctx.serverPort === 'number' ? ctx.serverPort : undefined,
    },
  };
  recordSafely(t.start, () => queryRecord(conn, t.text, ctx.values, ctx.error, ctx.result));
}

const handlers = { start: onStart, asyncEnd: onAsyncEnd, end: () => {}, asyncStart: () => {}, error: () => {} };
let subscribed = false;

export function subscribeChannels(): void {
  if (subscribed || typeof dc.tracingChannel !== 'function') return;
  subscribed = true;
  for (const name of ['mysql2:query', 'mysql2:execute']) dc.tracingChannel(name).subscribe(handlers);
}

export function unsubscribeChannels(): void {
  if (!subscribed) return;
  subscribed = false;
  for (const name of ['mysql2:query', 'mysql2:execute']) dc.tracingChannel(name).unsubscribe(handlers);
}
