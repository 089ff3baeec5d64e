/**
 * The store's side files (retention.jsonl, losses.jsonl): JSON lines appended
 * durably, and read back line by line with malformed lines reported, not thrown; and files
 * replaced whole, atomically (the shipper's cursor, a compacted witness).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Opens `file` with `flag` (created 0600), writes `text`, syncs it with `sync` and closes it. Throws
 * on I/O errors (`wx`: EEXIST when the file is there already).
 */
export function writeSynced(file: string, flag: 'a' | 'w' | 'wx', text: string, sync: (fd: number) => void = fs.fsyncSync): void {
  const fd = fs.openSync(file, flag, 0o600);
  try {
    fs.writeFileSync(fd, text);
    sync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Appends text (whole lines) to `file` (0600) and fdatasyncs it. Throws on I/O errors. */
export function appendDurably(file: string, text: string): void {
  writeSynced(file, 'a', text, fs.fdatasyncSync);
}

/**
 * Replaces `file` (0600) with `text` atomically: a temp file, fsynced, renamed over it, then the
 * folder fsynced. On failure the temp file is removed, `file` is left as it was, and it throws.
 */
export function replaceDurably(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeSynced(tmp, 'w', text);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  syncFolder(path.dirname(file));
}

function syncFolder(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    /* some file systems refuse fsync on a folder; the rename itself is atomic */
  }
}

/** The JSON lines of `file` (none when it does not exist); a line that does not parse comes back as `{ line, error }`. */
export function readJsonLines<T>(file: string): Array<{ line: number; entry?: T; error?: string }> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const out: Array<{ line: number; entry?: T; error?: string }> = [];
  text.split('\n').forEach((l, i) => {
    if (l.trim() === '') return;
    try {
      out.push({ line: i + 1, entry: JSON.parse(l) as T });
    } catch {
      out.push({ line: i + 1, error: 'malformed line' });
    }
  });
  return out;
}
