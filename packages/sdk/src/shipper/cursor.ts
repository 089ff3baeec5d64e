/**
 * The shipper's durable cursor, `shipper-cursor.json` in the store folder: for each stream, the
 * segment index and the last file line (the header is line 1) acknowledged by the receiver.
 * Positions are by segment index and line number, never by file name or byte offset, so they stay
 * valid when a segment is rotated from `.jsonl` to `.jsonl.gz`. Written atomically: a temporary
 * file, fsync, rename, fsync of the folder.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CURSOR_FILE } from '../store/format.js';
import { replaceDurably } from '../store/side-file.js';

export interface StreamPosition {
  /** Segment index (the `-000001` part of the file name). */
  segment: number;
  /** Last shipped file line of that segment; 0 when nothing of it is shipped yet. */
  line: number;
}

/** Stream id -> position. */
export type Cursor = Map<string, StreamPosition>;

const CURSOR_VERSION = 1;

interface CursorFile {
  version: number;
  updated: string;
  streams: Record<string, StreamPosition>;
}

function isPosition(v: unknown): v is StreamPosition {
  const p = v as StreamPosition;
  return typeof p === 'object' && p !== null && Number.isSafeInteger(p.segment) && p.segment >= 0 && Number.isSafeInteger(p.line) && p.line >= 0;
}

/** Reads the cursor; a missing file is an empty cursor, an unreadable one throws (the caller reports it). */
export function loadCursor(dir: string): Cursor {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, CURSOR_FILE), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw e;
  }
  const parsed = JSON.parse(text) as CursorFile;
  if (parsed?.version !== CURSOR_VERSION || typeof parsed.streams !== 'object' || parsed.streams === null) {
    throw new Error(`${CURSOR_FILE} has an unknown shape`);
  }
  const cursor: Cursor = new Map();
  for (const [streamId, position] of Object.entries(parsed.streams)) {
    if (isPosition(position)) cursor.set(streamId, { segment: position.segment, line: position.line });
  }
  return cursor;
}

/** Writes the cursor atomically (tmp file, fsync, rename, folder fsync). Throws on failure. */
export function saveCursor(dir: string, cursor: Cursor): void {
  const body: CursorFile = { version: CURSOR_VERSION, updated: new Date().toISOString(), streams: Object.fromEntries(cursor) };
  replaceDurably(path.join(dir, CURSOR_FILE), JSON.stringify(body) + '\n');
}
