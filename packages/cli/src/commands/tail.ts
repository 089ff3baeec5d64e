/** `auditel tail [dir] [-n N] [-f] [--event NAME] [--json]`: the latest records, and new ones as they come. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { gunzipSync } from 'node:zlib';
import { listStreams, parseRecordLine, readSegmentText, unwrapAttributes, type SegmentName, type StoredRecord } from '@auditel/sdk';
import { recordAccess } from '../access.js';
import { storeDir, UsageError, type CliIO } from '../context.js';
import type { Command } from './types.js';

const POLL_MS = 200;

function isoTime(nanos: string): string {
  try {
    return new Date(Number(BigInt(nanos) / 1_000_000n)).toISOString();
  } catch {
    return nanos;
  }
}

function plain(v: unknown): string {
  return v === undefined || v === null ? '-' : String(v);
}

/** One human line: UTC time, event, action, outcome, actor, target. */
export function formatHuman(r: StoredRecord): string {
  const a = unwrapAttributes(r.attributes);
  const actor = a['audit.actor.id'] === undefined ? '-' : `${plain(a['audit.actor.type'])}:${plain(a['audit.actor.id'])}`;
  const target = a['audit.target.id'] === undefined && a['audit.target.type'] === undefined ? '-' : `${plain(a['audit.target.type'])}:${plain(a['audit.target.id'])}`;
  return `${isoTime(r.timestamp)}  ${r.eventName.padEnd(24)} ${plain(a['audit.action']).padEnd(10)} ${plain(a['audit.outcome']).padEnd(7)} actor=${actor} target=${target}`;
}

/** One JSON object: the stored record with its attributes unwrapped (bytes as base64). */
export function formatJson(r: StoredRecord): string {
  return JSON.stringify({ time: isoTime(r.timestamp), ...r, attributes: unwrapAttributes(r.attributes) }, (_k, v: unknown) =>
    v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v,
  );
}

/** Records of complete lines in `text` (header, torn and malformed lines skipped). */
function recordsOf(text: string): StoredRecord[] {
  const out: StoredRecord[] = [];
  for (const line of text.split('\n')) {
    const p = line.length > 0 ? parseRecordLine(line) : undefined;
    if (p) out.push(p.record);
  }
  return out;
}

/** A segment's bytes, gunzipped (not decoded to text and encoded back). */
function readSegmentBytes(dir: string, seg: SegmentName): Buffer {
  const buf = fs.readFileSync(path.join(dir, seg.file));
  return seg.compressed ? gunzipSync(buf) : buf;
}

function completeLines(text: string): string {
  return text.slice(0, text.lastIndexOf('\n') + 1);
}

/** The last `n` matching records of the store, oldest first; reads each stream from its newest segment back. */
function lastRecords(dir: string, n: number, match: (r: StoredRecord) => boolean): StoredRecord[] {
  const picked: StoredRecord[] = [];
  if (n === 0) return picked;
  for (const s of listStreams(dir)) {
    let found = 0;
    for (let i = s.segments.length - 1; i >= 0 && found < n; i--) {
      let text: string;
      try {
        text = completeLines(readSegmentText(dir, s.segments[i]!));
      } catch {
        continue; // rotated or deleted meanwhile
      }
      const recs = recordsOf(text).filter(match);
      found += recs.length;
      picked.push(...recs.slice(-n));
    }
  }
  const byTime = (a: StoredRecord, b: StoredRecord): number =>
    a.timestamp.length - b.timestamp.length || (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0);
  return picked.sort(byTime).slice(-n);
}

/**
 * Follows the store: per segment (stream + index) the bytes of complete lines already shown. A
 * plain segment is read on from there; once rotated to .jsonl.gz it is read once more from the same
 * offset (the gzip holds the same bytes) and is then done. New segments and new streams start at 0.
 */
export class Follower {
  private readonly offsets = new Map<string, number | 'done'>();

