// The real app, built once with cdk-nag attached: every stack synthesises with no unacknowledged
// finding, passes the policy checks, and has the properties issue #20 asks for.
import { readFileSync } from 'node:fs';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type JobsApp } from '../src/app.ts';
import { acknowledgements } from '../src/nag.ts';
import {
  alarmsWithoutSns,
  bucketsWithoutTlsOnlyPolicy,
  type CfnTemplate,
  containersWithoutAwslogs,
  plainSecretEnvironment,
  publicBuckets,
  starOnStar,
  unencryptedBuckets,
} from './checks.ts';

const STACKS = [
  'JobsNetwork',
  'JobsData',
  'JobsStorage',
  'JobsRegistry',
  'JobsCompute',
  'JobsOrchestration',
  'JobsObservability',
] as const;
type StackName = (typeof STACKS)[number];

const readJson = (file: string) => JSON.parse(readFileSync(new URL(`../${file}`, import.meta.url), 'utf8'));
let jobs: JobsApp;
const templates = {} as Record<StackName, Template>;
const json = (name: StackName) => templates[name].toJSON() as CfnTemplate;

beforeAll(() => {
  // cdk.json's context plus the committed lookups: exactly what `cdk synth` sees, no credentials.
  const app = new App({ context: { ...readJson('cdk.json').context, ...readJson('cdk.context.json') } });
  jobs = buildApp(app);
  // Throws ValidationFailed (with the report) on any unacknowledged cdk-nag finding.
  const assembly = app.synth();
  for (const name of STACKS) templates[name] = Template.fromJSON(assembly.getStackByName(name).template);
});

describe('synth', () => {
  it('synthesises exactly the seven stacks', () => {
    const stacks = jobs.app.node.children.filter((child) => child instanceof Stack).map((stack) => stack.node.id);
    expect(stacks.sort()).toEqual([...STACKS].sort());
  });

  it('every cdk-nag acknowledgement names a construct and gives a one-line reason', () => {
    const all = acknowledgements(jobs.network.account, jobs.network.region);
    for (const { path, reason, ids } of all) {
      expect(reason.length, path).toBeGreaterThan(20);
      expect(reason, path).not.toContain('\n');
      expect(ids.length, path).toBeGreaterThan(0);
    }
  });
});

describe.each(STACKS)('%s passes the policy checks', (name) => {
  it('no public, unencrypted or non-TLS buckets', () => {
    expect(publicBuckets(json(name))).toEqual([]);
    expect(unencryptedBuckets(json(name))).toEqual([]);
    expect(bucketsWithoutTlsOnlyPolicy(json(name))).toEqual([]);
  });
  it('no * action on * resource', () => expect(starOnStar(json(name))).toEqual([]));
  it('awslogs on every container, secrets never plain', () => {
    expect(containersWithoutAwslogs(json(name))).toEqual([]);
    expect(plainSecretEnvironment(json(name))).toEqual([]);
  });
  it('every alarm notifies SNS', () => expect(alarmsWithoutSns(json(name))).toEqual([]));
});

describe('JobsNetwork', () => {
  it('two AZs, private subnets, endpoints for S3, ECR, Logs and Secrets Manager', () => {
    const network = templates.JobsNetwork;
    const subnets = Object.values(network.findResources('AWS::EC2::Subnet'));
    expect(new Set(subnets.map((subnet) => subnet.Properties.AvailabilityZone)).size).toBe(2);
    expect(subnets.filter((subnet) => subnet.Properties.MapPublicIpOnLaunch === false)).toHaveLength(4);
    const services = Object.values(network.findResources('AWS::EC2::VPCEndpoint')).map((endpoint) =>
      JSON.stringify(endpoint.Properties.ServiceName),
    );
    for (const service of ['.s3', '.ecr.api', '.ecr.dkr', '.logs', '.secretsmanager']) {
      expect(
        services.some((name) => name.includes(service)),
        service,
      ).toBe(true);
    }
  });
});

