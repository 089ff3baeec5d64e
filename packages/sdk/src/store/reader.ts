/**
 * Reading the store: lists segments by stream and yields their lines (plain or gzip), with file
 * and line number, for verify, tail, retention and the shipper.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseSegmentName, splitRecordLine, type SegmentHeader, type SegmentName } from './format.js';

export interface StreamSegments {
  streamId: string;
  segments: SegmentName[];
}

/** Segments in `dir`, grouped by stream, each stream's in index order, streams oldest first. */
export function listStreams(dir: string): StreamSegments[] {
  let files: string[];
  try {
    files = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const byStream = new Map<string, SegmentName[]>();
  for (const f of files) {
    const s = parseSegmentName(f);
    if (!s) continue;
    const list = byStream.get(s.streamId) ?? [];
    // A rotated segment is briefly both .jsonl and .jsonl.gz while it is compressed: keep the plain one.
    const twin = list.findIndex((x) => x.index === s.index);
    if (twin >= 0) {
      if (list[twin]!.compressed) list[twin] = s;
    } else list.push(s);
    byStream.set(s.streamId, list);
  }
  const out = [...byStream.entries()].map(([streamId, segments]) => ({ streamId, segments: segments.sort((a, b) => a.index - b.index) }));
  return out.sort((a, b) => (a.segments[0]!.stamp < b.segments[0]!.stamp ? -1 : a.segments[0]!.stamp > b.segments[0]!.stamp ? 1 : 0));
}

/** The whole text of a segment (gunzipped). */
export function readSegmentText(dir: string, s: SegmentName): string {
  const buf = fs.readFileSync(path.join(dir, s.file));
  return (s.compressed ? gunzipSync(buf) : buf).toString('utf8');
}

export interface SegmentLines {
  header: SegmentHeader | undefined;
  /** Complete lines after the header (line numbers are 1-based file lines). */
  lines: Array<{ line: number; text: string }>;
  /** Text after the last newline: a torn (partly written) last line, or ''. */
  tail: string;
}

export function splitSegment(text: string): SegmentLines {
  const lastNl = text.lastIndexOf('\n');
  const tail = text.slice(lastNl + 1);
  const body = lastNl >= 0 ? text.slice(0, lastNl) : '';
  const all = body.length > 0 ? body.split('\n') : [];
  let header: SegmentHeader | undefined;
  let start = 0;
  if (all.length > 0 && all[0]!.startsWith('{"segment":')) {
    try {
      header = (JSON.parse(all[0]!) as { segment: SegmentHeader }).segment;
    } catch {
      header = undefined;
    }
    start = 1;
  }
  const lines: Array<{ line: number; text: string }> = [];
  for (let i = start; i < all.length; i++) lines.push({ line: i + 1, text: all[i]! });
  return { header, lines, tail };
}

/**
 * Calls `fn` for each complete line of a file that may outgrow one string (the checkpoint witness
 * grows by about a kilobyte per checkpoint, and V8 strings stop at 512 MiB), reading 1 MiB at a
 * time. Returns the text after the last newline (a torn last line), or ''. Throws when the file
 * cannot be opened.
 */
export function forEachLineSync(file: string, fn: (line: number, text: string) => void): string {
  const fd = fs.openSync(file, 'r');
  try {
    const chunk = Buffer.allocUnsafe(1 << 20);
    let carry: Buffer = Buffer.alloc(0);
    let line = 0;
    for (;;) {
      const n = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      const data = carry.length > 0 ? Buffer.concat([carry, chunk.subarray(0, n)]) : chunk.subarray(0, n);
      let start = 0;
      for (let nl = data.indexOf(0x0a, start); nl >= 0; nl = data.indexOf(0x0a, start)) {
        fn(++line, data.toString('utf8', start, nl));
        start = nl + 1;
      }
      carry = Buffer.from(data.subarray(start)); // a copy: `chunk` is reused
    }
    return carry.toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}

export interface StoredRecord {
  eventName: string;
  timestamp: string;
  observedTimestamp: string;
  traceId?: string;
  spanId?: string;
  body?: string;
  /** AnyValue-wrapped, as stored. */
  attributes: Record<string, unknown>;
  /** The per-record signature (`audit.integrity.value`), when the store signs records. */
  integrityValue?: string;
}

/** Parses a record line into the stored record, its canonical text and stored hash; undefined when malformed. */
export function parseRecordLine(text: string): { record: StoredRecord; canonical: string; hash: string } | undefined {
  const parts = splitRecordLine(text);
  if (!parts) return undefined;
  try {
    const o = JSON.parse(parts.canonical) as {
      event_name?: string;
      timestamp: string;
      observed_timestamp: string;
      trace_id?: string;
      span_id?: string;
      body?: string;
      attributes?: Record<string, unknown>;
    };
    const record: StoredRecord = {
      eventName: o.event_name ?? '',
      timestamp: o.timestamp,
      observedTimestamp: o.observed_timestamp,
      attributes: o.attributes ?? {},
    };
    if (o.trace_id !== undefined) record.traceId = o.trace_id;
    if (o.span_id !== undefined) record.spanId = o.span_id;
    if (o.body !== undefined) record.body = o.body;
    if (parts.integrityValue !== undefined) record.integrityValue = parts.integrityValue;
    return { record, canonical: parts.canonical, hash: parts.hash };
  } catch {
    return undefined;
  }
}

/** Reads one AnyValue-wrapped attribute as a plain scalar. */
export function attr(a: Record<string, unknown>, key: string): string | number | boolean | undefined {
  const v = a[key] as Record<string, unknown> | undefined;
  if (v === undefined || v === null || typeof v !== 'object') return undefined;
  if ('stringValue' in v) return v.stringValue as string;
  if ('intValue' in v) return Number(v.intValue);
  if ('boolValue' in v) return v.boolValue as boolean;
  if ('doubleValue' in v) return v.doubleValue as number;
  return undefined;
}
