/**
 * Diagnostics of the audit pipeline itself: counters, and reports through the OpenTelemetry diag
 * logger and (unless AUDITEL_DIAGNOSTICS=off) one stderr line per kind per minute, so a failing
 * audit pipeline is never silent.
 */
import { diag } from '@opentelemetry/api';

export class Diagnostics {
  private readonly counters = new Map<string, number>();
  private readonly lastReport = new Map<string, number>();
  readonly reports: string[] = [];

  count(name: string, by = 1): void {
    this.counters.set(name, (this.counters.get(name) ?? 0) + by);
  }

  counter(name: string): number {
    return this.counters.get(name) ?? 0;
  }

  report(kind: string, message: string): void {
    this.count(`report.${kind}`);
    diag.warn(`auditel: ${message}`);
    const now = Date.now();
    if (now - (this.lastReport.get(kind) ?? 0) < 60000) return;
    this.lastReport.set(kind, now);
    if (this.reports.length < 100) this.reports.push(`${kind}: ${message}`);
    if (process.env.AUDITEL_DIAGNOSTICS !== 'off') {
      try {
        process.stderr.write(`[auditel] ${message}\n`);
      } catch {
        /* stderr closed */
      }
    }
  }
}
