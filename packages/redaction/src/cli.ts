/**
 * `auditel redact [--spans]`: JSON lines `{"field": "...", "value": "..."}` in, one JSON line per
 * input line out, in order. With `spans`: `{"value": "<redacted>", "spans": [{start, end, type}]}`;
 * without: the redacted value as a JSON string. Bad lines are reported on stderr with their line
 * number and processing continues; the exit code is 0 when every line was processed, 1 otherwise.
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { redactText } from './index.js';

export interface RedactCliOptions {
  spans: boolean;
}

export async function redactSpansCli(stdin: Readable, stdout: Writable, stderr: Writable, options: RedactCliOptions = { spans: false }): Promise<number> {
  const rl = createInterface({ input: stdin, crlfDelay: Infinity });
  let lineNo = 0;
  let bad = 0;
  for await (const line of rl) {
    lineNo++;
    if (line.trim() === '') continue;
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch (e) {
      bad++;
      stderr.write(`auditel redact: line ${lineNo}: not valid JSON (${(e as Error).message})\n`);
      continue;
    }
    if (!obj || typeof obj !== 'object' || Array.isArray(obj) || typeof (obj as { value?: unknown }).value !== 'string') {
      bad++;
      stderr.write(`auditel redact: line ${lineNo}: expected an object with a string "value" (and optional string "field")\n`);
      continue;
    }
    const o = obj as { field?: unknown; value: string };
    if (o.field !== undefined && o.field !== null && typeof o.field !== 'string') {
      bad++;
      stderr.write(`auditel redact: line ${lineNo}: "field" must be a string\n`);
      continue;
    }
    const r = redactText(o.value, { field: typeof o.field === 'string' ? o.field : undefined });
    const out = options.spans ? JSON.stringify({ value: r.value, spans: r.spans }) : JSON.stringify(r.value);
    if (!stdout.write(out + '\n')) await new Promise<void>((res) => stdout.once('drain', () => res()));
  }
  return bad > 0 ? 1 : 0;
}
