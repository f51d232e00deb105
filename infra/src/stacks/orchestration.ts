// MWAA on Airflow 3 runs jobs_etl_daily in AWS mode: every CLI and every dbt model is an ECS task,
// so MWAA itself installs only Airflow, the Amazon provider and Cosmos (infra/mwaa/requirements.txt).
import { Fn, Stack, type StackProps } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as mwaa from 'aws-cdk-lib/aws-mwaa';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { type BatchTask, TASK_FAMILIES } from './compute.ts';

export const MWAA_ENVIRONMENT = 'jobs';

export interface OrchestrationStackProps extends StackProps {
  vpc: ec2.IVpc;
  airflowSecurityGroup: ec2.ISecurityGroup;
  tasksSecurityGroup: ec2.ISecurityGroup;
  dagBucket: s3.IBucket;
  cluster: ecs.ICluster;
  taskDefinitions: Record<BatchTask, ecs.FargateTaskDefinition>;
  imageTag: string;
  airflowVersion: string;
  /** The RDS credentials secret: the task callbacks write run metrics to the warehouse with it. */
  warehouseSecret: secretsmanager.ISecret;
}

export class OrchestrationStack extends Stack {
  readonly airflow: mwaa.CfnEnvironment;

  constructor(scope: Construct, id: string, props: OrchestrationStackProps) {
    super(scope, id, props);

    const environmentArn = `arn:aws:airflow:${this.region}:${this.account}:environment/${MWAA_ENVIRONMENT}`;
    const executionRole = new iam.Role(this, 'ExecutionRole', {
      assumedBy: new iam.CompositePrincipal(
        new iam.ServicePrincipal('airflow.amazonaws.com'),
        new iam.ServicePrincipal('airflow-env.amazonaws.com'),
      ),
      description: 'MWAA jobs environment: read the DAG bucket, log, run the ECS tasks',
    });
    props.dagBucket.grantRead(executionRole);
    // MWAA has no DATABASE_URL: the callbacks and record_run_statistics read this one secret
    // (airflow/include/warehouse.py), at every connect, so a rotated password is picked up.
    props.warehouseSecret.grantRead(executionRole);
    executionRole.addToPolicy(
      new iam.PolicyStatement({ actions: ['airflow:PublishMetrics'], resources: [environmentArn] }),
    );
    executionRole.addToPolicy(
      new iam.PolicyStatement({
        actions: [
          'logs:CreateLogStream',
          'logs:CreateLogGroup',
          'logs:PutLogEvents',
          'logs:GetLogEvents',
          'logs:GetLogRecord',
          'logs:GetLogGroupFields',
          'logs:GetQueryResults',
        ],
        resources: [`arn:aws:logs:${this.region}:${this.account}:log-group:airflow-${MWAA_ENVIRONMENT}-*`],
      }),
    );
    executionRole.addToPolicy(
      new iam.PolicyStatement({
        // The ECS operators follow their task's output in its awslogs group.
        actions: ['logs:GetLogEvents', 'logs:FilterLogEvents'],
        resources: [`arn:aws:logs:${this.region}:${this.account}:log-group:/jobs/*`],
      }),
    );
    executionRole.addToPolicy(
      new iam.PolicyStatement({
        // Neither action supports resource-level permissions.
        actions: ['logs:DescribeLogGroups', 'cloudwatch:PutMetricData'],
        resources: ['*'],
      }),
    );
    executionRole.addToPolicy(
      new iam.PolicyStatement({
        // MWAA's CeleryExecutor queue lives in a service-owned SQS account.
        actions: [
          'sqs:ChangeMessageVisibility',
          'sqs:DeleteMessage',
          'sqs:GetQueueAttributes',
          'sqs:GetQueueUrl',
          'sqs:ReceiveMessage',
          'sqs:SendMessage',
        ],
        resources: [`arn:aws:sqs:${this.region}:*:airflow-celery-*`],
      }),
    );
    executionRole.addToPolicy(
      new iam.PolicyStatement({
        actions: ['kms:Decrypt', 'kms:DescribeKey', 'kms:GenerateDataKey*', 'kms:Encrypt'],
        notResources: [`arn:aws:kms:*:${this.account}:key/*`],
        conditions: { StringLike: { 'kms:ViaService': [`sqs.${this.region}.amazonaws.com`] } },
      }),
    );
    const taskDefinitions = Object.values(props.taskDefinitions);
    executionRole.addToPolicy(
      new iam.PolicyStatement({
        actions: ['ecs:RunTask'],
        // Any revision of our three families: the deploy registers a new revision per image tag.
        resources: Object.values(TASK_FAMILIES).map(
          (family) => `arn:aws:ecs:${this.region}:${this.account}:task-definition/${family}:*`,
        ),
        conditions: { ArnEquals: { 'ecs:cluster': props.cluster.clusterArn } },
      }),
    );
    executionRole.addToPolicy(
      new iam.PolicyStatement({
        actions: ['ecs:DescribeTasks', 'ecs:StopTask'],
        resources: [`arn:aws:ecs:${this.region}:${this.account}:task/${props.cluster.clusterName}/*`],
      }),
    );
    executionRole.addToPolicy(
      new iam.PolicyStatement({
        actions: ['iam:PassRole'],
        resources: taskDefinitions.flatMap((definition) => [
          definition.taskRole.roleArn,
          definition.obtainExecutionRole().roleArn,
        ]),
        conditions: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
      }),
    );

    const privateSubnets = props.vpc.privateSubnets.slice(0, 2).map((subnet) => subnet.subnetId);
    this.airflow = new mwaa.CfnEnvironment(this, 'Environment', {
      name: MWAA_ENVIRONMENT,
      airflowVersion: props.airflowVersion,
      environmentClass: 'mw1.small',
      minWorkers: 1,
      maxWorkers: 5,
      schedulers: 2,
      executionRoleArn: executionRole.roleArn,
      sourceBucketArn: props.dagBucket.bucketArn,
      dagS3Path: 'dags',
      // Uploaded by the deploy workflow from infra/mwaa/requirements.txt before this stack deploys.
      requirementsS3Path: 'requirements.txt',
      webserverAccessMode: 'PRIVATE_ONLY',
      networkConfiguration: {
        subnetIds: privateSubnets,
        securityGroupIds: [props.airflowSecurityGroup.securityGroupId],
      },
      loggingConfiguration: {
        dagProcessingLogs: { enabled: true, logLevel: 'INFO' },
        schedulerLogs: { enabled: true, logLevel: 'INFO' },
        taskLogs: { enabled: true, logLevel: 'INFO' },
        webserverLogs: { enabled: true, logLevel: 'INFO' },
        workerLogs: { enabled: true, logLevel: 'INFO' },
      },
      // Read by airflow/include/execution.py as AIRFLOW__JOBS__* environment variables.
      airflowConfigurationOptions: {
        'jobs.execution_mode': 'aws',
        'jobs.region': this.region,
        'jobs.ecs_cluster': props.cluster.clusterName,
        'jobs.subnets': Fn.join(
          ',',
          props.vpc.privateSubnets.map((subnet) => subnet.subnetId),
        ),
        'jobs.security_groups': props.tasksSecurityGroup.securityGroupId,
        'jobs.image_tag': props.imageTag,
        'jobs.jobctl_task_definition': TASK_FAMILIES.jobctl,
        'jobs.notifier_task_definition': TASK_FAMILIES.notifier,
        'jobs.dbt_task_definition': TASK_FAMILIES.dbt,
        // A reference, not a secret: the value stays in Secrets Manager.
        'jobs.warehouse_secret_arn': props.warehouseSecret.secretArn,
        // Where the deploy workflow puts the repository's dbt files (airflow/include/paths.py).
        'jobs.repo_root': '/usr/local/airflow/dags/jobs_platform',
        'core.default_timezone': 'utc',
      },
      weeklyMaintenanceWindowStart: 'SUN:03:00',
    });
  }
}
