// RDS PostgreSQL: encrypted, TLS-only, 7-day backups with point-in-time restore, rotated credentials,
// JIT off, and reachable only from the tasks and Airflow. Application secrets live here too, so every
// consumer reads them from one place. Secrets use Secrets Manager's own key: a customer key in this
// stack would need key-policy grants naming JobsCompute's roles, a cross-stack cycle.
import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';

export interface DataStackProps extends StackProps {
  vpc: ec2.IVpc;
  tasksSecurityGroup: ec2.ISecurityGroup;
  airflowSecurityGroup: ec2.ISecurityGroup;
}

export const DATABASE_NAME = 'jobs';
export const DATABASE_USER = 'jobs_app';

export class DataStack extends Stack {
  readonly database: rds.DatabaseInstance;
  readonly databaseSecret: secretsmanager.ISecret;
  /** JSearch and Glassdoor API keys (JSON keys JSEARCH_API_KEY, GLASSDOOR_API_KEY). */
  readonly apiKeysSecret: secretsmanager.Secret;
  /** SMTP_URL for the notifier (it carries the SMTP password). */
  readonly smtpSecret: secretsmanager.Secret;
  /** UI_ADMIN_TOKEN for the profile app. */
  readonly uiAdminTokenSecret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);

    const key = new kms.Key(this, 'DataKey', {
      description: 'RDS storage and Performance Insights',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const databaseSecurityGroup = new ec2.SecurityGroup(this, 'DatabaseSecurityGroup', {
      vpc: props.vpc,
      description: 'PostgreSQL: only the ECS tasks and the MWAA environment',
      allowAllOutbound: false,
    });
    databaseSecurityGroup.addIngressRule(props.tasksSecurityGroup, ec2.Port.tcp(5432), 'ECS tasks');
    databaseSecurityGroup.addIngressRule(props.airflowSecurityGroup, ec2.Port.tcp(5432), 'MWAA environment');

    const parameterGroup = new rds.ParameterGroup(this, 'Parameters', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_15_17 }),
      description: 'jobs: TLS only; JIT off (JIT compilation cost more than it saved on the ranking queries)',
      parameters: {
        'rds.force_ssl': '1',
        jit: '0',
        log_min_duration_statement: '5000',
      },
    });

    this.database = new rds.DatabaseInstance(this, 'Database', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_15_17 }),
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MEDIUM),
      vpc: props.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      securityGroups: [databaseSecurityGroup],
      databaseName: DATABASE_NAME,
      credentials: rds.Credentials.fromGeneratedSecret(DATABASE_USER),
      parameterGroup,
      storageEncrypted: true,
      storageEncryptionKey: key,
      allocatedStorage: 50,
      maxAllocatedStorage: 200,
      multiAz: true,
      // Backups make point-in-time restore possible to any second of the last 7 days.
      backupRetention: Duration.days(7),
      deleteAutomatedBackups: false,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.SNAPSHOT,
      autoMinorVersionUpgrade: true,
      monitoringInterval: Duration.seconds(60),
      enablePerformanceInsights: true,
      performanceInsightEncryptionKey: key,
      cloudwatchLogsExports: ['postgresql', 'upgrade'],
      iamAuthentication: true,
      copyTagsToSnapshot: true,
    });
    if (!this.database.secret) throw new Error('the database must have a generated secret');
    this.databaseSecret = this.database.secret;
    this.database.addRotationSingleUser({ automaticallyAfter: Duration.days(30) });

    this.apiKeysSecret = new secretsmanager.Secret(this, 'ApiKeys', {
      description: 'JSEARCH_API_KEY and GLASSDOOR_API_KEY (set by an operator; see the rotate-secrets runbook)',
    });
    this.smtpSecret = new secretsmanager.Secret(this, 'Smtp', {
      description: 'SMTP_URL for the notifier (set by an operator)',
    });
    this.uiAdminTokenSecret = new secretsmanager.Secret(this, 'UiAdminToken', {
      description: 'UI_ADMIN_TOKEN for the profile app',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
  }
}
