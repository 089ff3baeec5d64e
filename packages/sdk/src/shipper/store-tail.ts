/**
 * Reads the store forward from the shipper's cursor: every stream in the folder (other processes
 * share it), each stream's segments in index order, complete lines only (a line without its final
 * newline is still being written). A segment is finished once a later segment of its stream exists;
 * the reader then moves on to it. Between reads a segment may change from `.jsonl` to `.jsonl.gz`:
 * the position is a segment index and line number, and the byte offset kept here is only a hint
 * for the file it was taken from.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { listStreams } from '../store/reader.js';
import type { SegmentHeader, SegmentName } from '../store/format.js';
import type { Cursor, StreamPosition } from './cursor.js';

export interface TailLine {
  streamId: string;
  segment: number;
  /** File line number (the header is line 1). */
  line: number;
  text: string;
  header: SegmentHeader | undefined;
}

export interface TailRead {
  lines: TailLine[];
  /** Where each stream read stands after `lines` (only streams that moved). */
  positions: Map<string, StreamPosition>;
  /** Streams present in the folder (to forget cursor entries of streams deleted by retention). */
  streamIds: string[];
  /** Segments that were deleted before they were shipped: `stream: from..to`. */
  gaps: string[];
}

/** Where the last read of a stream's segment stopped (a hint, valid only for that very file). */
interface ReadHint {
  file: string;
  line: number;
  offset: number;
  header: SegmentHeader | undefined;
}

const CHUNK_BYTES = 1 << 20;
const NEWLINE = 0x0a;
const HEADER_PREFIX = '{"segment":';

export class StoreTail {
  private readonly hints = new Map<string, ReadHint>();
  /** The last rotated segment read, decompressed (gunzip once, then read its batches from memory). */
  private inflated: { file: string; data: Buffer } | undefined;

  constructor(private readonly dir: string) {}

  /** Up to `max` complete lines after the cursor, across streams. `onError` hears about unreadable files. */
  read(cursor: Cursor, max: number, onError: (file: string, err: NodeJS.ErrnoException) => void): TailRead {
    const result: TailRead = { lines: [], positions: new Map(), streamIds: [], gaps: [] };
    for (const stream of listStreams(this.dir)) {
      result.streamIds.push(stream.streamId);
      if (result.lines.length >= max) continue;
      const start = cursor.get(stream.streamId) ?? { segment: stream.segments[0]!.index, line: 0 };
      let position = start;
      for (let i = 0; i < stream.segments.length && result.lines.length < max; i++) {
        const segment = stream.segments[i]!;
        if (segment.index < position.segment) continue;
        if (segment.index > position.segment) {
          result.gaps.push(`${stream.streamId}: segments ${position.segment}..${segment.index - 1}`);
          position = { segment: segment.index, line: 0 };
        }
        let found: { lines: Array<{ line: number; text: string }>; header: SegmentHeader | undefined };
        try {
          found = this.readSegment(stream.streamId, segment, position.line, max - result.lines.length);
        } catch (e) {
          // Rotated and compressed since the listing (ENOENT), or unreadable: try again on the next read.
          if ((e as NodeJS.ErrnoException).code !== 'ENOENT') onError(segment.file, e as NodeJS.ErrnoException);
          break;
        }
        for (const l of found.lines) {
          result.lines.push({ streamId: stream.streamId, segment: segment.index, line: l.line, text: l.text, header: found.header });
        }
        if (found.lines.length > 0) position = { segment: segment.index, line: found.lines[found.lines.length - 1]!.line };
        const next = stream.segments[i + 1];
        // A later segment exists, so this one is complete: once read to its end, move on.
        if (next !== undefined && result.lines.length < max) position = { segment: next.index, line: 0 };
      }
      if (position.segment !== start.segment || position.line !== start.line) result.positions.set(stream.streamId, position);
    }
    return result;
  }

  /** Complete lines after `afterLine` (at most `max`), and the segment header. */
  private readSegment(
    streamId: string,
    segment: SegmentName,
    afterLine: number,
    max: number,
  ): { lines: Array<{ line: number; text: string }>; header: SegmentHeader | undefined } {
    const hint = this.hints.get(streamId);
    let offset = 0;
    let line = 0;
    let header: SegmentHeader | undefined;
    if (hint !== undefined && hint.file === segment.file && hint.line <= afterLine) {
      ({ offset, line, header } = hint);
    }
    const readChunk = segment.compressed ? this.inflatedReader(segment.file) : undefined;
    const fd = readChunk === undefined ? fs.openSync(path.join(this.dir, segment.file), 'r') : -1;
    const lines: Array<{ line: number; text: string }> = [];
    try {
      let carry = Buffer.alloc(0);
      while (lines.length < max) {
        let chunk: Buffer;
        if (readChunk !== undefined) chunk = readChunk(offset + carry.length);
        else {
          chunk = Buffer.allocUnsafe(CHUNK_BYTES);
          chunk = chunk.subarray(0, fs.readSync(fd, chunk, 0, CHUNK_BYTES, offset + carry.length));
        }
        if (chunk.length === 0) break;
        const data = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
        let start = 0;
        for (let nl = data.indexOf(NEWLINE); nl >= 0 && lines.length < max; nl = data.indexOf(NEWLINE, start)) {
          line++;
          if (line === 1 || line > afterLine) {
            const text = data.toString('utf8', start, nl);
            if (line === 1 && text.startsWith(HEADER_PREFIX)) header = parseHeader(text);
            else if (line > afterLine) lines.push({ line, text });
          }
          start = nl + 1;
        }
        offset += start;
        carry = Buffer.from(data.subarray(start));
      }
    } finally {
      if (fd >= 0) fs.closeSync(fd);
    }
    this.hints.set(streamId, { file: segment.file, line, offset, header });
    return { lines, header };
  }

  /** Reads a `.jsonl.gz` segment once and serves chunks of it from memory. */
  private inflatedReader(file: string): (at: number) => Buffer {
    if (this.inflated?.file !== file) {
      this.inflated = undefined; // free the previous one before inflating the next
      this.inflated = { file, data: gunzipSync(fs.readFileSync(path.join(this.dir, file))) };
    }
    const whole = this.inflated.data;
    return (at) => whole.subarray(at, at + CHUNK_BYTES);
  }
}

function parseHeader(text: string): SegmentHeader | undefined {
  try {
    return (JSON.parse(text) as { segment: SegmentHeader }).segment;
  } catch {
    return undefined;
  }
}