  /** `read` returns a segment's bytes (gunzipped); a test can stand in a reader that fails like a rename would. */
  constructor(
    private readonly dir: string,
    private readonly read: (dir: string, seg: SegmentName) => Buffer = readSegmentBytes,
  ) {
    for (const s of listStreams(dir)) {
      for (const seg of s.segments) {
        const key = `${s.streamId}:${seg.index}`;
        if (seg.compressed) this.offsets.set(key, 'done');
        else {
          try {
            const buf = fs.readFileSync(path.join(dir, seg.file));
            this.offsets.set(key, buf.lastIndexOf(0x0a) + 1);
          } catch {
            /* gone: picked up as .gz or not at all */
          }
        }
      }
    }
  }

  /**
   * New complete lines since the last poll, in stream and segment order. A segment that cannot be
   * read (renamed to .gz between listing and reading) ends this poll of its stream: its later
   * segments wait for the next poll, so records never come out of order.
   */
  poll(): StoredRecord[] {
    const out: StoredRecord[] = [];
    for (const s of listStreams(this.dir)) {
      for (const seg of s.segments) {
        const key = `${s.streamId}:${seg.index}`;
        const from = this.offsets.get(key) ?? 0;
        if (from === 'done') continue;
        let buf: Buffer;
        try {
          buf = this.read(this.dir, seg);
        } catch {
          break;
        }
        const end = seg.compressed ? buf.length : buf.lastIndexOf(0x0a) + 1;
        if (end > from) out.push(...recordsOf(buf.subarray(from, end).toString('utf8')));
        this.offsets.set(key, seg.compressed ? 'done' : Math.max(from, end));
      }
    }
    return out;
  }
}

export const tailCommand: Command = {
  name: 'tail',
  summary: 'print the latest records (-f: and new ones as they are written)',
  usage: `Usage: auditel tail [dir] [-n N] [-f] [--event NAME] [--json]

Prints the last N records of the store, oldest first: UTC time, event, action, outcome, actor and
target. With -f it keeps printing new records, across segment rotation and new streams, until
interrupted (Ctrl-C).

  dir             the store folder (default: $AUDITEL_DIR, else ./.auditel)
  -n N            how many records (default 10)
  -f, --follow    keep printing records as they are written
  --event NAME    only records of this event, e.g. audit.authentication
  --json          one JSON object per line, attributes unwrapped from their AnyValue form
`,
  options: {
    n: { type: 'string', short: 'n' },
    follow: { type: 'boolean', short: 'f' },
    event: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(args, io: CliIO) {
    const dir = storeDir(args.positionals, io);
    const nText = typeof args.values.n === 'string' ? args.values.n : '10';
    if (!/^\d+$/.test(nText)) throw new UsageError(`-n needs a whole number, got ${JSON.stringify(nText)}`);
    const n = Number(nText);
    if (!fs.existsSync(dir)) {
      io.stderr(`auditel tail: no store at ${dir}\n`);
      return 2;
    }
    const event = typeof args.values.event === 'string' ? args.values.event : undefined;
    const match = (r: StoredRecord): boolean => event === undefined || r.eventName === event;
    const format = args.values.json === true ? formatJson : formatHuman;
    const follow = args.values.follow === true;
    let shown: StoredRecord[];
    let follower: Follower | undefined;
    try {
      if (follow) follower = new Follower(dir);
      shown = lastRecords(dir, n, match);
    } catch (e) {
      io.stderr(`auditel tail: ${(e as Error).message}\n`);
      return 2;
    }
    for (const r of shown) io.stdout(format(r) + '\n');
    const line = ['auditel tail', `-n ${n}`, follow ? '-f' : '', event !== undefined ? `--event ${event}` : '', args.values.json ? '--json' : ''].filter(Boolean).join(' ');
    await recordAccess(dir, line, { 'audit.tail.records': shown.length, 'audit.tail.follow': follow }, io);
    if (follower === undefined) return 0;
    const signal = io.untilInterrupted?.();
    while (signal?.aborted !== true) {
      for (const r of follower.poll()) if (match(r)) io.stdout(format(r) + '\n');
      try {
        await sleep(POLL_MS, undefined, signal ? { signal } : undefined);
      } catch {
        break; // interrupted
      }
    }
    return 0;
  },
};
