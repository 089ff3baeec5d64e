/**
 * AWS SDK v3 operations -> audit records: service, operation, region, resource (bucket, table,
 * queue, secret ARN), action from the operation name, policy/grant operations as permission
 * changes, user/key operations as account management. Never request or response payloads; S3
 * object keys are pseudonymised (they often name a person), buckets and tables are kept.
 */
import { getDataAuditConfig } from './config.js';
import type { DataRecord } from './record.js';

export interface AwsResources {
  bucket?: string | undefined;
  key?: string | undefined;
  table?: string | undefined;
  queueUrl?: string | undefined;
  secretArn?: string | undefined;
  functionName?: string | undefined;
  topicArn?: string | undefined;
}

const GRANT = /^(Put\w*Policy|Attach\w*Policy|Set\w*Policy|PutBucketAcl|PutObjectAcl|CreateGrant|AddPermission|Authorize\w+|AddUserToGroup|CreatePolicy\w*|PutBucketPolicy|UpdateAssumeRolePolicy|PutKeyPolicy|PutResourcePolicy|EnableKey|ShareDirectory|ModifyDBSnapshotAttribute|TagResource)$/;
const REVOKE = /^(Delete\w*Policy|Detach\w*Policy|RevokeGrant|RetireGrant|RemovePermission|Revoke\w+|RemoveUserFromGroup|DeleteBucketPolicy|DeleteResourcePolicy|DisableKey|UntagResource|DeleteBucketAcl)$/;
const ACCOUNT = /^(Create|Delete|Update|Tag|Untag|Enable|Disable|Deactivate|Reset|Change)(User|LoginProfile|AccessKey|ServiceSpecificCredential|SSHPublicKey|VirtualMFADevice|MFADevice|Role|Group|Password|ServiceLinkedRole|InstanceProfile|AccountPasswordPolicy|SigningCertificate|AccountAlias)$/;
const CONFIG = /^(Create|Delete|Update|Put|Modify|Set)(Bucket(?!Policy|Acl)\w*|Table|Queue|QueueAttributes|Topic|TopicAttributes|FunctionConfiguration|Function|Key|Alias|Trail|Stack|DBInstance|DBCluster|Secret(?!Value)\w*|Cluster|Stream|Rule|EventSourceMapping|Parameter|TimeToLive|ContinuousBackups)$/;

/** READ / CREATE / UPDATE / DELETE / EXECUTE from the operation verb. */
export function awsAction(op: string): string {
  if (/^(Get|List|Describe|Head|Query|Scan|Select|BatchGet|Receive|Lookup|Search|Download|Check|Estimate|Preview|Test|Validate|Simulate|Decrypt|Verify|Filter|Retrieve)/.test(op)) return 'READ';
  if (/^(Put|Create|Upload|Send|Publish|Add|Import|Copy|Register|Allocate|Start|Run|Encrypt|Generate|Sign|Issue|Request|Restore|Write|Insert|Import)/.test(op)) return 'CREATE';
  if (/^(Update|Modify|Set|Change|Tag|Untag|Enable|Disable|Attach|Detach|Associate|Disassociate|Rotate|Reset|Replace|Move|Rename|Complete|Transact|Batch|Execute|Reboot|Stop|Restore|Cancel|Abort|Confirm|Accept|Reject|Apply)/.test(op)) return 'UPDATE';
  if (/^(Delete|Remove|Purge|Terminate|Deregister|Release|Revoke|Retire|Destroy|Empty|Unset|Drop)/.test(op)) return 'DELETE';
  if (op === 'Invoke' || op === 'InvokeAsync' || op === 'InvokeModel' || op === 'InvokeWithResponseStream') return 'EXECUTE';
  return 'EXECUTE';
}

export function s3Canary(bucket: string | undefined, key: string | undefined): boolean {
  if (bucket === undefined) return false;
  for (const c of getDataAuditConfig().canaryS3) {
    if (c.bucket !== bucket) continue;
    if (c.prefix === '' || (key !== undefined && key.startsWith(c.prefix))) return true;
  }
  return false;
}

export function awsRecord(service: string, operation: string, res: AwsResources): DataRecord {
  const op = /^[A-Za-z0-9]{1,64}$/.test(operation) ? operation : 'Unknown';
  const svc = /^[A-Za-z0-9 .-]{1,64}$/.test(service) ? service : 'Unknown';
  let event = 'audit.data_access';
  let action = awsAction(op);
  if (GRANT.test(op)) {
    event = 'audit.permission_change';
    action = 'GRANT';
  } else if (REVOKE.test(op)) {
    event = 'audit.permission_change';
    action = 'REVOKE';
  } else if (ACCOUNT.test(op) && /^(IAM|STS|Cognito|SSO|Identity)/i.test(svc)) {
    event = 'audit.account_management';
  } else if (CONFIG.test(op)) {
    event = 'audit.configuration_change';
  }
  const r: DataRecord = {
    event,
    action,
    outcome: 'success',
    operation: op,
    summary: `${svc} ${op}`,
    attributes: { 'rpc.system.name': 'aws-api', 'rpc.service': svc, 'rpc.method': op },
  };
  const attrs = r.attributes!;
  if (res.bucket !== undefined) {
    attrs['aws.s3.bucket'] = res.bucket;
    r.collections = [res.bucket];
    r.targetType = res.key !== undefined ? 'aws.s3.object' : 'aws.s3.bucket';
    r.targetId = res.key !== undefined ? `${res.bucket}/${res.key}` : res.bucket;
    // an object key can name a person (uploads/alice@example.com/...): pseudonymised
    if (res.key !== undefined) r.targetPersonal = true;
    if (s3Canary(res.bucket, res.key)) r.canary = true;
  } else if (res.table !== undefined) {
    attrs['aws.dynamodb.table_names'] = [res.table];
    r.collections = [res.table];
    r.targetType = 'aws.dynamodb.table';
    r.targetId = res.table;
  } else if (res.queueUrl !== undefined) {
    attrs['aws.sqs.queue.url'] = res.queueUrl;
    r.targetType = 'aws.sqs.queue';
    r.targetId = res.queueUrl;
  } else if (res.secretArn !== undefined) {
    if (res.secretArn.startsWith('arn:')) attrs['aws.secretsmanager.secret.arn'] = res.secretArn;
    r.targetType = 'aws.secretsmanager.secret';
    r.targetId = res.secretArn;
    attrs['cloud.resource_id'] = res.secretArn.startsWith('arn:') ? res.secretArn : undefined;
  } else if (res.functionName !== undefined) {
    r.targetType = 'aws.lambda.function';
    r.targetId = res.functionName;
  } else if (res.topicArn !== undefined) {
    attrs['cloud.resource_id'] = res.topicArn;
    r.targetType = 'aws.sns.topic';
    r.targetId = res.topicArn;
  }
  return r;
}
