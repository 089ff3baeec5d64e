/** `auditel redact [--spans]`: the redaction engine over JSON lines on stdin (see @auditel/redaction). */
import { Writable } from 'node:stream';
import type { Command } from './types.js';

export const redactCommand: Command = {
  name: 'redact',
  summary: 'redact PII and secrets from JSON lines {"field","value"} on stdin',
  usage: `Usage: auditel redact [--spans]

Reads JSON lines {"field": "...", "value": "..."} on stdin and writes, in the same order, one JSON
line per input: the redacted value as a JSON string, or with --spans
{"value": "<redacted>", "spans": [{"start": n, "end": n, "type": "..."}]} where spans are the UTF-16
ranges of the input that were removed or replaced. A bad line is reported on stderr with its line
number and processing continues; the exit code is 1 when any line was bad.

  --spans   also print the replaced ranges`,
  options: { spans: { type: 'boolean' } },
  async run(args, io) {
    // Loaded only for this command (its name lexicon costs start-up time).
    const { redactSpansCli } = require('@auditel/redaction') as typeof import('@auditel/redaction');
    const out = new Writable({
      write(chunk: Buffer | string, _enc, done) {
        io.stdout(String(chunk));
        done();
      },
    });
    const err = new Writable({
      write(chunk: Buffer | string, _enc, done) {
        io.stderr(String(chunk));
        done();
      },
    });
    return redactSpansCli(io.stdin ?? process.stdin, out, err, { spans: args.values.spans === true });
  },
};
