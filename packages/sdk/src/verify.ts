/**
 * `verifyStore`: proves a store's integrity (what `auditel verify` prints). Per stream it checks every
 * segment line (format, stored hash = SHA-256 of the canonical text), the chain links
 * (`audit.sequence.*`), the end marker, every in-chain checkpoint (Ed25519 signature by the trusted
 * key, the head it signs, its link to the previous checkpoint), the local witness checkpoints.jsonl
 * (a checkpoint beyond the chain's end means a truncated tail) and the retention ledger (the only
 * gap accepted is a signed, contiguous prefix 1..k whose last hash the first present record links to).
 * It reports the first break per stream; a torn last line of an unended stream (the unacknowledged
 * tail of a crash) is a warning.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createPublicKey, hash, type KeyObject } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { integrityHash } from './canonical.js';
import { CHECKPOINT_ATTR, verifyStatement, type CheckpointStatement } from './checkpoint.js';
import { describePublicKey, loadTrustedPublicKey } from './keys.js';
import { readRetentionLedger, verifyRetentionEntry, type RetentionEntry } from './retention.js';
import { CHECKPOINTS_FILE, CHECKPOINT_PUBLIC_KEY_FILE, HASH_KEY, RECORD_PREFIX, RECORD_SUFFIX_LENGTH, RETENTION_FILE, type SegmentHeader } from './store/format.js';
import { attr, listStreams, parseRecordLine, splitSegment, type StreamSegments } from './store/reader.js';

export type BreakKind =
  | 'modified'
  | 'deleted'
  | 'inserted'
  | 'reordered'
  | 'truncated'
  | 'after_end'
  | 'checkpoint_forged'
  | 'checkpoint_foreign_key'
  | 'retention_forged'
  | 'malformed';

export interface VerifyBreak {
  kind: BreakKind;
  /** File name inside the store folder. */
  file: string;
  /** 1-based line in the (gunzipped) file; 0 when the whole file is concerned. */
  line: number;
  streamId: string;
  number?: number;
  message: string;
}

export interface StreamReport {
  id: string;
  /** Records present (and checked) in the segments. */
  records: number;
  segments: number;
  first?: number;
  last?: number;
  /** The last record carries `audit.sequence.end = true` (a clean shutdown). */
  ended: boolean;
  checkpoints: number;
  /** Records 1..n deleted by retention and accepted from the signed ledger. */
  retainedUpTo?: number;
  /** A torn last line, tolerated as the unacknowledged tail of a crash. */
  tornTail?: { file: string; line: number };
  breaks: VerifyBreak[];
}

export interface VerifyReport {
  ok: boolean;
  dir: string;
  /** The trusted checkpoint key, or undefined when none was found. */
  key?: { source: string; keyId: string; pem: string };
  records: number;
  streams: StreamReport[];
  /** First break per stream, then breaks of the store's side files; `firstBreak` is breaks[0]. */
  breaks: VerifyBreak[];
  firstBreak?: VerifyBreak;
  warnings: string[];
  elapsedMs: number;
}

export interface VerifyOptions {
  /** Trusted public (or private) key PEM; default `checkpoint-ed25519.pub.pem` beside the store. */
  keyFile?: string;
}

interface Rec {
  file: string;
  line: number;
  number: number;
  hash: string;
  streamId: string | undefined;
  prevHash: string | undefined;
  prevId: string | undefined;
  id: string | undefined;
  end: boolean;
  checkpoint?: Signed;
}

interface Bad {
  file: string;
  line: number;
  bad: string;
  kind: 'malformed' | 'modified';
  /** Could be the torn tail of a crash (last line of the stream's last segment). */
  torn: boolean;
}

interface Signed {
  statement: CheckpointStatement;
  signature: string;
  publicKeyDer: string;
}

interface Witness {
  line: number;
  streamId: string;
  number: number;
  hash: string;
  signed: Signed | undefined;
}

const S = {
  streamId: 'audit.sequence.stream_id',
  number: 'audit.sequence.number',
  prevHash: 'audit.sequence.previous_hash',
  prevId: 'audit.sequence.previous_record_id',
  end: 'audit.sequence.end',
  recordId: 'audit.record.id',
};

