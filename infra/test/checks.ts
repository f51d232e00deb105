// Policy checks over synthesised CloudFormation templates. Each returns the violations it finds
// (resource logical id + what is wrong), so a test can show them and checks.test.ts can plant one.
type Json = Record<string, unknown>;
export interface CfnTemplate {
  Resources?: Record<string, { Type: string; Properties?: Json }>;
}

const resources = (template: CfnTemplate, type: string) =>
  Object.entries(template.Resources ?? {}).filter(([, resource]) => resource.Type === type);
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);
const refOf = (value: unknown): string | undefined =>
  value && typeof value === 'object' && 'Ref' in value ? String((value as { Ref: unknown }).Ref) : undefined;

/** Buckets: all four public-access blocks on. */
export function publicBuckets(template: CfnTemplate): string[] {
  return resources(template, 'AWS::S3::Bucket')
    .filter(([, bucket]) => {
      const block = (bucket.Properties?.PublicAccessBlockConfiguration ?? {}) as Json;
      return !['BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets'].every(
        (flag) => block[flag] === true,
      );
    })
    .map(([id]) => `${id}: public access not fully blocked`);
}

/** Buckets: SSE-KMS, except a bucket that is a server-access-log target (AWS requires SSE-S3 there). */
export function unencryptedBuckets(template: CfnTemplate): string[] {
  const logTargets = new Set(
    resources(template, 'AWS::S3::Bucket').flatMap(([, bucket]) =>
      asArray(refOf((bucket.Properties?.LoggingConfiguration as Json | undefined)?.DestinationBucketName)),
    ),
  );
  return resources(template, 'AWS::S3::Bucket').flatMap(([id, bucket]) => {
    const rules = asArray(
      (bucket.Properties?.BucketEncryption as Json | undefined)?.ServerSideEncryptionConfiguration,
    ) as Json[];
    const algorithm = (rules[0]?.ServerSideEncryptionByDefault as Json | undefined)?.SSEAlgorithm;
    const wanted = logTargets.has(id) ? 'AES256' : 'aws:kms';
    return algorithm === wanted ? [] : [`${id}: encryption ${String(algorithm)}, expected ${wanted}`];
  });
}

/** Buckets: a policy that denies any request without TLS. */
export function bucketsWithoutTlsOnlyPolicy(template: CfnTemplate): string[] {
  const tlsOnly = new Set(
    resources(template, 'AWS::S3::BucketPolicy')
      .filter(([, policy]) =>
        asArray((policy.Properties?.PolicyDocument as Json | undefined)?.Statement).some((statement) => {
          const s = statement as Json;
          const condition = (s.Condition as Json | undefined)?.Bool as Json | undefined;
          return s.Effect === 'Deny' && String(condition?.['aws:SecureTransport']) === 'false';
        }),
      )
      .map(([, policy]) => refOf(policy.Properties?.Bucket)),
  );
  return resources(template, 'AWS::S3::Bucket')
    .filter(([id]) => !tlsOnly.has(id))
    .map(([id]) => `${id}: no TLS-only bucket policy`);
}

/** IAM: no Allow statement with a `*` action on a `*` resource (roles, policies, key policies). */
export function starOnStar(template: CfnTemplate): string[] {
  const found: string[] = [];
  for (const [id, resource] of Object.entries(template.Resources ?? {})) {
    const documents = [
      resource.Properties?.PolicyDocument,
      resource.Properties?.KeyPolicy,
      ...asArray(resource.Properties?.Policies).map((policy) => (policy as Json).PolicyDocument),
    ];
    for (const document of documents) {
      for (const statement of asArray((document as Json | undefined)?.Statement) as Json[]) {
        const actions = asArray(statement.Action);
        const targets = asArray(statement.Resource);
        if (statement.Effect === 'Allow' && actions.includes('*') && targets.includes('*')) {
          found.push(`${id}: Allow * on *`);
        }
      }
    }
  }
  return found;
}

/** ECS: every container logs with awslogs. */
export function containersWithoutAwslogs(template: CfnTemplate): string[] {
  return resources(template, 'AWS::ECS::TaskDefinition').flatMap(([id, task]) =>
    (asArray(task.Properties?.ContainerDefinitions) as Json[])
      .filter((container) => (container.LogConfiguration as Json | undefined)?.LogDriver !== 'awslogs')
      .map((container) => `${id}/${String(container.Name)}: log driver is not awslogs`),
  );
}

const SECRET_NAME = /PASSWORD|SECRET|TOKEN|API_KEY|SMTP_URL|PRIVATE_KEY/i;

/** ECS: no secret in the plain environment, by name, by a resolved secret, or as a URL password. */
export function plainSecretEnvironment(template: CfnTemplate): string[] {
  return resources(template, 'AWS::ECS::TaskDefinition').flatMap(([id, task]) =>
    (asArray(task.Properties?.ContainerDefinitions) as Json[]).flatMap((container) =>
      (asArray(container.Environment) as Json[])
        .filter((variable) => {
          const value = JSON.stringify(variable.Value ?? '');
          return (
            SECRET_NAME.test(String(variable.Name)) ||
            value.includes('resolve:secretsmanager') ||
            /:\/\/[^/@:"]+:[^/@"]+@/.test(value)
          );
        })
        .map((variable) => `${id}/${String(container.Name)}: ${String(variable.Name)} is a plain environment variable`),
    ),
  );
}

/** CloudWatch: every alarm notifies an SNS topic (alarm and OK). */
export function alarmsWithoutSns(template: CfnTemplate): string[] {
  const topics = new Set(resources(template, 'AWS::SNS::Topic').map(([id]) => id));
  return resources(template, 'AWS::CloudWatch::Alarm')
    .filter(([, alarm]) => !asArray(alarm.Properties?.AlarmActions).some((action) => topics.has(refOf(action) ?? '')))
    .map(([id]) => `${id}: no SNS alarm action`);
}
