import type { InstrumentationConfig } from '@opentelemetry/instrumentation';

/** Configuration of AuditelAwsSdkInstrumentation. S3 canary prefixes and the hook mode come from the `data` section of Auditel's config. */
export type AuditelAwsSdkInstrumentationConfig = InstrumentationConfig;
