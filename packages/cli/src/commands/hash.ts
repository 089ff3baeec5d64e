/**
 * `auditel hash VALUE [dir]`: the keyed pseudonym Auditel stores for VALUE, so an investigator can
 * find one person's records without plaintext in the logs. The look-up is itself audited (the
 * value is not recorded).
 */
import { loadPseudonymKey, pseudonym } from '@auditel/sdk';
import { recordAccess } from '../access.js';
import { UsageError, storeDir } from '../context.js';
import type { Command } from './types.js';

export const hashCommand: Command = {
  name: 'hash',
  summary: 'print the pseudonym (hmac:…) Auditel stores for a value',
  usage: `Usage: auditel hash VALUE [dir] [--key-file FILE]

Prints hmac:<32 hex>, the keyed HMAC-SHA256 pseudonym under which the store in dir records VALUE
(a user id, a client address), so its records can be found with \`auditel tail --json | grep\`.
The key is AUDITEL_HMAC_KEY (base64), else --key-file, else dir/pseudonym.key. The look-up is
recorded in the store as an audit.audit_log_access record, without the value.

  dir              the store folder (default: $AUDITEL_DIR, else ./.auditel)
  --key-file FILE  the pseudonym key file (base64)`,
  options: { 'key-file': { type: 'string' } },
  async run(args, io) {
    const [value, ...rest] = args.positionals;
    if (value === undefined || value === '') throw new UsageError('hash needs the VALUE to pseudonymise');
    const dir = storeDir(rest, io);
    const keyFile = typeof args.values['key-file'] === 'string' ? args.values['key-file'] : undefined;
    let key: Buffer;
    try {
      key = loadPseudonymKey(dir, keyFile ?? (io.env.AUDITEL_HMAC_KEY ? undefined : `${dir}/pseudonym.key`), io.env.AUDITEL_HMAC_KEY);
    } catch (e) {
      io.stderr(`auditel hash: cannot read the pseudonym key: ${(e as Error).message}\n`);
      return 2;
    }
    io.stdout(pseudonym(value, key) + '\n');
    await recordAccess(dir, 'auditel hash <value withheld>', { 'audit.cli.command': 'hash' }, io);
    return 0;
  },
};
