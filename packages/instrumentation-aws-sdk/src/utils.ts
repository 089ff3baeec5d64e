import { awsRecord, type AwsResources, type DataRecord } from '@auditel/data-audit';

/** Resource identifiers of a command input; never any other field (payloads, attributes, bodies). */
export function resourcesOf(input: unknown): AwsResources {
  const i = (input ?? {}) as Record<string, unknown>;
  const s = (k: string) => (typeof i[k] === 'string' && (i[k] as string).length <= 2048 ? (i[k] as string) : undefined);
  return {
    bucket: s('Bucket'),
    key: s('Key'),
    table: s('TableName'),
    queueUrl: s('QueueUrl'),
    secretArn: s('SecretId') ?? s('ARN'),
    functionName: s('FunctionName'),
    topicArn: s('TopicArn'),
  };
}

export interface CallOutcome {
  err?: unknown;
  statusCode?: number | undefined;
  requestId?: string | undefined;
}

export function callRecord(service: string, operation: string, input: unknown, region: string | undefined, o: CallOutcome): DataRecord {
  const rec = awsRecord(service, operation, resourcesOf(input));
  const a = (rec.attributes ??= {});
  if (region) a['cloud.region'] = region;
  if (o.statusCode !== undefined) a['http.response.status_code'] = o.statusCode;
  if (o.requestId !== undefined && /^[A-Za-z0-9+/=_-]{1,128}$/.test(o.requestId)) a['aws.request_id'] = o.requestId;
  if (o.err !== undefined) {
    rec.outcome = 'failure';
    const e = o.err as { name?: unknown; Code?: unknown; code?: unknown } | null;
    const code = typeof e?.name === 'string' && e.name !== 'Error' ? e.name : typeof e?.Code === 'string' ? e.Code : typeof e?.code === 'string' ? e.code : 'Error';
    rec.errorType = /^[A-Za-z0-9_.]{1,64}$/.test(code) ? code : 'Error';
    a['rpc.status_code'] = rec.errorType;
  }
  return rec;
}
