import type { InstrumentationConfig } from '@opentelemetry/instrumentation';

/** Configuration of AuditelRedisInstrumentation. Key patterns, canaries and the hook mode come from the `data` section of Auditel's config. */
export type AuditelRedisInstrumentationConfig = InstrumentationConfig;