describe('JobsData', () => {
  it('encrypted, deletion-protected PostgreSQL with 7-day backups in isolated subnets', () => {
    templates.JobsData.hasResourceProperties('AWS::RDS::DBInstance', {
      Engine: 'postgres',
      EngineVersion: Match.stringLikeRegexp('^15\\.\\d+$'),
      StorageEncrypted: true,
      BackupRetentionPeriod: 7,
      DeletionProtection: true,
    });
  });
  it('parameter group: force_ssl on, JIT off', () => {
    templates.JobsData.hasResourceProperties('AWS::RDS::DBParameterGroup', {
      Parameters: Match.objectLike({ 'rds.force_ssl': '1', jit: '0' }),
    });
  });
  it('credentials in Secrets Manager with rotation', () => {
    templates.JobsData.resourceCountIs('AWS::SecretsManager::RotationSchedule', 1);
    templates.JobsData.hasResourceProperties('AWS::SecretsManager::SecretTargetAttachment', {
      TargetType: 'AWS::RDS::DBInstance',
    });
  });
  it('the database admits only the tasks, Airflow and its own rotation function, on 5432', () => {
    const ingress = Object.values(templates.JobsData.findResources('AWS::EC2::SecurityGroupIngress'));
    const sources = ingress.map((rule) => JSON.stringify(rule.Properties.SourceSecurityGroupId));
    expect(sources).toHaveLength(3);
    expect(sources.filter((source) => /TasksSecurityGroup|AirflowSecurityGroup/.test(source))).toHaveLength(2);
    expect(sources.filter((source) => /DatabaseRotationSingleUser/.test(source))).toHaveLength(1);
    for (const rule of ingress) {
      // The rotation rule names the port through the instance's Endpoint.Port (also 5432).
      expect(JSON.stringify(rule.Properties.FromPort)).toMatch(/^5432$|Endpoint\.Port/);
      expect(rule.Properties.CidrIp).toBeUndefined();
    }
  });
});

describe('JobsStorage', () => {
  it('archive to Glacier after 90 days; archive and DAG buckets versioned', () => {
    const buckets = templates.JobsStorage.findResources('AWS::S3::Bucket');
    const byId = (prefix: string) => Object.entries(buckets).find(([id]) => id.startsWith(prefix))?.[1]?.Properties;
    expect(byId('Archive')?.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(byId('Dags')?.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(JSON.stringify(byId('Archive')?.LifecycleConfiguration)).toContain(
      '"Transitions":[{"StorageClass":"GLACIER","TransitionInDays":90}]',
    );
  });
});

describe('JobsRegistry', () => {
  it('immutable tags and scan on push', () => {
    const repositories = Object.values(templates.JobsRegistry.findResources('AWS::ECR::Repository'));
    expect(repositories.length).toBe(3);
    for (const repository of repositories) {
      expect(repository.Properties.ImageTagMutability).toBe('IMMUTABLE');
      expect(repository.Properties.ImageScanningConfiguration).toEqual({ ScanOnPush: true });
    }
  });
  it('the deploy role trusts only GitHub OIDC tokens from main', () => {
    templates.JobsRegistry.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: {
              StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
              StringLike: {
                'token.actions.githubusercontent.com:sub':
                  'repo:example-org/job-postings-data-platform:ref:refs/heads/main',
              },
            },
          }),
        ],
      },
    });
  });
});