function str(v: unknown): string | undefined {
  if (v === null || typeof v !== 'object') return undefined;
  const s = (v as { stringValue?: unknown }).stringValue;
  return typeof s === 'string' ? s : undefined;
}

function signedOf(a: Record<string, unknown>): Signed | undefined {
  const signature = str(a[CHECKPOINT_ATTR.signature]);
  if (signature === undefined) return undefined;
  return {
    statement: {
      stream_id: str(a[CHECKPOINT_ATTR.streamId]) ?? '',
      sequence_number: Number(attr(a, CHECKPOINT_ATTR.number)),
      head_hash: str(a[CHECKPOINT_ATTR.headHash]) ?? '',
      previous: str(a[CHECKPOINT_ATTR.previous]) ?? '',
      time: str(a[CHECKPOINT_ATTR.time]) ?? '',
      key_id: str(a[CHECKPOINT_ATTR.keyId]) ?? '',
    },
    signature,
    publicKeyDer: str(a[CHECKPOINT_ATTR.publicKey]) ?? '',
  };
}

/** Parses one stored line into a chain record, or says why it is not one. */
function parseLine(file: string, line: number, text: string, eventOf: { checkpoint: boolean }): Rec | string {
  const p = parseRecordLine(text);
  if (p === undefined) return 'not a record line (bad JSON or layout)';
  if (integrityHash(p.canonical) !== p.hash) return `${MISMATCH} ${p.hash.slice(0, 12)}… differs from the SHA-256 of the record`;
  const a = p.record.attributes;
  const number = attr(a, S.number);
  const rec: Rec = {
    file,
    line,
    number: typeof number === 'number' && Number.isSafeInteger(number) ? number : NaN,
    hash: p.hash,
    streamId: str(a[S.streamId]),
    prevHash: str(a[S.prevHash]),
    prevId: str(a[S.prevId]),
    id: str(a[S.recordId]),
    end: attr(a, S.end) === true,
  };
  if (eventOf.checkpoint || p.record.eventName === 'audit.checkpoint') {
    const s = signedOf(a);
    if (s) rec.checkpoint = s;
  }
  return rec;
}

const NOT_CHECKPOINT = { checkpoint: false };
const MISMATCH = 'stored integrity hash';

/*
 * The fast path. Decoding every line to a string and JSON.parse-ing it measured about 100,000
 * records/s, so ordinary records are checked on their bytes: the hash over the canonical byte range,
 * and the chain attributes read at their keys. That is exact only for a flat record (every attribute
 * a scalar AnyValue wrapper): the key patterns then occur only as top-level attribute keys (inside a
 * JSON string a quote is always escaped). Any record that is not provably flat, and every
 * checkpoint, goes through parseRecordLine (JSON.parse) instead.
 */
const ATTRS_OPEN = '{"attributes":{';
const K_CHECKPOINT = '"event_name":"audit.checkpoint"';
/** Which chain attribute (1 number, 2 stream_id, 3 previous_hash, 4 previous_record_id, 5 record id, 6 end) the key at k of length n is, or 0. */
function wanted(c: string, k: number, n: number): number {
  switch (n) {
    case 21:
      return c.startsWith('audit.sequence.number"', k) ? 1 : 0;
    case 24:
      return c.startsWith('audit.sequence.stream_id"', k) ? 2 : 0;
    case 28:
      return c.startsWith('audit.sequence.previous_hash"', k) ? 3 : 0;
    case 33:
      return c.startsWith('audit.sequence.previous_record_id"', k) ? 4 : 0;
    case 15:
      return c.startsWith('audit.record.id"', k) ? 5 : 0;
    case 18:
      return c.startsWith('audit.sequence.end"', k) ? 6 : 0;
    default:
      return 0;
  }
}
const DOUBLE = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?$/;
const FALLBACK = 0;

