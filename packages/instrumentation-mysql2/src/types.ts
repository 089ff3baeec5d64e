import type { InstrumentationConfig } from '@opentelemetry/instrumentation';

/** Configuration of AuditelMysql2Instrumentation. Canaries and the hook mode come from the `data` section of Auditel's config. */
export interface AuditelMysql2InstrumentationConfig extends InstrumentationConfig {
  /** Skip `SET`, `SHOW`, `USE` and other session statements (default false). */
  ignoreSessionStatements?: boolean;
}