describe('JobsCompute', () => {
  it('three batch task families and the UI, each with its own task role', () => {
    const tasks = Object.values(templates.JobsCompute.findResources('AWS::ECS::TaskDefinition'));
    expect(tasks.map((task) => task.Properties.Family).sort()).toEqual([
      'jobs-dbt',
      'jobs-jobctl',
      'jobs-notifier',
      'jobs-ui',
    ]);
    expect(new Set(tasks.map((task) => JSON.stringify(task.Properties.TaskRoleArn))).size).toBe(4);
  });
  it('secrets come from Secrets Manager', () => {
    const secretNames = Object.values(templates.JobsCompute.findResources('AWS::ECS::TaskDefinition')).flatMap((task) =>
      task.Properties.ContainerDefinitions.flatMap((c: { Secrets?: { Name: string }[] }) => c.Secrets ?? []),
    );
    expect(secretNames.map((secret: { Name: string }) => secret.Name).sort()).toEqual([
      'DBT_PASSWORD',
      'GLASSDOOR_API_KEY',
      'JSEARCH_API_KEY',
      'PGPASSWORD',
      'PGPASSWORD',
      'PGPASSWORD',
      'SMTP_URL',
      'UI_ADMIN_TOKEN',
    ]);
  });
  it('log groups keep 90 days', () => {
    const groups = Object.values(templates.JobsCompute.findResources('AWS::Logs::LogGroup'));
    expect(groups).toHaveLength(4);
    for (const group of groups) expect(group.Properties.RetentionInDays).toBe(90);
  });
  it('UI: HTTPS on 443 with the context certificate, health checks on /healthz', () => {
    templates.JobsCompute.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      Protocol: 'HTTPS',
      Certificates: [{ CertificateArn: jobs.app.node.tryGetContext('certificateArn') }],
    });
    templates.JobsCompute.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      HealthCheckPath: '/healthz',
    });
  });
  it('every image is the context image tag', () => {
    const images = Object.values(templates.JobsCompute.findResources('AWS::ECS::TaskDefinition')).flatMap((task) =>
      task.Properties.ContainerDefinitions.map((c: { Image: unknown }) => JSON.stringify(c.Image)),
    );
    for (const image of images) expect(image).toContain(`:${jobs.app.node.tryGetContext('imageTag')}`);
  });
});

describe('JobsOrchestration', () => {
  it('MWAA on Airflow 3 from the DAG bucket, with requirements.txt and AWS execution mode', () => {
    templates.JobsOrchestration.hasResourceProperties('AWS::MWAA::Environment', {
      AirflowVersion: Match.stringLikeRegexp('^3\\.'),
      DagS3Path: 'dags',
      RequirementsS3Path: 'requirements.txt',
      SourceBucketArn: Match.objectLike({ 'Fn::ImportValue': Match.stringLikeRegexp('Dags') }),
      AirflowConfigurationOptions: Match.objectLike({ 'jobs.execution_mode': 'aws' }),
    });
  });

  it('reaches the warehouse through the RDS secret: its ARN as an option, read access for MWAA only', () => {
    const orchestration = templates.JobsOrchestration;
    const [environment] = Object.values(orchestration.findResources('AWS::MWAA::Environment'));
    if (!environment) throw new Error('no MWAA environment');
    const options = environment.Properties.AirflowConfigurationOptions;
    const secretArn = options['jobs.warehouse_secret_arn'];
    // The data stack's generated credentials secret, imported (never a literal value here).
    expect(JSON.stringify(secretArn)).toMatch(/"Fn::ImportValue":"JobsData:ExportsOutputRefDatabaseSecretAttachment/);
    const statements = Object.values(orchestration.findResources('AWS::IAM::Policy')).flatMap(
      (policy) => policy.Properties.PolicyDocument.Statement,
    );
    const reads = statements.filter((statement) => [statement.Action].flat().includes('secretsmanager:GetSecretValue'));
    expect(reads).toHaveLength(1);
    expect(reads[0].Resource).toEqual(secretArn);
    expect(JSON.stringify(options)).not.toMatch(/password/i);
  });
});

describe('JobsObservability', () => {
  it('alarms for DAG failure, error rate per service, RDS, UI; e-mail subscription; one dashboard', () => {
    const observability = templates.JobsObservability;
    const alarms = Object.values(observability.findResources('AWS::CloudWatch::Alarm'));
    const metrics = alarms.map((alarm) => alarm.Properties.MetricName);
    for (const metric of [
      'DAGDurationFailed',
      'jobctl-errors',
      'notifier-errors',
      'dbt-errors',
      'ui-errors',
      'DatabaseConnections',
      'CPUUtilization',
      'FreeStorageSpace',
      'HTTPCode_Target_5XX_Count',
      'UnHealthyHostCount',
    ]) {
      expect(metrics, metric).toContain(metric);
    }
    observability.resourceCountIs('AWS::Logs::MetricFilter', 4);
    observability.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: { Ref: 'AlarmEmail' },
    });
    observability.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });
});