/** Reads one scalar AnyValue wrapper at v; returns its end (after `}`) and its value span, or -1. */
function wrapper(c: string, v: number, out: { type: number; a: number; b: number }): number {
  if (c.charCodeAt(v) !== 0x7b || c.charCodeAt(v + 1) !== 0x22) return -1;
  let a: number;
  switch (c.charCodeAt(v + 2)) {
    case 0x73: // "stringValue":"
      if (!c.startsWith('stringValue":"', v + 2)) return -1;
      a = v + 16;
      out.type = 1;
      break;
    case 0x69: // "intValue":"
      if (!c.startsWith('intValue":"', v + 2)) return -1;
      a = v + 13;
      out.type = 2;
      break;
    case 0x62: // "bytesValue":" or "boolValue":true|false
      if (c.startsWith('bytesValue":"', v + 2)) {
        a = v + 15;
        out.type = 4;
        break;
      }
      out.type = 3;
      if (c.startsWith('boolValue":true}', v + 2)) {
        out.a = 1;
        return v + 18;
      }
      if (c.startsWith('boolValue":false}', v + 2)) {
        out.a = 0;
        return v + 19;
      }
      return -1;
    case 0x64: {
      // "doubleValue":<number>
      if (!c.startsWith('doubleValue":', v + 2)) return -1;
      const e = c.indexOf('}', v + 15);
      if (e < 0 || !DOUBLE.test(c.slice(v + 15, e))) return -1;
      out.type = 5;
      return e + 1;
    }
    default:
      return -1;
  }
  const q = c.indexOf('"', a);
  if (q < 0 || c.charCodeAt(q + 1) !== 0x7d) return -1;
  out.a = a;
  out.b = q;
  return q + 2;
}

/**
 * Walks the top-level attributes of a flat, unescaped canonical record (every value a scalar
 * AnyValue wrapper or an array of them, no backslash anywhere, so every quote delimits a JSON
 * string) and reads the chain attributes, the last of a repeated key winning as in JSON.parse.
 * FALLBACK for anything else: nested maps, escapes, whitespace, checkpoints.
 */
function scanFlat(c: string, file: string, line: number, stored: string): Rec | typeof FALLBACK {
  if (!c.startsWith(ATTRS_OPEN) || c.includes('\\') || CONTROL.test(c)) return FALLBACK;
  const rec: Rec = { file, line, number: NaN, hash: stored, streamId: undefined, prevHash: undefined, prevId: undefined, id: undefined, end: false };
  const w = { type: 0, a: 0, b: 0 };
  let p = ATTRS_OPEN.length;
  if (c.charCodeAt(p) === 0x7d) p++;
  else {
    for (;;) {
      if (c.charCodeAt(p) !== 0x22) return FALLBACK;
      const ke = c.indexOf('"', p + 1);
      if (ke < 0 || c.charCodeAt(ke + 1) !== 0x3a) return FALLBACK;
      const which = wanted(c, p + 1, ke - p - 1);
      let v = ke + 2;
      if (c.charCodeAt(v) === 0x5b) {
        if (which !== 0) return FALLBACK;
        v++;
        if (c.charCodeAt(v) === 0x5d) v++;
        else {
          for (;;) {
            v = wrapper(c, v, w);
            if (v < 0) return FALLBACK;
            const ch = c.charCodeAt(v++);
            if (ch === 0x5d) break;
            if (ch !== 0x2c) return FALLBACK;
          }
        }
      } else {
        v = wrapper(c, v, w);
        if (v < 0) return FALLBACK;
        if (which !== 0) {
          if (which === 6) {
            if (w.type !== 3) return FALLBACK;
            rec.end = w.a === 1;
          } else if (which === 1) {
            if (w.type !== 2) return FALLBACK;
            const n = c.slice(w.a, w.b);
            rec.number = /^[0-9]{1,15}$/.test(n) ? Number(n) : NaN;
          } else {
            if (w.type !== 1) return FALLBACK;
            const val = c.slice(w.a, w.b);
            if (which === 2) rec.streamId = val;
            else if (which === 3) rec.prevHash = val;
            else if (which === 4) rec.prevId = val;
            else rec.id = val;
          }
        }
      }
      const ch = c.charCodeAt(v);
      p = v + 1;
      if (ch === 0x7d) break;
      if (ch !== 0x2c) return FALLBACK;
    }
  }
  // After the attributes: body, event_name, timestamps, ids (strings only, no quotes inside).
  if (c.indexOf(K_CHECKPOINT, p) >= 0 || c.charCodeAt(c.length - 1) !== 0x7d) return FALLBACK;
  return rec;
}
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x1f]/;

