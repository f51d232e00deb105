// Metric filters for ERROR lines, the alarms an operator must hear about (to one SNS topic with an
// e-mail subscription) and one dashboard. Log groups and their retention live with the tasks that
// write them (JobsCompute); MWAA creates its own airflow-jobs-* groups.
import { CfnParameter, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as rds from 'aws-cdk-lib/aws-rds';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { SERVICES, type Service } from './compute.ts';
import { MWAA_ENVIRONMENT } from './orchestration.ts';

export interface ObservabilityStackProps extends StackProps {
  logGroups: Record<Service, logs.ILogGroup>;
  database: rds.IDatabaseInstance;
  ui: ecsPatterns.ApplicationLoadBalancedFargateService;
}

export const ERROR_NAMESPACE = 'Jobs/Errors';
export const DAG_ID = 'jobs_etl_daily';
const FIVE_MINUTES = Duration.minutes(5);

export class ObservabilityStack extends Stack {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: ObservabilityStackProps) {
    super(scope, id, props);

    const alarmEmail = new CfnParameter(this, 'AlarmEmail', {
      type: 'String',
      description: 'Address that receives the alarms (confirm the subscription mail once)',
      allowedPattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$',
    });
    const key = new kms.Key(this, 'AlarmsKey', { description: 'jobs alarm topic', enableKeyRotation: true });
    // CloudWatch publishes alarm notifications itself, so it must be able to use the topic's key.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );
    this.topic = new sns.Topic(this, 'Alarms', { displayName: 'jobs alarms', masterKey: key, enforceSSL: true });
    this.topic.addSubscription(new subscriptions.EmailSubscription(alarmEmail.valueAsString));
    const notify = new actions.SnsAction(this.topic);

    const alarm = (id: string, props: cloudwatch.AlarmProps) => {
      const created = new cloudwatch.Alarm(this, id, {
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        ...props,
      });
      created.addAlarmAction(notify);
      created.addOkAction(notify);
      this.alarms.push(created);
      return created;
    };

    // Error rate per service: every log line at ERROR level (pino writes "level":50, the Python
    // tools write "ERROR") counts once.
    const errorMetrics = SERVICES.map((service) => {
      const filter = new logs.MetricFilter(this, `Errors-${service}`, {
        logGroup: props.logGroups[service],
        filterPattern: logs.FilterPattern.any(
          logs.FilterPattern.stringValue('$.level', '=', 'error'),
          logs.FilterPattern.numberValue('$.level', '>=', 50),
        ),
        metricNamespace: ERROR_NAMESPACE,
        metricName: `${service}-errors`,
        metricValue: '1',
        defaultValue: 0,
      });
      const metric = filter.metric({ statistic: 'Sum', period: FIVE_MINUTES });
      alarm(`ErrorRate-${service}`, {
        alarmDescription: `${service}: ERROR lines in its log group (see runbooks/logs.md)`,
        metric,
        threshold: service === 'ui' ? 10 : 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      });
      return metric;
    });

    // MWAA publishes the DagRun failure duration metric only when a run fails.
    const dagFailures = new cloudwatch.Metric({
      namespace: 'AmazonMWAA',
      metricName: 'DAGDurationFailed',
      dimensionsMap: { Environment: MWAA_ENVIRONMENT, DAG: DAG_ID },
      statistic: 'SampleCount',
      period: Duration.hours(1),
    });
    alarm('DagRunFailed', {
      alarmDescription: `${DAG_ID} run failed (see runbooks/failed-run.md)`,
      metric: dagFailures,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });

    const connections = props.database.metricDatabaseConnections({ period: FIVE_MINUTES });
    const cpu = props.database.metricCPUUtilization({ period: FIVE_MINUTES });
    const freeStorage = props.database.metricFreeStorageSpace({ period: FIVE_MINUTES });
    alarm('RdsConnections', {
      alarmDescription: 'RDS: connections near max_connections of a t4g.medium (see runbooks/scale.md)',
      metric: connections,
      threshold: 300,
      evaluationPeriods: 3,
    });
    alarm('RdsCpu', {
      alarmDescription: 'RDS: CPU above 80% for 15 minutes',
      metric: cpu,
      threshold: 80,
      evaluationPeriods: 3,
    });
    alarm('RdsFreeStorage', {
      alarmDescription: 'RDS: under 5 GiB free (autoscaling storage may be at its maximum)',
      metric: freeStorage,
      threshold: 5 * 1024 ** 3,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
    });

    const ui5xx = props.ui.loadBalancer.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, {
      period: FIVE_MINUTES,
      statistic: 'Sum',
    });
    const unhealthy = props.ui.targetGroup.metrics.unhealthyHostCount({ period: Duration.minutes(1) });
    alarm('Ui5xx', {
      alarmDescription: 'UI: 5xx responses from the app',
      metric: ui5xx,
      threshold: 5,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });
    alarm('UiUnhealthyHosts', {
      alarmDescription: 'UI: a task fails its /healthz check',
      metric: unhealthy,
      threshold: 1,
      evaluationPeriods: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });

    const dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { dashboardName: 'jobs' });
    dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24 }),
      new cloudwatch.GraphWidget({ title: 'ERROR lines per service', left: errorMetrics, width: 12 }),
      new cloudwatch.GraphWidget({ title: `${DAG_ID} failed runs`, left: [dagFailures], width: 12 }),
      new cloudwatch.GraphWidget({ title: 'RDS CPU % / connections', left: [cpu], right: [connections], width: 12 }),
      new cloudwatch.GraphWidget({ title: 'RDS free storage', left: [freeStorage], width: 12 }),
      new cloudwatch.GraphWidget({ title: 'UI 5xx / unhealthy hosts', left: [ui5xx], right: [unhealthy], width: 24 }),
    );
  }
}
