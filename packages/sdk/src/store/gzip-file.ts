/**
 * gzip one file into another, fsynced, through one reused read buffer. A stream pipeline
 * (createReadStream -> createGzip -> createWriteStream) allocates a fresh buffer for every chunk it
 * reads; on a 60 MiB segment that cost about three times the CPU of this loop, and five times the
 * emitting thread's time (bench note in docs/STORE.md).
 */
import * as fs from 'node:fs';
import { createGzip } from 'node:zlib';

const CHUNK = 1 << 20;

export async function gzipFile(src: string, dst: string, level: number): Promise<void> {
  const input = await fs.promises.open(src, 'r');
  let output: fs.promises.FileHandle | undefined;
  try {
    output = await fs.promises.open(dst, 'w', 0o600);
    const gz = createGzip({ chunkSize: CHUNK, level });
    const out: Buffer[] = [];
    let failed: Error | undefined;
    gz.on('data', (d: Buffer) => out.push(d));
    gz.on('error', (e) => (failed = e));
    const ended = new Promise<void>((resolve) => gz.once('end', resolve).once('error', () => resolve()));
    const drain = async (): Promise<void> => {
      if (failed) throw failed;
      while (out.length > 0) await output!.write(out.shift()!);
    };
    const buf = Buffer.allocUnsafe(CHUNK);
    for (let pos = 0; ; ) {
      const { bytesRead } = await input.read(buf, 0, CHUNK, pos);
      if (bytesRead === 0) break;
      pos += bytesRead;
      // The write callback runs once zlib has taken the bytes: only then is `buf` free again.
      await new Promise<void>((resolve, reject) => gz.write(buf.subarray(0, bytesRead), (e) => (e ? reject(e) : resolve())));
      await drain();
    }
    gz.end();
    await ended;
    await drain();
    await output.sync();
  } finally {
    await input.close();
    await output?.close();
  }
}