/**
 * A record line as a chain record; a string says why it is malformed; FALLBACK asks for the full
 * parse. `text` is the segment decoded as latin1 (one char per byte, so offsets are byte offsets
 * and the ASCII patterns match exactly), `buf` its bytes; the line is [start, end).
 */
function parseLineBytes(file: string, line: number, buf: Buffer, text: string, start: number, end: number): Rec | string | typeof FALLBACK {
  if (end - start < RECORD_PREFIX.length + RECORD_SUFFIX_LENGTH + 2 || !text.startsWith(RECORD_PREFIX, start)) return FALLBACK;
  const cs = start + RECORD_PREFIX.length;
  const ce = end - RECORD_SUFFIX_LENGTH;
  if (!text.startsWith(HASH_KEY, ce) || text.charCodeAt(end - 2) !== 0x22 || text.charCodeAt(end - 1) !== 0x7d) return FALLBACK;
  const stored = text.slice(end - 66, end - 2);
  if (hash('sha256', buf.subarray(cs, ce), 'hex') !== stored) return `${MISMATCH} ${stored.slice(0, 12)}… differs from the SHA-256 of the record`;
  return scanFlat(text.slice(cs, ce), file, line, stored);
}

class Verifier {
  readonly warnings: string[] = [];
  private readonly keys = new Map<string, KeyObject | null>();
  trusted: KeyObject | undefined;
  trustedId: string | undefined;
  ledger = new Map<string, RetentionEntry[]>();
  ledgerBreaks = new Map<string, VerifyBreak>();
  witness = new Map<string, Witness[]>();
  sideBreaks: VerifyBreak[] = [];

  constructor(readonly dir: string) {}

  embeddedKey(der: string): KeyObject | null {
    let k = this.keys.get(der);
    if (k === undefined) {
      try {
        k = createPublicKey({ key: Buffer.from(der, 'base64'), format: 'der', type: 'spki' });
      } catch {
        k = null;
      }
      this.keys.set(der, k);
    }
    return k;
  }

  /** undefined when the checkpoint is signed by the trusted key; else the kind and why. */
  checkSignature(s: Signed): { kind: BreakKind; why: string } | undefined {
    if (this.trusted !== undefined && verifyStatement(s.statement, s.signature, this.trusted)) return undefined;
    const own = s.publicKeyDer ? this.embeddedKey(s.publicKeyDer) : null;
    if (own && verifyStatement(s.statement, s.signature, own)) {
      if (this.trusted === undefined) return undefined;
      return { kind: 'checkpoint_foreign_key', why: `signed by ${describePublicKey(own).keyId}, not by the trusted key ${this.trustedId}` };
    }
    return { kind: 'checkpoint_forged', why: 'its Ed25519 signature does not verify' };
  }

  readWitness(): void {
    let text: string;
    try {
      text = fs.readFileSync(path.join(this.dir, CHECKPOINTS_FILE), 'utf8');
    } catch {
      return;
    }
    const { lines, tail } = splitSegment(text);
    // splitSegment treats a first `{"segment":` line as a header; checkpoints.jsonl has none.
    if (tail !== '') this.warnings.push(`${CHECKPOINTS_FILE}: torn last line ${lines.length + 1} ignored`);
    for (const { line, text: t } of lines) {
      const r = parseLine(CHECKPOINTS_FILE, line, t, { checkpoint: true });
      if (typeof r === 'string' || r.streamId === undefined || r.checkpoint === undefined) {
        const kind = typeof r === 'string' && r.startsWith(MISMATCH) ? 'modified' : 'malformed';
        this.sideBreaks.push({ kind, file: CHECKPOINTS_FILE, line, streamId: '', message: typeof r === 'string' ? r : 'not a checkpoint record' });
        continue;
      }
      const list = this.witness.get(r.streamId) ?? [];
      list.push({ line, streamId: r.streamId, number: r.number, hash: r.hash, signed: r.checkpoint });
      this.witness.set(r.streamId, list);
    }
  }

