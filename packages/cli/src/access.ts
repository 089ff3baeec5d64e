/**
 * Reading the store through the CLI is itself audited: an `audit.audit_log_access` record (who: the
 * OS user; what: the subcommand, without secrets; target: the store folder) is committed to that
 * store, after the command has read it. When the store cannot take it (read-only, no signing key
 * here, disk failing) the command warns on stderr and keeps its own exit code.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { audit, type AuditAttributeValue } from '@auditel/api';
import { startAuditel, storeFormat } from '@auditel/sdk';
import type { CliIO } from './context.js';

function osUser(io: CliIO): string {
  try {
    return os.userInfo().username;
  } catch {
    return io.env.USER ?? io.env.USERNAME ?? 'unknown';
  }
}

export async function recordAccess(dir: string, commandLine: string, attributes: Record<string, AuditAttributeValue>, io: CliIO): Promise<boolean> {
  const warn = (why: string): false => {
    io.stderr(`auditel: warning: the access record was not written to ${dir}: ${why}\n`);
    return false;
  };
  const key = path.join(dir, storeFormat.CHECKPOINT_KEY_FILE);
  if (!fs.existsSync(key) && fs.existsSync(path.join(dir, storeFormat.CHECKPOINT_PUBLIC_KEY_FILE))) {
    // Writing would generate a new signing key, and the store's checkpoints would no longer verify.
    return warn(`its signing key ${storeFormat.CHECKPOINT_KEY_FILE} is not in the folder`);
  }
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (e) {
    return warn((e as NodeJS.ErrnoException).code ?? String(e));
  }
  let auditel: ReturnType<typeof startAuditel>;
  try {
    auditel = startAuditel({ dir, handleProcessExit: false, commitTimeoutMs: 5000, serviceName: 'auditel-cli' });
  } catch (e) {
    return warn((e as Error).message);
  }
  try {
    await audit.commit({
      event: 'audit.audit_log_access',
      action: 'READ',
      outcome: 'success',
      actor: { id: osUser(io), type: 'user' },
      target: { type: 'audit.store', id: dir },
      attributes: { 'process.command_line': commandLine, ...attributes },
    });
    return true;
  } catch (e) {
    return warn((e as Error).message);
  } finally {
    await auditel.shutdown().catch(() => undefined);
  }
}
