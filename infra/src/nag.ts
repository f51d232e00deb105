// Every cdk-nag AwsSolutions finding we accept, on the narrowest construct, with a one-line reason.
// ACKNOWLEDGEMENTS is data so the tests (and the docs) can list it; anything not here fails synth.
import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { JobsApp } from './app.ts';

export interface Acknowledgement {
  /** Construct path below the app, e.g. JobsData/ApiKeys. */
  path: string;
  ids: string[];
  reason: string;
}

const BUCKET_GRANT_ACTIONS = ['s3:GetObject*', 's3:GetBucket*', 's3:List*'].map(
  (a) => `AwsSolutions-IAM5[Action::${a}]`,
);
const BUCKET_WRITE_ACTIONS = ['s3:DeleteObject*', 's3:Abort*'].map((a) => `AwsSolutions-IAM5[Action::${a}]`);
const KMS_GRANT_ACTIONS = ['kms:GenerateDataKey*', 'kms:ReEncrypt*'].map((a) => `AwsSolutions-IAM5[Action::${a}]`);
const iam5 = (resource: string) => `AwsSolutions-IAM5[Resource::${resource}]`;
const ARCHIVE_ARN = 'JobsStorage:ExportsOutputFnGetAttArchiveDA4CB258ArnBE8F3792';
const DAGS_ARN = 'JobsStorage:ExportsOutputFnGetAttDags188BE91EArnEADFEBCD';

export function acknowledgements(account: string, region: string): Acknowledgement[] {
  const executionRoles = ['Task-jobctl', 'Task-notifier', 'Task-dbt'].map(
    (task) => `JobsCompute/${task}/ExecutionRole`,
  );
  return [
    ...['EcrApi', 'EcrDocker', 'Logs', 'SecretsManager'].map((endpoint) => ({
      path: `JobsNetwork/Vpc/${endpoint}/SecurityGroup`,
      ids: ['AwsSolutions-EC23'],
      reason: 'Interface endpoint admits HTTPS from the VPC CIDR only (an intrinsic the rule cannot evaluate).',
    })),
    {
      path: 'JobsNetwork/UiLoadBalancerSecurityGroup',
      ids: ['AwsSolutions-EC23'],
      reason: 'The profile UI is public: its ALB must accept 443 (and the 80->443 redirect) from anywhere.',
    },
    {
      path: 'JobsData/Database',
      ids: ['AwsSolutions-RDS11'],
      reason: 'Port 5432 is reachable only from two security groups; a non-default port adds nothing here.',
    },
    {
      path: 'JobsData/Database/MonitoringRole',
      ids: [
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole]',
      ],
      reason: 'AWS-maintained policy for RDS Enhanced Monitoring; it only lets RDS write its own OS metrics.',
    },
    ...['ApiKeys', 'Smtp', 'UiAdminToken'].map((secret) => ({
      path: `JobsData/${secret}`,
      ids: ['AwsSolutions-SMG4'],
      reason: 'Issued by a third party or an operator; rotated by hand per runbooks/rotate-secrets.md.',
    })),
    ...[...executionRoles, 'JobsCompute/Ui/TaskDef/ExecutionRole'].map((path) => ({
      path,
      ids: [iam5('*')],
      reason: 'CDK-generated ECS execution role: ecr:GetAuthorizationToken has no resource-level permissions.',
    })),
    ...['Task-jobctl', 'Task-notifier', 'Task-dbt', 'Ui/TaskDef'].map((task) => ({
      path: `JobsCompute/${task}`,
      ids: ['AwsSolutions-ECS2'],
      reason:
        'Plain environment holds only non-secret settings; secrets use `secrets` (asserted in test/stacks.test.ts).',
    })),
    {
      path: 'JobsCompute/TaskRole-jobctl',
      ids: [...BUCKET_GRANT_ACTIONS, ...BUCKET_WRITE_ACTIONS, ...KMS_GRANT_ACTIONS, iam5(`${ARCHIVE_ARN}/*`)],
      reason: 'CDK read/write grant scoped to the archive bucket and its key: jobctl archives and restores raw pages.',
    },
    {
      path: 'JobsRegistry/DeployRole',
      ids: [
        ...BUCKET_GRANT_ACTIONS,
        ...BUCKET_WRITE_ACTIONS,
        ...KMS_GRANT_ACTIONS,
        iam5(`${DAGS_ARN}/dags/*`),
        iam5('*'),
        iam5(`arn:aws:iam::${account}:role/cdk-hnb659fds-*-${account}-${region}`),
        iam5(`arn:aws:cloudformation:${region}:${account}:stack/Jobs*/*`),
      ],
      reason:
        'Deploy: DAG-bucket grant, ecr:GetAuthorizationToken (no resource ARN), the CDK bootstrap roles, Jobs* stack outputs.',
    },
    {
      path: 'JobsOrchestration/ExecutionRole',
      ids: [
        ...BUCKET_GRANT_ACTIONS,
        'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
        iam5(`${DAGS_ARN}/*`),
        iam5('*'),
        iam5(`arn:aws:logs:${region}:${account}:log-group:/jobs/*`),
        iam5(`arn:aws:logs:${region}:${account}:log-group:airflow-jobs-*`),
        iam5(`arn:aws:sqs:${region}:*:airflow-celery-*`),
        ...['jobs-jobctl', 'jobs-notifier', 'jobs-dbt'].map((family) =>
          iam5(`arn:aws:ecs:${region}:${account}:task-definition/${family}:*`),
        ),
        iam5(`arn:aws:ecs:${region}:${account}:task/JobsCompute:ExportsOutputRefClusterEB0386A796A0E3FE/*`),
      ],
      reason:
        "MWAA's documented execution policy (its own log groups, service-owned Celery SQS, PutMetricData) plus RunTask on any revision of our three families.",
    },
  ];
}

export function acknowledgeFindings(jobs: JobsApp): void {
  const { account, region } = jobs.network;
  for (const { path, ids, reason } of acknowledgements(account, region)) {
    const target = findByPath(jobs, path);
    for (const id of ids) Validations.of(target).acknowledge({ id, reason });
  }
}

function findByPath(jobs: JobsApp, path: string): IConstruct {
  let current: IConstruct = jobs.app;
  for (const part of path.split('/')) {
    const child = current.node.tryFindChild(part);
    if (!child) throw new Error(`cdk-nag acknowledgement names a missing construct: ${path}`);
    current = child;
  }
  return current;
}