  loadKey(keyFile: string | undefined): { source: string; keyId: string; pem: string } | undefined {
    const source = keyFile ?? path.join(this.dir, CHECKPOINT_PUBLIC_KEY_FILE);
    let k: KeyObject | undefined;
    try {
      k = loadTrustedPublicKey(this.dir, keyFile);
    } catch (e) {
      throw new Error(`cannot read the trusted key ${source}: ${(e as Error).message}`);
    }
    if (keyFile !== undefined && k === undefined) throw new Error(`key file ${keyFile} not found`);
    if (k === undefined) {
      // Trust on first use: the key of the first witnessed checkpoint, with a warning.
      const first = [...this.witness.values()][0]?.[0];
      const own = first?.signed ? this.embeddedKey(first.signed.publicKeyDer) : null;
      if (!own) {
        this.warnings.push(`no trusted key (${CHECKPOINT_PUBLIC_KEY_FILE} missing, no --key): checkpoint signatures checked against the keys they carry`);
        return undefined;
      }
      this.warnings.push(`no trusted key (${CHECKPOINT_PUBLIC_KEY_FILE} missing, no --key): trusting the key of the first checkpoint in ${CHECKPOINTS_FILE}`);
      k = own;
    }
    if (k.asymmetricKeyType !== 'ed25519') throw new Error(`trusted key ${source} is ${k.asymmetricKeyType}, expected ed25519`);
    const d = describePublicKey(k);
    this.trusted = k;
    this.trustedId = d.keyId;
    return { source, keyId: d.keyId, pem: d.pem };
  }

  readLedger(): void {
    for (const e of readRetentionLedger(this.dir)) {
      const entry = e.entry;
      if (entry === undefined || typeof entry !== 'object' || typeof entry.stream_id !== 'string') {
        this.sideBreaks.push({ kind: 'malformed', file: RETENTION_FILE, line: e.line, streamId: '', message: e.error ?? 'not a retention entry' });
        continue;
      }
      if (this.trusted === undefined || !verifyRetentionEntry(entry, this.trusted)) {
        if (!this.ledgerBreaks.has(entry.stream_id)) {
          this.ledgerBreaks.set(entry.stream_id, {
            kind: 'retention_forged',
            file: RETENTION_FILE,
            line: e.line,
            streamId: entry.stream_id,
            message: `retention entry for ${entry.file} (records #${entry.first_number}..#${entry.last_number}) ${this.trusted ? 'is not signed by the trusted key' : 'cannot be checked: no trusted key'}`,
          });
        }
        continue;
      }
      const list = this.ledger.get(entry.stream_id) ?? [];
      list.push(entry);
      this.ledger.set(entry.stream_id, list);
    }
  }

  /** The signed ledger covers exactly 1..upTo contiguously; returns the last entry's hash, or why not. */
  retained(streamId: string, upTo: number): { lastHash: string } | { why: string } {
    const entries = [...(this.ledger.get(streamId) ?? [])].sort((a, b) => a.first_number - b.first_number);
    if (entries.length === 0) return { why: 'no retention entry accounts for them' };
    let next = 1;
    for (const e of entries) {
      if (e.first_number !== next || e.last_number < e.first_number) return { why: `the retention ledger is not contiguous at #${next}` };
      next = e.last_number + 1;
    }
    if (next - 1 !== upTo) return { why: `the retention ledger covers #1..#${next - 1}, not #1..#${upTo}` };
    return { lastHash: entries[entries.length - 1]!.last_hash };
  }

