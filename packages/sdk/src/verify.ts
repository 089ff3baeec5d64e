/**
 * `verifyStore`: proves a store's integrity (what `auditel verify` prints). Per stream it checks every
 * segment line (format, stored hash = SHA-256 of the canonical text), the chain links
 * (`audit.sequence.*`), the end marker, every in-chain checkpoint (Ed25519 signature by the trusted
 * key, the head it signs, its link to the previous checkpoint), the local witness (each stream's
 * checkpoints-<stream id>.jsonl, and checkpoints.jsonl of older stores: a checkpoint beyond the
 * chain's end means a truncated tail) and the retention ledger (the only
 * gap accepted is a signed, contiguous prefix 1..k whose last hash the first present record links to).
 * It reports the first break per stream; a torn last line of an unended stream (the unacknowledged
 * tail of a crash) is a warning.
 *
 * Speed (bench/verify.mjs): segments are read as bytes, hashed with the one-shot `crypto.hash` over
 * the canonical byte range, and an ordinary record's chain attributes are read by one regex over
 * its latin1 text; records of any other shape, and checkpoints, go through parseRecordLine
 * (JSON.parse). Memory: the walk holds a few records and the last HEAD_WINDOW hashes per stream.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHmac, createPublicKey, hash, type KeyObject } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { integrityHash } from './canonical.js';
import { CHECKPOINT_ATTR, verifyStatement, type CheckpointStatement } from './checkpoint.js';
import { describePublicKey, loadTrustedPublicKey, verifyEd25519 } from './keys.js';
import { readRetentionLedger, verifyRetentionEntry, type RetentionEntry } from './retention.js';
import { readLossLedger, verifyLossEntry, type LossEntry } from './loss-ledger.js';
import { CHECKPOINTS_FILE, isWitnessFile, witnessFileName, CHECKPOINT_PUBLIC_KEY_FILE, HASH_KEY, INTEGRITY_HMAC_KEY_FILE, LOSSES_FILE, RECORD_PREFIX, RECORD_SUFFIX_LENGTH, RETENTION_FILE, type SegmentHeader } from './store/format.js';
import { attr, forEachLineSync, listStreams, parseRecordLine, type StreamSegments } from './store/reader.js';

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
  | 'loss_forged'
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
  /** Gaps a failing disk forced, declared in the signed loss ledger and accepted. */
  lost?: Array<{ first: number; last: number }>;
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
  /** Record ids, read by the full parse; the fast path leaves them to `Verifier.ids` (needed only at a broken link). */
  ids?: { id: string | undefined; prevId: string | undefined };
  end: boolean;
  checkpoint?: Signed;
  /** A per-record signature (`audit.integrity.value`) and the canonical text it signs. */
  recordSignature?: { value: string; canonical: string };
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
  /** checkpoints.jsonl, or the stream's checkpoints-<stream id>.jsonl. */
  file: string;
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
    ids: { id: str(a[S.recordId]), prevId: str(a[S.prevId]) },
    end: attr(a, S.end) === true,
  };
  if (p.record.integrityValue !== undefined) rec.recordSignature = { value: p.record.integrityValue, canonical: p.canonical };
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
// The fast path's record shape, one native regex pass: every attribute value a scalar AnyValue
// wrapper or an array of them; strings without quote, backslash or control character; the chain
// attributes once each, together, in canonical (sorted) order, captured; then the record's own
// string fields. Anything else (nested maps, escapes, other orders, repeated keys) takes the full
// parse, so both paths read the same record.
const STR = String.raw`[^"\\\x00-\x1f]*`;
const SCALAR = String.raw`\{"(?:stringValue":"${STR}"|intValue":"-?[0-9]+"|boolValue":(?:true|false)|doubleValue":-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?|bytesValue":"[A-Za-z0-9+/=]*")\}`;
const VALUE = String.raw`(?:${SCALAR}|\[(?:${SCALAR}(?:,${SCALAR})*)?\])`;
const PAIR = String.raw`"(?!audit\.sequence\.)${STR}":${VALUE}`;
const SEQUENCE =
  String.raw`(?:"audit\.sequence\.end":\{"boolValue":(true|false)\},)?"audit\.sequence\.number":\{"intValue":"([0-9]{1,15})"\}` +
  String.raw`(?:,"audit\.sequence\.previous_hash":\{"stringValue":"(${STR})"\})?(?:,"audit\.sequence\.previous_record_id":\{"stringValue":"${STR}"\})?` +
  String.raw`,"audit\.sequence\.stream_id":\{"stringValue":"(${STR})"\}`;
