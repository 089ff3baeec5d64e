/**
 * Reads Auditel's configuration for the zero-code preload: an optional config file (AUDITEL_CONFIG,
 * JSON or YAML) overlaid by environment variables (AUDITEL_*, and the standard OTEL_* ones).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AuditelConfig } from '@auditel/sdk';
import { setDataAuditConfig } from '@auditel/data-audit';

export class AuditelEnvError extends Error {
  override readonly name = 'AuditelEnvError';
}

/** `k1=v1,k2=v2` with percent-encoded values (the OTEL_RESOURCE_ATTRIBUTES / _HEADERS format). */
export function parseKeyValueList(s: string | undefined, what: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!s) return out;
  for (const part of s.split(',')) {
    if (part.trim() === '') continue;
    const i = part.indexOf('=');
    if (i <= 0) throw new AuditelEnvError(`${what}: "${part.trim().slice(0, 40)}" is not key=value`);
    const k = part.slice(0, i).trim();
    let v = part.slice(i + 1).trim();
    try {
      v = decodeURIComponent(v);
    } catch {
      throw new AuditelEnvError(`${what}: the value of "${k}" is not valid percent-encoding`);
    }
    out[k] = v;
  }
  return out;
}

export function readConfigFile(file: string): AuditelConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new AuditelEnvError(`AUDITEL_CONFIG: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let data: unknown;
  try {
    // The YAML parser is loaded only for a YAML file: it costs start-up time and memory.
    data = /\.json$/i.test(file) ? JSON.parse(text) : (require('yaml') as typeof import('yaml')).parse(text);
  } catch (e) {
    throw new AuditelEnvError(`AUDITEL_CONFIG: ${file} is not valid ${/\.json$/i.test(file) ? 'JSON' : 'YAML'}: ${(e as Error).message.split('\n')[0]}`);
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) throw new AuditelEnvError(`AUDITEL_CONFIG: ${file} must hold a mapping of options`);
  return data as AuditelConfig;
}

function appName(cwd: string): string | undefined {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(cwd, 'package.json'), 'utf8')) as { name?: unknown };
    return typeof pkg.name === 'string' && pkg.name.length > 0 ? pkg.name : undefined;
  } catch {
    return undefined;
  }
}

/** Sections of AUDITEL_CONFIG that configure a hook (by its name), not the SDK. */
export const HOOK_SECTIONS = ['http', 'data'];
const hookSections: Record<string, unknown> = {};

/** The options section for the hook of that name, as the last configFromEnv() read it. */
export function hookOptions(name: string): unknown {
  return hookSections[name];
}

/** The configuration the preload starts with. Throws AuditelEnvError on malformed input. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): AuditelConfig {
  const config: AuditelConfig = env.AUDITEL_CONFIG ? readConfigFile(path.resolve(cwd, env.AUDITEL_CONFIG)) : {};
  for (const name of HOOK_SECTIONS) {
    const c = config as Record<string, unknown>;
    hookSections[name] = c[name];
    delete c[name];
  }
  // The `data` section (canaries, Redis key patterns, hook mode) is shared by the data-layer hooks; validated here.
  setDataAuditConfig(hookSections.data);
  if (env.AUDITEL_DIR) config.dir = env.AUDITEL_DIR;
  config.dir = path.resolve(cwd, config.dir ?? './.auditel');
  if (env.AUDITEL_DURABILITY) {
    if (env.AUDITEL_DURABILITY !== 'async' && env.AUDITEL_DURABILITY !== 'sync') {
      throw new AuditelEnvError(`AUDITEL_DURABILITY must be "async" or "sync", got "${env.AUDITEL_DURABILITY}"`);
    }
    config.durability = env.AUDITEL_DURABILITY;
  }
  if (env.AUDITEL_RETENTION_DAYS) {
    const d = Number(env.AUDITEL_RETENTION_DAYS);
    if (!Number.isFinite(d)) throw new AuditelEnvError(`AUDITEL_RETENTION_DAYS must be a number, got "${env.AUDITEL_RETENTION_DAYS}"`);
    config.retentionDays = d;
  }
  const resource = parseKeyValueList(env.OTEL_RESOURCE_ATTRIBUTES, 'OTEL_RESOURCE_ATTRIBUTES');
  const serviceName = env.OTEL_SERVICE_NAME || resource['service.name'] || config.serviceName || appName(cwd);
  delete resource['service.name'];
  if (serviceName) config.serviceName = serviceName;
  config.resource = { ...(config.resource ?? {}), ...resource };
  const logsEndpoint = env.OTEL_EXPORTER_OTLP_LOGS_ENDPOINT;
  const endpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (logsEndpoint || endpoint) {
    const shipping = config.shipping || {};
    const headers = {
      ...parseKeyValueList(env.OTEL_EXPORTER_OTLP_HEADERS, 'OTEL_EXPORTER_OTLP_HEADERS'),
      ...parseKeyValueList(env.OTEL_EXPORTER_OTLP_LOGS_HEADERS, 'OTEL_EXPORTER_OTLP_LOGS_HEADERS'),
    };
    config.shipping = {
      ...shipping,
      ...(logsEndpoint ? { url: logsEndpoint } : { endpoint: endpoint! }),
      ...(env.AUDITEL_OTLP_PATH ? { path: env.AUDITEL_OTLP_PATH } : {}),
      headers: { ...(shipping.headers ?? {}), ...headers },
    };
  }
  return config;
}
