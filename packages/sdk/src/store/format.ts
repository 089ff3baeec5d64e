/**
 * The on-disk format of the local store (docs/STORE.md). One folder, append-only JSONL segments:
 *   audit-<UTC stamp>-<stream id>-<index>.jsonl      open or abandoned segment
 *   audit-<UTC stamp>-<stream id>-<index>.jsonl.gz   rotated segment
 * First line of a segment: {"segment":{...header...}}. Every other line:
 *   {"record":<canonical record>,"integrity_hash":"<sha256 hex of the canonical text>"}
 * so the hash covers exactly the stored bytes between the fixed prefix and suffix.
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

export const CHECKPOINTS_FILE = 'checkpoints.jsonl';
export const RETENTION_FILE = 'retention.jsonl';
export const LOSSES_FILE = 'losses.jsonl';
export const CURSOR_FILE = 'shipper-cursor.json';
export const CHECKPOINT_KEY_FILE = 'checkpoint-ed25519.pem';
export const CHECKPOINT_PUBLIC_KEY_FILE = 'checkpoint-ed25519.pub.pem';
export const PSEUDONYM_KEY_FILE = 'pseudonym.key';

export interface SegmentHeader {
  format: string;
  stream_id: string;
  index: number;
  created: string;
  resource: Record<string, unknown>;
}

export function recordLine(canonical: string, hash: string): string {
  return RECORD_PREFIX + canonical + HASH_KEY + hash + '"}\n';
}

export function headerLine(h: SegmentHeader): string {
  return JSON.stringify({ segment: h }) + '\n';
}

/** Splits a stored record line (without its newline) into canonical text and stored hash; undefined when malformed. */
export function splitRecordLine(line: string): { canonical: string; hash: string } | undefined {
  if (!line.startsWith(RECORD_PREFIX) || line.length < RECORD_PREFIX.length + RECORD_SUFFIX_LENGTH + 2) return undefined;
  const s = line.length - RECORD_SUFFIX_LENGTH;
  if (!line.startsWith(HASH_KEY, s) || !line.endsWith('"}')) return undefined;
  return { canonical: line.slice(RECORD_PREFIX.length, s), hash: line.slice(s + HASH_KEY.length, line.length - 2) };
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