  /** Reads a stream's segments into records and malformed lines, in file order. */
  readStream(s: StreamSegments, report: StreamReport): Array<Rec | Bad> {
    const out: Array<Rec | Bad> = [];
    s.segments.forEach((seg, i) => {
      const last = i === s.segments.length - 1;
      let buf: Buffer;
      try {
        buf = fs.readFileSync(path.join(this.dir, seg.file));
        if (seg.compressed) buf = gunzipSync(buf, { chunkSize: 4 * 1024 * 1024 });
      } catch (e) {
        out.push({ file: seg.file, line: 0, bad: `cannot read the segment: ${(e as Error).message}`, kind: 'malformed', torn: false });
        return;
      }
      report.segments++;
      const text = buf.toString('latin1');
      let pos = 0;
      let line = 0;
      for (;;) {
        const nl = buf.indexOf(0x0a, pos);
        if (nl < 0) break;
        line++;
        if (line === 1) {
          let header: SegmentHeader | undefined;
          try {
            header = (JSON.parse(buf.toString('utf8', pos, nl)) as { segment?: SegmentHeader }).segment;
          } catch {
            header = undefined;
          }
          if (header === undefined || header.stream_id !== s.streamId || header.index !== seg.index) {
            out.push({ file: seg.file, line: 1, bad: 'missing or mismatched segment header', kind: 'malformed', torn: false });
          }
        } else {
          let r = parseLineBytes(seg.file, line, buf, text, pos, nl);
          if (r === FALLBACK) r = parseLine(seg.file, line, buf.toString('utf8', pos, nl), NOT_CHECKPOINT);
          if (typeof r === 'string') {
            const kind = r.startsWith(MISMATCH) ? 'modified' : 'malformed';
            out.push({ file: seg.file, line, bad: r, kind, torn: kind === 'malformed' && last && nl === buf.length - 1 });
          } else out.push(r);
        }
        pos = nl + 1;
      }
      if (pos < buf.length) out.push({ file: seg.file, line: line + 1, bad: 'torn line without its newline', kind: 'malformed', torn: last });
    });
    return out;
  }

  verifyStream(s: StreamSegments): StreamReport {
    const report: StreamReport = { id: s.streamId, records: 0, segments: 0, ended: false, checkpoints: 0, breaks: [] };
    const ledgerBreak = this.ledgerBreaks.get(s.streamId);
    if (ledgerBreak) report.breaks.push(ledgerBreak);
    const items = this.readStream(s, report);
    const numbers = new Set<number>();
    for (const it of items) {
      if (!('number' in it)) continue;
      numbers.add(it.number);
      report.first ??= it.number;
      report.last = it.number;
      report.records++;
      report.ended = it.end;
    }
    const w = this.walk(s.streamId, items, numbers, report);
    if (report.breaks.length === 0) this.checkWitness(s.streamId, report, w.last, w.hashes, w.first);
    return report;
  }

