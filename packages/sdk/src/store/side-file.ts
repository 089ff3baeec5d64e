/**
 * The store's side files (retention.jsonl, losses.jsonl): JSON lines appended
 * durably, and read back line by line with malformed lines reported, not thrown.
 */
import * as fs from 'node:fs';

/** Appends text (whole lines) to `file` (0600) and fdatasyncs it. Throws on I/O errors. */
export function appendDurably(file: string, text: string): void {
  const fd = fs.openSync(file, 'a', 0o600);
  try {
    fs.writeSync(fd, text);
    fs.fdatasyncSync(fd);
  } finally {
    fs.closeSync(fd);
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
