import type { InstrumentationConfig } from '@opentelemetry/instrumentation';

/** Configuration of AuditelPgInstrumentation. Canaries and the hook mode come from the `data` section of Auditel's config. */
export interface AuditelPgInstrumentationConfig extends InstrumentationConfig {
  /** Skip `SET`, `SHOW`, `LISTEN` and other session statements (default false: every statement is recorded). */
  ignoreSessionStatements?: boolean;
}