  /** Follows the chain through the stream's lines; stops at the first break. */
  private walk(streamId: string, items: Array<Rec | Bad>, numbers: Set<number>, report: StreamReport): { last: Rec | undefined; hashes: string[]; first: number } {
    const st = { last: undefined as Rec | undefined, hashes: [] as string[], first: 0 };
    const fail = (kind: BreakKind, at: { file: string; line: number }, message: string, number?: number): typeof st => {
      const b: VerifyBreak = { kind, file: at.file, line: at.line, streamId, message };
      if (number !== undefined && Number.isFinite(number)) b.number = number;
      report.breaks.push(b);
      return st;
    };
    if (report.breaks.length > 0) return st;
    const hashes = st.hashes; // hashes[number - first]
    let retainedHash: string | undefined;
    let lastCheckpointSig: string | undefined;
    let ended = false;
    for (let i = 0; i < items.length; i++) {
      const it = items[i]!;
      if ('bad' in it) {
        if (it.torn && !ended && i === items.length - 1) {
          report.tornTail = { file: it.file, line: it.line };
          this.warnings.push(`stream ${streamId}: torn last line ${it.file}:${it.line} tolerated (the unacknowledged tail of a crash)`);
          continue;
        }
        return fail(it.kind, it, it.bad);
      }
      const r = it;
      const prev = st.last;
      if (ended) return fail('after_end', r, `record #${r.number} comes after the end marker of the stream (#${prev!.number})`, r.number);
      if (r.streamId !== streamId) return fail('inserted', r, `record of stream ${r.streamId ?? '(none)'} inside stream ${streamId}`, r.number);
      if (!Number.isFinite(r.number) || r.number < 1) return fail('inserted', r, 'record without a valid audit.sequence.number', r.number);
      if (prev === undefined) {
        st.first = r.number;
        if (r.number > 1) {
          const kept = this.retained(streamId, r.number - 1);
          if ('why' in kept) return fail('deleted', r, `the stream starts at #${r.number}: records #1..#${r.number - 1} are missing and ${kept.why}`, 1);
          if (kept.lastHash !== r.prevHash) {
            return fail('deleted', r, `record #${r.number} does not link to the last record the retention ledger deleted (#${r.number - 1})`, r.number - 1);
          }
          report.retainedUpTo = r.number - 1;
          retainedHash = kept.lastHash;
        } else if (r.prevHash !== undefined) {
          return fail('inserted', r, 'record #1 claims a previous record', 1);
        }
      } else {
        const expected = prev.number + 1;
        if (r.number === expected) {
          if (r.prevHash !== prev.hash) {
            if (r.prevId !== undefined && r.prevId === prev.id) {
              return fail('modified', prev, `record #${prev.number} was changed after #${r.number} was chained to it (${r.file}:${r.line} names hash ${String(r.prevHash).slice(0, 12)}…, the record hashes to ${prev.hash.slice(0, 12)}…)`, prev.number);
            }
            return fail('inserted', r, `record #${r.number} does not link to #${prev.number} (${prev.file}:${prev.line}): one of them is not part of the chain`, r.number);
          }
        } else if (r.number > expected) {
          if (numbers.has(expected)) return fail('reordered', r, `record #${r.number} comes before #${expected}`, r.number);
          const seg = r.file !== prev.file ? ' (a segment may be missing)' : '';
          return fail('deleted', r, `records #${expected}..#${r.number - 1} are missing between ${prev.file}:${prev.line} and here${seg}`, expected);
        } else if (r.number >= st.first) {
          // A second record with a number already taken: the one its successor does not link to is the extra one.
          const next = items[i + 1];
          const extra = next !== undefined && 'number' in next && r.number === prev.number && r.hash !== prev.hash && next.prevHash === r.hash ? prev : r;
          return fail('inserted', extra, `a second record numbered #${r.number}: the chain does not link it`, r.number);
        } else {
          return fail('reordered', r, `record #${r.number} comes after #${prev.number}`, r.number);
        }
      }
      hashes.push(r.hash);
      if (r.checkpoint !== undefined) {
        report.checkpoints++;
        const c = r.checkpoint;
        const bad = this.checkSignature(c);
        if (bad) return fail(bad.kind, r, `checkpoint #${r.number}: ${bad.why}`, r.number);
        const h = c.statement.sequence_number;
        if (c.statement.stream_id !== streamId) return fail('checkpoint_forged', r, `checkpoint #${r.number} signs stream ${c.statement.stream_id}`, r.number);
        if (!(h < r.number)) return fail('checkpoint_forged', r, `checkpoint #${r.number} signs head #${h}, which is not before it`, r.number);
        const have = h >= st.first ? hashes[h - st.first] : h === st.first - 1 ? retainedHash : undefined;
        if (have !== undefined && have !== c.statement.head_hash) {
          return fail('checkpoint_forged', r, `checkpoint #${r.number} signs head #${h} with hash ${c.statement.head_hash.slice(0, 12)}…, but the chain's record #${h} hashes to ${have.slice(0, 12)}…`, r.number);
        }
        const expectedPrevious = lastCheckpointSig !== undefined ? hash('sha256', lastCheckpointSig, 'hex') : st.first === 1 ? '' : undefined;
        if (expectedPrevious !== undefined && c.statement.previous !== expectedPrevious) {
          return fail('checkpoint_forged', r, `checkpoint #${r.number} does not link to the previous checkpoint of the stream`, r.number);
        }
        lastCheckpointSig = c.signature;
      }
      if (r.end) ended = true;
      st.last = r;
    }
    return st;
  }