const FLAT = new RegExp(
  String.raw`^\{"attributes":\{(?:${PAIR},)*${SEQUENCE}(?:,${PAIR})*\}(?:,"(?:body|event_name|observed_timestamp|span_id|timestamp|trace_id)":"${STR}")*\}$`,
);
const FALLBACK = 0;

/** The chain attributes of a canonical record of the fast path's shape (not a checkpoint), or FALLBACK. */
function parseFlat(c: string, streamId: string, file: string, line: number, stored: string): Rec | typeof FALLBACK {
  const m = FLAT.exec(c);
  if (m === null) return FALLBACK;
  const ev = c.lastIndexOf('"event_name":"');
  if (ev >= 0 && c.startsWith('audit.checkpoint"', ev + 14)) return FALLBACK;
  return { file, line, number: Number(m[2]), hash: stored, streamId: m[4] === streamId ? streamId : m[4], prevHash: m[3], end: m[1] === 'true' };
}

/**
 * A record line as a chain record; a string says why it is malformed; FALLBACK asks for the full
 * parse. `text` is the segment decoded as latin1 (one char per byte, so offsets are byte offsets
 * and the ASCII patterns match exactly), `buf` its bytes; the line is [start, end).
 */
function parseLineBytes(streamId: string, file: string, line: number, buf: Buffer, text: string, start: number, end: number): Rec | string | typeof FALLBACK {
  if (end - start < RECORD_PREFIX.length + RECORD_SUFFIX_LENGTH + 2 || !text.startsWith(RECORD_PREFIX, start)) return FALLBACK;
  const cs = start + RECORD_PREFIX.length;
  const ce = end - RECORD_SUFFIX_LENGTH;
  if (!text.startsWith(HASH_KEY, ce) || text.charCodeAt(end - 2) !== 0x22 || text.charCodeAt(end - 1) !== 0x7d) return FALLBACK;
  const stored = text.slice(end - 66, end - 2);
  if (hash('sha256', buf.subarray(cs, ce), 'hex') !== stored) return `${MISMATCH} ${stored.slice(0, 12)}… differs from the SHA-256 of the record`;
  return parseFlat(text.slice(cs, ce), streamId, file, line, stored);
}

class Verifier {
  readonly warnings: string[] = [];
  private readonly keys = new Map<string, KeyObject | null>();
  trusted: KeyObject | undefined;
  trustedId: string | undefined;
  ledger = new Map<string, RetentionEntry[]>();
  ledgerBreaks = new Map<string, VerifyBreak>();
  losses = new Map<string, LossEntry[]>();
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

  /** Every witness file: the stream's own checkpoints-<stream id>.jsonl, and checkpoints.jsonl of older stores. */
  readWitness(): void {
    const files = fs.readdirSync(this.dir).filter(isWitnessFile).sort((a, b) => (a === CHECKPOINTS_FILE ? -1 : b === CHECKPOINTS_FILE ? 1 : a < b ? -1 : 1));
    for (const file of files) {
      let lines = 0;
      let tail: string;
      try {
        // Line by line: a witness may outgrow one string (checkpoints.jsonl was never compacted).
        tail = forEachLineSync(path.join(this.dir, file), (line, t) => {
          lines = line;
          this.witnessLine(file, line, t);
        });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') this.warnings.push(`${file}: could not be read (${(e as Error).message})`);
        continue;
      }
      if (tail !== '') this.warnings.push(`${file}: torn last line ${lines + 1} ignored`);
    }
  }

