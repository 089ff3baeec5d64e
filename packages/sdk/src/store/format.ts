/**
 * The on-disk format of the local store (docs/STORE.md). One folder, append-only JSONL segments:
 *   audit-<UTC stamp>-<stream id>-<index>.jsonl      open or abandoned segment
 *   audit-<UTC stamp>-<stream id>-<index>.jsonl.gz   rotated segment
 * First line of a segment: {"segment":{...header...}}. Every other line:
 *   {"record":<canonical record>,"integrity_hash":"<sha256 hex of the canonical text>"}
 * so the hash covers exactly the stored bytes between the fixed prefix and suffix. With per-record
 * signatures on, the line starts {"integrity_value":"<base64>","record":... instead.
 * Beside them: checkpoints.jsonl (a copy of every checkpoint line, the local witness),
 * retention.jsonl (signed entries for segments deleted by retention), losses.jsonl (signed entries
 * for records a failing disk forced the store to give up), shipper-cursor.json and
 * shipper.lock (the shipper's position and which process ships),
 * checkpoint-ed25519.pem / .pub.pem and pseudonym.key (0600).
 */
export const FORMAT = 'auditel-jsonl/1';
export const RECORD_PREFIX = '{"record":';
export const HASH_KEY = ',"integrity_hash":"';
/** Length of the suffix `,"integrity_hash":"<64 hex>"}`. */
export const RECORD_SUFFIX_LENGTH = HASH_KEY.length + 64 + 2;

/** The checkpoint witness of every stream in one file: written before witness files were per stream; still read by verify. */
export const CHECKPOINTS_FILE = 'checkpoints.jsonl';
/** A stream's checkpoint witness: written by the stream's own process only, so it can compact it safely. */
export function witnessFileName(streamId: string): string {
  return `checkpoints-${streamId}.jsonl`;
}
/** checkpoints.jsonl, or a stream's checkpoints-<stream id>.jsonl. */
export function isWitnessFile(name: string): boolean {
  return name === CHECKPOINTS_FILE || /^checkpoints-[0-9a-f-]{36}\.jsonl$/.test(name);
}
export const RETENTION_FILE = 'retention.jsonl';
export const LOSSES_FILE = 'losses.jsonl';
export const CURSOR_FILE = 'shipper-cursor.json';
export const CHECKPOINT_KEY_FILE = 'checkpoint-ed25519.pem';
export const CHECKPOINT_PUBLIC_KEY_FILE = 'checkpoint-ed25519.pub.pem';
export const PSEUDONYM_KEY_FILE = 'pseudonym.key';
export const INTEGRITY_HMAC_KEY_FILE = 'integrity-hmac.key';

export interface SegmentHeader {
  format: string;
  stream_id: string;
  index: number;
  created: string;
  resource: Record<string, unknown>;
}

/** Prefix of a record line that carries a per-record signature (`audit.integrity.value`, base64). */
export const SIGNED_PREFIX = '{"integrity_value":"';
const SIGNED_MIDDLE = '","record":';

export function recordLine(canonical: string, hash: string, integrityValue?: string): string {
  if (integrityValue !== undefined) return SIGNED_PREFIX + integrityValue + SIGNED_MIDDLE + canonical + HASH_KEY + hash + '"}\n';
  return RECORD_PREFIX + canonical + HASH_KEY + hash + '"}\n';
}

export function headerLine(h: SegmentHeader): string {
  return JSON.stringify({ segment: h }) + '\n';
}

/** Splits a stored record line (without its newline) into canonical text and stored hash; undefined when malformed. */
export function splitRecordLine(line: string): { canonical: string; hash: string; integrityValue?: string } | undefined {
  let start = RECORD_PREFIX.length;
  let integrityValue: string | undefined;
  if (line.startsWith(SIGNED_PREFIX)) {
    const m = line.indexOf(SIGNED_MIDDLE, SIGNED_PREFIX.length);
    if (m < 0 || !/^[A-Za-z0-9+/=]*$/.test(line.slice(SIGNED_PREFIX.length, m))) return undefined;
    integrityValue = line.slice(SIGNED_PREFIX.length, m);
    start = m + SIGNED_MIDDLE.length;
  } else if (!line.startsWith(RECORD_PREFIX)) return undefined;
  if (line.length < start + RECORD_SUFFIX_LENGTH + 2) return undefined;
  const s = line.length - RECORD_SUFFIX_LENGTH;
  if (!line.startsWith(HASH_KEY, s) || !line.endsWith('"}')) return undefined;
  const parts: { canonical: string; hash: string; integrityValue?: string } = { canonical: line.slice(start, s), hash: line.slice(s + HASH_KEY.length, line.length - 2) };
  if (integrityValue !== undefined) parts.integrityValue = integrityValue;
  return parts;
}

const SEGMENT_NAME = /^audit-(\d{8}T\d{6}Z)-([0-9a-f-]{36})-(\d{6})\.jsonl(\.gz)?$/;

export interface SegmentName {
  file: string;
  stamp: string;
  streamId: string;
  index: number;
  compressed: boolean;
}

export function parseSegmentName(file: string): SegmentName | undefined {
  const m = SEGMENT_NAME.exec(file);
  if (!m) return undefined;
  return { file, stamp: m[1]!, streamId: m[2]!, index: Number(m[3]), compressed: m[4] !== undefined };
}

export function segmentName(created: Date, streamId: string, index: number): string {
  const stamp = created.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
  return `audit-${stamp}-${streamId}-${String(index).padStart(6, '0')}.jsonl`;
}
