// ECS Fargate: one task definition per batch CLI (each with its own least-privilege task role, its
// secrets from Secrets Manager and its own log group), and the profile UI behind an HTTPS ALB.
import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as rds from 'aws-cdk-lib/aws-rds';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { DATABASE_NAME, DATABASE_USER } from './data.ts';
import { logGroupKey } from './log-key.ts';
import type { ImageName } from './registry.ts';

export interface ComputeStackProps extends StackProps {
  vpc: ec2.IVpc;
  tasksSecurityGroup: ec2.ISecurityGroup;
  uiLoadBalancerSecurityGroup: ec2.ISecurityGroup;
  repositories: Record<ImageName, ecr.IRepository>;
  imageTag: string;
  certificateArn: string;
  uiDomainName: string;
  database: rds.IDatabaseInstance;
  databaseSecret: secretsmanager.ISecret;
  apiKeysSecret: secretsmanager.ISecret;
  smtpSecret: secretsmanager.ISecret;
  uiAdminTokenSecret: secretsmanager.ISecret;
  archiveBucket: s3.IBucket;
  accessLogsBucket: s3.IBucket;
}

/** The batch task families the DAG runs on AWS (EcsRunTaskOperator / Cosmos AWS_ECS). */
export const TASK_FAMILIES = { jobctl: 'jobs-jobctl', notifier: 'jobs-notifier', dbt: 'jobs-dbt' } as const;
export type BatchTask = keyof typeof TASK_FAMILIES;
export const SERVICES = ['jobctl', 'notifier', 'dbt', 'ui'] as const;
export type Service = (typeof SERVICES)[number];
export const LOG_RETENTION = logs.RetentionDays.THREE_MONTHS;

export class ComputeStack extends Stack {
  readonly cluster: ecs.Cluster;
  readonly taskDefinitions: Record<BatchTask, ecs.FargateTaskDefinition>;
  readonly logGroups: Record<Service, logs.LogGroup>;
  readonly ui: ecsPatterns.ApplicationLoadBalancedFargateService;

  constructor(scope: Construct, id: string, props: ComputeStackProps) {
    super(scope, id, props);

    this.cluster = new ecs.Cluster(this, 'Cluster', {
      clusterName: 'jobs',
      vpc: props.vpc,
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
    });

    const logsKey = logGroupKey(this, 'LogsKey');
    this.logGroups = Object.fromEntries(
      SERVICES.map((service) => [
        service,
        new logs.LogGroup(this, `Logs-${service}`, {
          logGroupName: `/jobs/${service}`,
          retention: LOG_RETENTION,
          encryptionKey: logsKey,
        }),
      ]),
    ) as Record<Service, logs.LogGroup>;

    // node-postgres and libpq take the password from PGPASSWORD when the URL has none, so the URL
    // stays a plain variable and only the password is a secret. libpq semantics: TLS, no CA pinning.
    const databaseUrl = `postgresql://${DATABASE_USER}@${props.database.dbInstanceEndpointAddress}:${props.database.dbInstanceEndpointPort}/${DATABASE_NAME}?sslmode=require&uselibpqcompat=true`;
    const pgPassword = ecs.Secret.fromSecretsManager(props.databaseSecret, 'password');
    const image = (name: ImageName) => ecs.ContainerImage.fromEcrRepository(props.repositories[name], props.imageTag);
    const logging = (service: Service) =>
      ecs.LogDrivers.awsLogs({ logGroup: this.logGroups[service], streamPrefix: service });

    const batch = (
      task: BatchTask,
      spec: {
        image: ImageName;
        cpu: number;
        memoryLimitMiB: number;
        entryPoint?: string[];
        environment: Record<string, string>;
        secrets: Record<string, ecs.Secret>;
      },
    ) => {
      const taskRole = new iam.Role(this, `TaskRole-${task}`, {
        assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
        description: `${TASK_FAMILIES[task]}: what the container itself may call`,
      });
      const definition = new ecs.FargateTaskDefinition(this, `Task-${task}`, {
        family: TASK_FAMILIES[task],
        cpu: spec.cpu,
        memoryLimitMiB: spec.memoryLimitMiB,
        taskRole,
        runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.X86_64 },
      });
      definition.addContainer(task, {
        image: image(spec.image),
        environment: { LOG_LEVEL: 'info', JOBS_IMAGE_TAG: props.imageTag, ...spec.environment },
        secrets: spec.secrets,
        logging: logging(task),
        ...(spec.entryPoint ? { entryPoint: spec.entryPoint } : {}),
        readonlyRootFilesystem: false,
      });
      return definition;
    };