  /** checkpoints.jsonl against the chain: each witnessed checkpoint is in the chain, byte for byte. */
  private checkWitness(streamId: string, report: StreamReport, last: Rec | undefined, hashes: string[], first: number): void {
    for (const w of this.witness.get(streamId) ?? []) {
      const at = { file: CHECKPOINTS_FILE, line: w.line };
      const push = (kind: BreakKind, where: { file: string; line: number }, message: string, number?: number): void => {
        const b: VerifyBreak = { kind, file: where.file, line: where.line, streamId, message };
        if (number !== undefined) b.number = number;
        report.breaks.push(b);
      };
      if (w.signed) {
        const bad = this.checkSignature(w.signed);
        if (bad) return push(bad.kind, at, `witnessed checkpoint #${w.number}: ${bad.why}`, w.number);
      }
      if (report.retainedUpTo !== undefined && w.number <= report.retainedUpTo) continue;
      if (last === undefined || w.number > last.number) {
        const where = last ?? at;
        return push(
          'truncated',
          where,
          `the chain ends at ${last ? '#' + last.number : 'nothing'}, but ${CHECKPOINTS_FILE} line ${w.line} witnessed checkpoint #${w.number}: the tail was cut off`,
          last ? last.number + 1 : w.number,
        );
      }
      const have = hashes[w.number - first];
      if (have !== w.hash) {
        return push('modified', at, `checkpoint #${w.number} in the segments differs from its witnessed copy in ${CHECKPOINTS_FILE} line ${w.line}`, w.number);
      }
    }
  }

  /** A stream the witness or the ledger knows but no segment holds. */
  verifyMissingStream(streamId: string): StreamReport {
    const report: StreamReport = { id: streamId, records: 0, segments: 0, ended: false, checkpoints: 0, breaks: [] };
    const ledgerBreak = this.ledgerBreaks.get(streamId);
    if (ledgerBreak) {
      report.breaks.push(ledgerBreak);
      return report;
    }
    const entries = this.ledger.get(streamId) ?? [];
    const upTo = entries.reduce((m, e) => Math.max(m, e.last_number), 0);
    const kept = upTo > 0 ? this.retained(streamId, upTo) : { why: 'no retention entry accounts for it' };
    const witnessed = this.witness.get(streamId) ?? [];
    const beyond = witnessed.find((w) => 'why' in kept || w.number > upTo);
    if (beyond !== undefined) {
      report.breaks.push({
        kind: 'deleted',
        file: CHECKPOINTS_FILE,
        line: beyond.line,
        streamId,
        number: beyond.number,
        message: `stream ${streamId} reached #${beyond.number} (${CHECKPOINTS_FILE} line ${beyond.line}) but none of its segments is left${'why' in kept ? ': ' + kept.why : ''}`,
      });
    } else if ('why' in kept) {
      const e = entries[0]!;
      report.breaks.push({ kind: 'deleted', file: RETENTION_FILE, line: 0, streamId, message: `stream ${streamId} (retention deleted ${e.file}) has no segments and ${kept.why}` });
    } else {
      report.retainedUpTo = upTo;
    }
    return report;
  }
}

/** Verifies the store in `dir`. Throws only when the folder cannot be read or the key file is unusable. */
export function verifyStore(dir: string, options: VerifyOptions = {}): VerifyReport {
  const t0 = performance.now();
  const st = fs.statSync(dir);
  if (!st.isDirectory()) throw new Error(`${dir} is not a folder`);
  fs.readdirSync(dir);
  const v = new Verifier(dir);
  v.readWitness();
  const key = v.loadKey(options.keyFile);
  v.readLedger();
  const listed = listStreams(dir);
  const streams = listed.map((s) => v.verifyStream(s));
  const present = new Set(listed.map((s) => s.streamId));
  const known = new Set([...v.witness.keys(), ...v.ledger.keys(), ...v.ledgerBreaks.keys()]);
  for (const id of known) if (!present.has(id)) streams.push(v.verifyMissingStream(id));
  const breaks = [...streams.flatMap((s) => s.breaks), ...v.sideBreaks];
  if (listed.length === 0) v.warnings.push('no segments in this folder');
  const report: VerifyReport = {
    ok: breaks.length === 0,
    dir: path.resolve(dir),
    records: streams.reduce((n, s) => n + s.records, 0),
    streams,
    breaks,
    warnings: v.warnings,
    elapsedMs: Math.round(performance.now() - t0),
  };
  if (key) report.key = key;
  if (breaks[0]) report.firstBreak = breaks[0];
  return report;
}
