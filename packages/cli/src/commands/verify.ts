/** `auditel verify [dir] [--json] [--show-key] [--key FILE]`: proves the store's integrity. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { verifyStore, type StreamReport, type VerifyReport } from '@auditel/sdk';
import { recordAccess } from '../access.js';
import { storeDir } from '../context.js';
import type { Command } from './types.js';

function streamLine(s: StreamReport): string {
  const range = s.first !== undefined ? `#${s.first}..#${s.last}` : 'no records left';
  const parts = [`${s.records} records ${range}`, `${s.segments} segment${s.segments === 1 ? '' : 's'}`, `${s.checkpoints} checkpoint${s.checkpoints === 1 ? '' : 's'}`];
  if (s.retainedUpTo !== undefined) parts.push(`#1..#${s.retainedUpTo} deleted by retention (signed)`);
  if (s.lost) for (const l of s.lost) parts.push(`#${l.first}..#${l.last} lost to a failing disk (declared in the signed loss ledger)`);
  if (s.tornTail) parts.push(`torn last line ${s.tornTail.file}:${s.tornTail.line} tolerated`);
  const state = s.breaks.length > 0 ? 'BROKEN' : s.ended ? 'ended cleanly' : 'not ended (running, or stopped without shutdown)';
  return `  stream ${s.id}: ${state}; ${parts.join(', ')}`;
}

function human(r: VerifyReport, showKey: boolean): string {
  const out: string[] = [];
  if (showKey) {
    if (r.key) out.push(`Trusted checkpoint key (${r.key.source}): ${r.key.keyId}`, r.key.pem.trimEnd(), '');
    else out.push('No trusted checkpoint key found.', '');
  }
  const n = r.streams.length;
  if (r.ok) {
    out.push(`OK ${r.dir}: ${r.records} records in ${n} stream${n === 1 ? '' : 's'} verified in ${r.elapsedMs} ms${r.key ? ` (key ${r.key.keyId})` : ''}`);
  } else {
    const b = r.firstBreak!;
    out.push(`BROKEN ${r.dir}: ${b.kind} at ${b.file}:${b.line}${b.number !== undefined ? ` (record #${b.number})` : ''}`, `  ${b.message}`);
    if (r.breaks.length > 1) {
      out.push(`  ${r.breaks.length - 1} more break${r.breaks.length > 2 ? 's' : ''}:`);
      for (const x of r.breaks.slice(1)) out.push(`    ${x.kind} at ${x.file}:${x.line}: ${x.message}`);
    }
  }
  for (const s of r.streams) out.push(streamLine(s));
  for (const w of r.warnings) out.push(`warning: ${w}`);
  return out.join('\n') + '\n';
}

export const verifyCommand: Command = {
  name: 'verify',
  summary: 'check the hash chain, checkpoints and retention ledger of a store',
  usage: `Usage: auditel verify [dir] [--json] [--show-key] [--key FILE]

Checks every record's integrity hash and chain link, each signed checkpoint (against the trusted
key), the local witness (checkpoints-<stream id>.jsonl) and the retention ledger. Prints OK with a summary per
stream (and whether it ended cleanly), or the first break with its file, line and kind.

  dir             the store folder (default: $AUDITEL_DIR, else ./.auditel)
  --json          print the full report as JSON
  --show-key      print the trusted public key (PEM) and its sha256: key id
  --key FILE      trust this public (or private) key PEM instead of checkpoint-ed25519.pub.pem

Exit status: 0 verified, 1 broken, 2 usage or I/O error.
`,
  options: {
    json: { type: 'boolean' },
    'show-key': { type: 'boolean' },
    key: { type: 'string' },
  },
  async run(args, io) {
    const dir = storeDir(args.positionals, io);
    if (!fs.existsSync(dir)) {
      io.stderr(`auditel verify: no store at ${dir}\n`);
      return 2;
    }
    const keyFile = typeof args.values.key === 'string' ? args.values.key : undefined;
    let report: VerifyReport;
    try {
      report = verifyStore(dir, keyFile !== undefined ? { keyFile: path.resolve(io.cwd, keyFile) } : {});
    } catch (e) {
      io.stderr(`auditel verify: ${(e as Error).message}\n`);
      return 2;
    }
    const showKey = args.values['show-key'] === true;
    if (args.values.json === true) {
      const { key, ...rest } = report;
      const k = key && !showKey ? { source: key.source, keyId: key.keyId } : key;
      io.stdout(JSON.stringify(k ? { ...rest, key: k } : rest, null, 2) + '\n');
    } else {
      io.stdout(human(report, showKey));
    }
    const line = ['auditel verify', args.values.json ? '--json' : '', showKey ? '--show-key' : '', keyFile !== undefined ? '--key <file>' : ''].filter(Boolean).join(' ');
    const attrs: Record<string, string | number | boolean> = { 'audit.verify.ok': report.ok, 'audit.verify.records': report.records, 'audit.verify.streams': report.streams.length };
    if (report.firstBreak) {
      attrs['audit.verify.break.kind'] = report.firstBreak.kind;
      attrs['audit.verify.break.file'] = report.firstBreak.file;
      attrs['audit.verify.break.line'] = report.firstBreak.line;
    }
    await recordAccess(dir, line, attrs, io);
    return report.ok ? 0 : 1;
  },
};
