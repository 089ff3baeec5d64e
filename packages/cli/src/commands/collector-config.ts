/** `auditel collector-config redaction`: the collector's redaction and transform sections from the same policy. */
import type { Command } from './types.js';
import { UsageError } from '../context.js';

export const collectorConfigCommand: Command = {
  name: 'collector-config',
  summary: 'print OpenTelemetry Collector config derived from the redaction policy',
  usage: `Usage: auditel collector-config redaction [--policy FILE] [--hmac] [--hmac-key-env NAME]

Prints the collector's \`redaction\` and \`transform\` processor sections (RE2 patterns, $$ escaped)
derived from the redaction policy, so the collector is a second line with the same rules.

  --policy FILE        a policy file (JSON or YAML; default: the built-in policy)
  --hmac               hash blocked values with HMAC-SHA256 instead of masking them
  --hmac-key-env NAME  the collector's environment variable holding the key (default AUDITEL_HMAC_KEY)`,
  options: { policy: { type: 'string' }, hmac: { type: 'boolean' }, 'hmac-key-env': { type: 'string' } },
  async run(args, io) {
    if (args.positionals[0] !== 'redaction' || args.positionals.length !== 1) throw new UsageError('collector-config takes one section name: redaction');
    const { collectorRedactionConfig, loadPolicy } = require('@auditel/redaction') as typeof import('@auditel/redaction');
    const policyFile = typeof args.values.policy === 'string' ? args.values.policy : undefined;
    const envName = typeof args.values['hmac-key-env'] === 'string' ? args.values['hmac-key-env'] : undefined;
    io.stdout(
      collectorRedactionConfig({
        ...(policyFile ? { policy: loadPolicy(policyFile) } : {}),
        hmac: args.values.hmac === true,
        ...(envName ? { hmacKeyEnv: envName } : {}),
      }),
    );
    return 0;
  },
};