  private witnessLine(file: string, line: number, t: string): void {
    const r = parseLine(file, line, t, { checkpoint: true });
    if (typeof r === 'string' || r.streamId === undefined || r.checkpoint === undefined) {
      const kind = typeof r === 'string' && r.startsWith(MISMATCH) ? 'modified' : 'malformed';
      this.sideBreaks.push({ kind, file, line, streamId: '', message: typeof r === 'string' ? r : 'not a checkpoint record' });
      return;
    }
    const list = this.witness.get(r.streamId) ?? [];
    list.push({ file, line, streamId: r.streamId, number: r.number, hash: r.hash, signed: r.checkpoint });
    this.witness.set(r.streamId, list);
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
      this.warnings.push(`no trusted key (${CHECKPOINT_PUBLIC_KEY_FILE} missing, no --key): trusting the key of the first witnessed checkpoint (${first!.file})`);
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

  readLosses(): void {
    for (const e of readLossLedger(this.dir)) {
      const entry = e.entry;
      if (entry === undefined || typeof entry !== 'object' || typeof entry.stream_id !== 'string') {
        this.sideBreaks.push({ kind: 'malformed', file: LOSSES_FILE, line: e.line, streamId: '', message: e.error ?? 'not a loss entry' });
        continue;
      }
      if (this.trusted === undefined || !verifyLossEntry(entry, this.trusted)) {
        this.sideBreaks.push({
          kind: 'loss_forged',
          file: LOSSES_FILE,
          line: e.line,
          streamId: entry.stream_id,
          message: `loss entry for records #${entry.first_number}..#${entry.last_number} ${this.trusted ? 'is not signed by the trusted key' : 'cannot be checked: no trusted key'}`,
        });
        continue;
      }
      const list = this.losses.get(entry.stream_id) ?? [];
      list.push(entry);
      this.losses.set(entry.stream_id, list);
    }
  }

  /** A signed loss entry declaring exactly records first..last of the stream lost, if any. */
  declaredLoss(streamId: string, first: number, last: number): LossEntry | undefined {
    return this.losses.get(streamId)?.find((e) => e.first_number === first && e.last_number === last);
  }

  private integrityHmacKey: Buffer | null | undefined;
  /** A per-record signature verifies with the trusted Ed25519 key, or with the store's HMAC key. */
  recordSignatureValid(sig: { value: string; canonical: string }): boolean {
    const bytes = Buffer.from(sig.canonical, 'utf8');
    if (this.trusted !== undefined && verifyEd25519(bytes, sig.value, this.trusted)) return true;
    if (this.integrityHmacKey === undefined) {
      try {
        this.integrityHmacKey = Buffer.from(fs.readFileSync(path.join(this.dir, INTEGRITY_HMAC_KEY_FILE), 'utf8').trim(), 'base64');
      } catch {
        this.integrityHmacKey = null;
      }
    }
    return this.integrityHmacKey !== null && createHmac('sha256', this.integrityHmacKey).update(bytes).digest('base64') === sig.value;
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

  /** The record ids of a fast-parsed record, read again from its file (only at a broken link). */
  private idCache: { file: string; lines: string[] } | undefined;
  ids(r: Rec): { id: string | undefined; prevId: string | undefined } {
    if (r.ids) return r.ids;
    try {
      if (this.idCache?.file !== r.file) {
        const buf = fs.readFileSync(path.join(this.dir, r.file));
        this.idCache = { file: r.file, lines: (r.file.endsWith('.gz') ? gunzipSync(buf) : buf).toString('utf8').split('\n') };
      }
      const p = parseRecordLine(this.idCache.lines[r.line - 1] ?? '');
      if (p) return { id: str(p.record.attributes[S.recordId]), prevId: str(p.record.attributes[S.prevId]) };
    } catch {
      /* unreadable now: no ids */
    }
    return { id: undefined, prevId: undefined };
  }

  /** Reads a stream's segments line by line into the walk; only a few records are held at a time. */
  verifyStream(s: StreamSegments): StreamReport {
    const report: StreamReport = { id: s.streamId, records: 0, segments: 0, ended: false, checkpoints: 0, breaks: [] };
    const ledgerBreak = this.ledgerBreaks.get(s.streamId);
    if (ledgerBreak) report.breaks.push(ledgerBreak);
    const walk = new StreamWalk(this, s.streamId, report);
    s.segments.forEach((seg, i) => {
      const last = i === s.segments.length - 1;
      let buf: Buffer;
      try {
        buf = fs.readFileSync(path.join(this.dir, seg.file));
        if (seg.compressed) buf = gunzip(buf);
      } catch (e) {
        walk.push({ file: seg.file, line: 0, bad: `cannot read the segment: ${(e as Error).message}`, kind: 'malformed', torn: false });
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
            walk.push({ file: seg.file, line: 1, bad: 'missing or mismatched segment header', kind: 'malformed', torn: false });
          }
        } else {
          let r = parseLineBytes(s.streamId, seg.file, line, buf, text, pos, nl);
          if (r === FALLBACK) r = parseLine(seg.file, line, buf.toString('utf8', pos, nl), NOT_CHECKPOINT);
          if (typeof r !== 'string' && r.recordSignature && !this.recordSignatureValid(r.recordSignature)) {
            r = `${MISMATCH}: the per-record signature (audit.integrity.value) does not verify with the store's keys`;
          }
          if (typeof r === 'string') {
            const kind = r.startsWith(MISMATCH) ? 'modified' : 'malformed';
            walk.push({ file: seg.file, line, bad: r, kind, torn: kind === 'malformed' && last && nl === buf.length - 1 });
          } else walk.push(r);
        }
        pos = nl + 1;
      }
      if (pos < buf.length) walk.push({ file: seg.file, line: line + 1, bad: 'torn line without its newline', kind: 'malformed', torn: last });
    });
    walk.finish();
    return report;
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
        file: beyond.file,
        line: beyond.line,
        streamId,
        number: beyond.number,
        message: `stream ${streamId} reached #${beyond.number} (${beyond.file} line ${beyond.line}) but none of its segments is left${'why' in kept ? ': ' + kept.why : ''}`,
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

/** gunzip in one output chunk when the gzip trailer's size (a hint, capped) allows: no concatenation copy. */
function gunzip(gz: Buffer): Buffer {
  const isize = gz.length >= 4 ? gz.readUInt32LE(gz.length - 4) : 0;
  return gunzipSync(gz, { chunkSize: Math.min(Math.max(64 * 1024, isize + 1), 256 * 1024 * 1024) });
}

/** Hashes of the last HEAD_WINDOW records of a stream, for the heads that checkpoints sign. */
const HEAD_WINDOW = 4096;

/**
 * Follows one stream's chain record by record, with one record of lookahead (to tell which of two
 * records with the same number is the extra one); stops at the first break. A gap is decided at
 * the end of the stream: `reordered` when the missing number turns up later, else `deleted`.
 */
class StreamWalk {
  private pending: Rec | Bad | undefined;
  private prev: Rec | undefined;
  private lastRec: Rec | undefined;
  private first = 0;
  private ended = false;
  private stopped = false;
  private gap: { expected: number; at: Rec; prev: Rec; found: boolean } | undefined;
  private retainedHash: string | undefined;
  private lastCheckpointSig: string | undefined;
  /** A declared loss may have taken checkpoints: the next one's link to its predecessor cannot be checked. */
  private checkpointLinkLost = false;
  private readonly ringNumber = new Float64Array(HEAD_WINDOW);
  private readonly ringHash: string[] = new Array<string>(HEAD_WINDOW);
  /** number -> hash of the stream's checkpoint records, for the witness. */
  private readonly checkpointHashes = new Map<number, string>();

  constructor(
    private readonly v: Verifier,
    private readonly streamId: string,
    private readonly report: StreamReport,
  ) {}

  push(it: Rec | Bad): void {
    if ('number' in it) {
      const r = this.report;
      r.records++;
      r.first ??= it.number;
      r.last = it.number;
      r.ended = it.end;
      this.lastRec = it;
      if (this.gap && it.number === this.gap.expected) this.gap.found = true;
    }
    if (this.pending !== undefined) this.step(this.pending, it);
    this.pending = it;
  }

  finish(): void {
    if (this.pending !== undefined) this.step(this.pending, undefined);
    this.pending = undefined;
    const g = this.gap;
    if (g) {
      if (g.found) this.fail('reordered', g.at, `record #${g.at.number} comes before #${g.expected}`, g.at.number);
      else {
        const seg = g.at.file !== g.prev.file ? ' (a segment may be missing)' : '';
        this.fail('deleted', g.at, `records #${g.expected}..#${g.at.number - 1} are missing between ${g.prev.file}:${g.prev.line} and here${seg}`, g.expected);
      }
    }
    if (this.report.breaks.length === 0) this.checkWitness();
  }

  private fail(kind: BreakKind, at: { file: string; line: number }, message: string, number?: number): void {
    const b: VerifyBreak = { kind, file: at.file, line: at.line, streamId: this.streamId, message };
    if (number !== undefined && Number.isFinite(number)) b.number = number;
    this.report.breaks.push(b);
    this.stopped = true;
  }

  private step(it: Rec | Bad, next: Rec | Bad | undefined): void {
    if (this.stopped || this.gap) return;
    if (this.report.breaks.length > 0) {
      this.stopped = true; // a forged ledger entry of this stream was reported first
      return;
    }
    const { streamId } = this;
    if ('bad' in it) {
      if (it.torn && !this.ended && next === undefined) {
        this.report.tornTail = { file: it.file, line: it.line };
        this.v.warnings.push(`stream ${streamId}: torn last line ${it.file}:${it.line} tolerated (the unacknowledged tail of a crash)`);
        return;
      }
      return this.fail(it.kind, it, it.bad);
    }
    const r = it;
    const prev = this.prev;
    if (this.ended) return this.fail('after_end', r, `record #${r.number} comes after the end marker of the stream (#${prev!.number})`, r.number);
    if (r.streamId !== streamId) return this.fail('inserted', r, `record of stream ${r.streamId ?? '(none)'} inside stream ${streamId}`, r.number);
    if (!Number.isFinite(r.number) || r.number < 1) return this.fail('inserted', r, 'record without a valid audit.sequence.number', r.number);
    if (prev === undefined) {
      this.first = r.number;
      if (r.number > 1) {
        const kept = this.v.retained(streamId, r.number - 1);
        if ('why' in kept) return this.fail('deleted', r, `the stream starts at #${r.number}: records #1..#${r.number - 1} are missing and ${kept.why}`, 1);
        if (kept.lastHash !== r.prevHash) {
          return this.fail('deleted', r, `record #${r.number} does not link to the last record the retention ledger deleted (#${r.number - 1})`, r.number - 1);
        }
        this.report.retainedUpTo = r.number - 1;
        this.retainedHash = kept.lastHash;
      } else if (r.prevHash !== undefined) {
        return this.fail('inserted', r, 'record #1 claims a previous record', 1);
      }
    } else {
      const expected = prev.number + 1;
      if (r.number === expected) {
        if (r.prevHash !== prev.hash) {
          const prevId = this.v.ids(r).prevId;
          if (prevId !== undefined && prevId === this.v.ids(prev).id) {
            return this.fail(
              'modified',
              prev,
              `record #${prev.number} was changed after #${r.number} was chained to it (${r.file}:${r.line} names hash ${String(r.prevHash).slice(0, 12)}…, the record hashes to ${prev.hash.slice(0, 12)}…)`,
              prev.number,
            );
          }
          return this.fail('inserted', r, `record #${r.number} does not link to #${prev.number} (${prev.file}:${prev.line}): one of them is not part of the chain`, r.number);
        }
      } else if (r.number > expected) {
        const loss = this.v.declaredLoss(streamId, expected, r.number - 1);
        if (loss === undefined || loss.last_hash !== r.prevHash) {
          this.gap = { expected, at: r, prev, found: next !== undefined && 'number' in next && next.number === expected };
          return;
        }
        // A failing disk forced this loss; the signed ledger declares exactly this gap.
        (this.report.lost ??= []).push({ first: expected, last: r.number - 1 });
        this.v.warnings.push(`stream ${streamId}: records #${expected}..#${r.number - 1} were lost to a failing disk (${loss.error}), as ${LOSSES_FILE} declares`);
        this.checkpointLinkLost = true;
      } else if (r.number >= this.first) {
        // A second record with a number already taken: the one its successor does not link to is the extra one.
        const extra = next !== undefined && 'number' in next && r.number === prev.number && r.hash !== prev.hash && next.prevHash === r.hash ? prev : r;
        return this.fail('inserted', extra, `a second record numbered #${r.number}: the chain does not link it`, r.number);
      } else {
        return this.fail('reordered', r, `record #${r.number} comes after #${prev.number}`, r.number);
      }
    }
    const slot = r.number % HEAD_WINDOW;
    this.ringNumber[slot] = r.number;
    this.ringHash[slot] = r.hash;
    if (r.checkpoint !== undefined && !this.checkCheckpoint(r, r.checkpoint)) return;
    if (r.end) this.ended = true;
    this.prev = r;
  }

  private checkCheckpoint(r: Rec, c: Signed): boolean {
    this.report.checkpoints++;
    this.checkpointHashes.set(r.number, r.hash);
    const bad = this.v.checkSignature(c);
    if (bad) return void this.fail(bad.kind, r, `checkpoint #${r.number}: ${bad.why}`, r.number), false;
    const h = c.statement.sequence_number;
    if (c.statement.stream_id !== this.streamId) return void this.fail('checkpoint_forged', r, `checkpoint #${r.number} signs stream ${c.statement.stream_id}`, r.number), false;
    if (!(h < r.number)) return void this.fail('checkpoint_forged', r, `checkpoint #${r.number} signs head #${h}, which is not before it`, r.number), false;
    const have = this.ringNumber[h % HEAD_WINDOW] === h ? this.ringHash[h % HEAD_WINDOW] : h === this.first - 1 ? this.retainedHash : undefined;
    if (have === undefined && h >= this.first) this.v.warnings.push(`stream ${this.streamId}: checkpoint #${r.number} signs head #${h}, too far back to compare`);
    if (have !== undefined && have !== c.statement.head_hash) {
      return (
        void this.fail(
          'checkpoint_forged',
          r,
          `checkpoint #${r.number} signs head #${h} with hash ${c.statement.head_hash.slice(0, 12)}…, but the chain's record #${h} hashes to ${have.slice(0, 12)}…`,
          r.number,
        ),
        false
      );
    }
    const expectedPrevious = this.checkpointLinkLost
      ? undefined
      : this.lastCheckpointSig !== undefined
        ? hash('sha256', this.lastCheckpointSig, 'hex')
        : this.first === 1
          ? ''
          : undefined;
    this.checkpointLinkLost = false;
    if (expectedPrevious !== undefined && c.statement.previous !== expectedPrevious) {
      return void this.fail('checkpoint_forged', r, `checkpoint #${r.number} does not link to the previous checkpoint of the stream`, r.number), false;
    }
    this.lastCheckpointSig = c.signature;
    return true;
  }

  /** checkpoints.jsonl against the chain: each witnessed checkpoint is in the chain, byte for byte. */
  private checkWitness(): void {
    const last = this.lastRec;
    const witnessed = this.v.witness.get(this.streamId) ?? [];
    if (witnessed.length === 0 && this.report.checkpoints > 0) {
      this.v.warnings.push(`stream ${this.streamId}: no witness file (${witnessFileName(this.streamId)}) holds any of its checkpoints, so a cut-off tail could not be told`);
    }
    for (const w of witnessed) {
      const at = { file: w.file, line: w.line };
      if (w.signed) {
        const bad = this.v.checkSignature(w.signed);
        if (bad) return this.fail(bad.kind, at, `witnessed checkpoint #${w.number}: ${bad.why}`, w.number);
      }
      if (this.report.retainedUpTo !== undefined && w.number <= this.report.retainedUpTo) continue;
      if (last === undefined || w.number > last.number) {
        return this.fail(
          'truncated',
          last ?? at,
          `the chain ends at ${last ? '#' + last.number : 'nothing'}, but ${w.file} line ${w.line} witnessed checkpoint #${w.number}: the tail was cut off`,
          last ? last.number + 1 : w.number,
        );
      }
      if (this.checkpointHashes.get(w.number) !== w.hash) {
        return this.fail('modified', at, `checkpoint #${w.number} in the segments differs from its witnessed copy in ${w.file} line ${w.line}`, w.number);
      }
    }
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
  v.readLosses();
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

/**
 * @internal For tests (not exported from the package index): one record line read by the fast
 * path (`fast` undefined when it defers) and by the full parse, to prove they agree.
 */
export function readLineBothWays(line: string, streamId: string): { fast: unknown; full: unknown } {
  const buf = Buffer.from(line, 'utf8');
  const pick = (r: Rec | string | typeof FALLBACK): unknown =>
    r === FALLBACK ? undefined : typeof r === 'string' ? r : { number: r.number, hash: r.hash, streamId: r.streamId, prevHash: r.prevHash, end: r.end };
  return {
    fast: pick(parseLineBytes(streamId, 'x', 1, buf, buf.toString('latin1'), 0, buf.length)),
    full: pick(parseLine('x', 1, line, NOT_CHECKPOINT)),
  };
}
