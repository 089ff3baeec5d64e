// Test helpers: read every record of an Auditel store folder, and temp folders.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listStreams, readSegmentText, splitSegment, parseRecordLine, attr, unwrapAttributes } from '@auditel/sdk';

/** All record lines of `dir`, stream by stream: { file, line, text, record, canonical, hash, streamId }. */
export function readStore(dir) {
  const out = [];
  for (const s of listStreams(dir)) {
    for (const seg of s.segments) {
      const { lines } = splitSegment(readSegmentText(dir, seg));
      for (const l of lines) {
        const p = parseRecordLine(l.text);
        out.push({ file: seg.file, line: l.line, text: l.text, streamId: s.streamId, ...(p ?? {}) });
      }
    }
  }
  return out;
}

/** Plain value of an attribute of a stored record. */
export function a(rec, key) {
  return attr(rec.record.attributes, key);
}

export function tempDir(t, prefix = 'auditel-test-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t?.after?.(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Every record of `dir` in a flat form for assertions: { event, a (plain attributes), traceId, spanId, raw }. */
export function readRecords(dir) {
  return readStore(dir)
    .filter((r) => r.record)
    .map((r) => ({ event: r.record.eventName, a: unwrapAttributes(r.record.attributes), traceId: r.record.traceId, spanId: r.record.spanId, raw: r.text }));
}
