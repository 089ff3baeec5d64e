/**
 * One shipper per store folder: processes that share a folder each start a shipper, but only the
 * holder of `shipper.lock` ships (every stream); the others wait and take over when the holder is
 * gone. The lock file names its holder (pid, host) and is touched while held; it is stale when its
 * process is dead (same host) or it has not been touched for `staleMs` (a crash elsewhere, a reused
 * pid). Without the lease every process would ship every record and overwrite the others' cursor.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';

export const LEASE_FILE = 'shipper.lock';
const STALE_MS = 300_000;

interface LeaseHolder {
  pid: number;
  host: string;
  token: string;
  since: string;
}

export class ShipperLease {
  private readonly file: string;
  private readonly token = randomUUID();
  private held = false;
  private lastTouch = 0;

  constructor(
    dir: string,
    private readonly staleMs = STALE_MS,
  ) {
    this.file = path.join(dir, LEASE_FILE);
  }

  get isHeld(): boolean {
    return this.held;
  }

  /** Takes the lease if it is free or stale, keeps it fresh if held. True while this shipper holds it. */
  acquire(): boolean {
    if (this.held) {
      if (!this.stillOurs()) {
        this.held = false;
        return false;
      }
      this.touch();
      return true;
    }
    if (this.tryCreate()) return true;
    if (!this.isStale(this.readHolder())) return false;
    // Free it (stale or unreadable), then race for it like everybody else.
    fs.rmSync(this.file, { force: true });
    return this.tryCreate();
  }

  /** Gives the lease up (stop, process exit). */
  release(): void {
    if (!this.held) return;
    this.held = false;
    if (this.stillOurs()) fs.rmSync(this.file, { force: true });
  }

  private tryCreate(): boolean {
    const holder: LeaseHolder = { pid: process.pid, host: os.hostname(), token: this.token, since: new Date().toISOString() };
    try {
      fs.writeFileSync(this.file, JSON.stringify(holder) + '\n', { flag: 'wx', mode: 0o600 });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw e;
    }
    this.held = true;
    this.lastTouch = Date.now();
    return true;
  }

  private touch(): void {
    const now = Date.now();
    if (now - this.lastTouch < this.staleMs / 6) return;
    this.lastTouch = now;
    const t = new Date(now);
    fs.utimesSync(this.file, t, t);
  }

  private stillOurs(): boolean {
    return this.readHolder()?.token === this.token;
  }

  private readHolder(): LeaseHolder | undefined {
    try {
      return JSON.parse(fs.readFileSync(this.file, 'utf8')) as LeaseHolder;
    } catch {
      return undefined;
    }
  }

  /** `holder` undefined: unreadable, perhaps being written this instant, so only its age counts. */
  private isStale(holder: LeaseHolder | undefined): boolean {
    if (holder !== undefined && holder.host === os.hostname() && !processAlive(holder.pid)) return true;
    try {
      return Date.now() - fs.statSync(this.file).mtimeMs > this.staleMs;
    } catch {
      return true;
    }
  }
}

function processAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