    this.taskDefinitions = {
      jobctl: batch('jobctl', {
        image: 'jobctl',
        cpu: 512,
        memoryLimitMiB: 1024,
        environment: { DATABASE_URL: databaseUrl },
        secrets: {
          PGPASSWORD: pgPassword,
          JSEARCH_API_KEY: ecs.Secret.fromSecretsManager(props.apiKeysSecret, 'JSEARCH_API_KEY'),
          GLASSDOOR_API_KEY: ecs.Secret.fromSecretsManager(props.apiKeysSecret, 'GLASSDOOR_API_KEY'),
        },
      }),
      notifier: batch('notifier', {
        image: 'jobctl',
        cpu: 256,
        memoryLimitMiB: 512,
        environment: { DATABASE_URL: databaseUrl, MAIL_FROM: `Job digest <digest@${props.uiDomainName}>` },
        secrets: { PGPASSWORD: pgPassword, SMTP_URL: ecs.Secret.fromSecretsManager(props.smtpSecret) },
      }),
      dbt: batch('dbt', {
        image: 'dbt',
        // Cosmos (AWS_ECS) sends the whole `dbt <args>` command; the image's ENTRYPOINT is dbt itself.
        entryPoint: ['/usr/bin/env'],
        cpu: 1024,
        memoryLimitMiB: 2048,
        environment: {
          DBT_HOST: props.database.dbInstanceEndpointAddress,
          DBT_PORT: props.database.dbInstanceEndpointPort,
          DBT_USER: DATABASE_USER,
          DBT_DATABASE: DATABASE_NAME,
          DBT_THREADS: '4',
        },
        secrets: { DBT_PASSWORD: pgPassword },
      }),
    };
    // Only the loaders touch the raw archive (archive on extract, read on archive-restore).
    props.archiveBucket.grantReadWrite(this.taskDefinitions.jobctl.taskRole);

    const uiTaskRole = new iam.Role(this, 'TaskRole-ui', {
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
      description: 'jobs-ui: the profile app calls no AWS API',
    });
    const loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'UiLoadBalancer', {
      vpc: props.vpc,
      internetFacing: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      securityGroup: props.uiLoadBalancerSecurityGroup,
      dropInvalidHeaderFields: true,
    });
    this.ui = new ecsPatterns.ApplicationLoadBalancedFargateService(this, 'Ui', {
      cluster: this.cluster,
      serviceName: 'jobs-ui',
      desiredCount: 2,
      cpu: 512,
      memoryLimitMiB: 1024,
      taskSubnets: { subnets: props.vpc.privateSubnets },
      securityGroups: [props.tasksSecurityGroup],
      loadBalancer,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      listenerPort: 443,
      certificate: acm.Certificate.fromCertificateArn(this, 'UiCertificate', props.certificateArn),
      sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
      redirectHTTP: true,
      circuitBreaker: { rollback: true },
      minHealthyPercent: 100,
      taskImageOptions: {
        image: image('ui'),
        containerName: 'ui',
        containerPort: 3000,
        taskRole: uiTaskRole,
        family: 'jobs-ui',
        environment: {
          UI_HOST: '0.0.0.0',
          UI_PORT: '3000',
          ORIGIN: `https://${props.uiDomainName}`,
          UI_PUBLIC_URL: `https://${props.uiDomainName}`,
          DATABASE_URL: databaseUrl,
          LOG_LEVEL: 'info',
          JOBS_IMAGE_TAG: props.imageTag,
        },
        secrets: {
          PGPASSWORD: pgPassword,
          UI_ADMIN_TOKEN: ecs.Secret.fromSecretsManager(props.uiAdminTokenSecret),
        },
        logDriver: logging('ui'),
      },
    });
    this.ui.targetGroup.configureHealthCheck({
      path: '/healthz',
      healthyHttpCodes: '200',
      interval: Duration.seconds(15),
      healthyThresholdCount: 2,
      unhealthyThresholdCount: 3,
    });
    this.ui.loadBalancer.logAccessLogs(props.accessLogsBucket, 'alb');
  }
}
