// A VPC over two AZs. Tasks, the database and MWAA live in private subnets and reach AWS services
// through endpoints; the NAT gateway is only for the job APIs and SMTP on the internet.
import { Stack, type StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { logGroupKey } from './log-key.ts';

export class NetworkStack extends Stack {
  readonly vpc: ec2.Vpc;
  /** Attached to every ECS task (CLIs, dbt, UI): the database admits this group. */
  readonly tasksSecurityGroup: ec2.SecurityGroup;
  /** Attached to the MWAA environment: the database admits this group too. */
  readonly airflowSecurityGroup: ec2.SecurityGroup;
  /** The UI's internet-facing ALB. Kept here with the tasks' group so the rules between them never
   * make JobsNetwork depend on JobsCompute. */
  readonly uiLoadBalancerSecurityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);

    const flowLogs = new logs.LogGroup(this, 'FlowLogs', {
      retention: logs.RetentionDays.ONE_MONTH,
      encryptionKey: logGroupKey(this, 'FlowLogsKey'),
    });
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 1,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'tasks', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 22 },
        { name: 'database', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
      flowLogs: {
        all: {
          destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs),
          trafficType: ec2.FlowLogTrafficType.ALL,
        },
      },
    });

    this.vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
    const interfaceEndpoints = {
      EcrApi: ec2.InterfaceVpcEndpointAwsService.ECR,
      EcrDocker: ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER,
      Logs: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
      SecretsManager: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
    };
    for (const [name, service] of Object.entries(interfaceEndpoints)) {
      this.vpc.addInterfaceEndpoint(name, {
        service,
        subnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
        privateDnsEnabled: true,
      });
    }

    this.tasksSecurityGroup = new ec2.SecurityGroup(this, 'TasksSecurityGroup', {
      vpc: this.vpc,
      description: 'ECS tasks: loaders/jobctl, notifier, dbt and the UI',
      allowAllOutbound: true,
    });
    this.airflowSecurityGroup = new ec2.SecurityGroup(this, 'AirflowSecurityGroup', {
      vpc: this.vpc,
      description: 'MWAA environment (scheduler, workers, webserver)',
      allowAllOutbound: true,
    });
    this.uiLoadBalancerSecurityGroup = new ec2.SecurityGroup(this, 'UiLoadBalancerSecurityGroup', {
      vpc: this.vpc,
      description: 'UI load balancer: HTTPS (and the HTTP redirect) from the internet',
      allowAllOutbound: false,
    });
    // MWAA's own components talk to each other inside this group.
    this.airflowSecurityGroup.addIngressRule(this.airflowSecurityGroup, ec2.Port.allTraffic(), 'MWAA self-reference');
  }
}
