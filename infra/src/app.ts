// The seven stacks, wired. bin/app.ts synthesises this for the CLI; the tests build it in-process.
import { App, type Environment, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readConfig } from './config.ts';
import { acknowledgeFindings } from './nag.ts';
import { ComputeStack } from './stacks/compute.ts';
import { DataStack } from './stacks/data.ts';
import { NetworkStack } from './stacks/network.ts';
import { ObservabilityStack } from './stacks/observability.ts';
import { OrchestrationStack } from './stacks/orchestration.ts';
import { RegistryStack } from './stacks/registry.ts';
import { StorageStack } from './stacks/storage.ts';

export interface JobsApp {
  app: App;
  network: NetworkStack;
  data: DataStack;
  storage: StorageStack;
  registry: RegistryStack;
  compute: ComputeStack;
  orchestration: OrchestrationStack;
  observability: ObservabilityStack;
}

export function buildApp(app: App = new App()): JobsApp {
  const config = readConfig(app);
  const env: Environment = { account: config.account, region: config.region };

  const network = new NetworkStack(app, 'JobsNetwork', { env });
  const data = new DataStack(app, 'JobsData', {
    env,
    vpc: network.vpc,
    tasksSecurityGroup: network.tasksSecurityGroup,
    airflowSecurityGroup: network.airflowSecurityGroup,
  });
  const storage = new StorageStack(app, 'JobsStorage', { env });
  const registry = new RegistryStack(app, 'JobsRegistry', {
    env,
    githubRepository: config.githubRepository,
    dagBucket: storage.dagBucket,
  });
  const compute = new ComputeStack(app, 'JobsCompute', {
    env,
    vpc: network.vpc,
    tasksSecurityGroup: network.tasksSecurityGroup,
    uiLoadBalancerSecurityGroup: network.uiLoadBalancerSecurityGroup,
    repositories: registry.repositories,
    imageTag: config.imageTag,
    certificateArn: config.certificateArn,
    uiDomainName: config.uiDomainName,
    database: data.database,
    databaseSecret: data.databaseSecret,
    apiKeysSecret: data.apiKeysSecret,
    smtpSecret: data.smtpSecret,
    uiAdminTokenSecret: data.uiAdminTokenSecret,
    archiveBucket: storage.archiveBucket,
    accessLogsBucket: storage.accessLogsBucket,
  });
  const orchestration = new OrchestrationStack(app, 'JobsOrchestration', {
    env,
    vpc: network.vpc,
    airflowSecurityGroup: network.airflowSecurityGroup,
    tasksSecurityGroup: network.tasksSecurityGroup,
    dagBucket: storage.dagBucket,
    cluster: compute.cluster,
    taskDefinitions: compute.taskDefinitions,
    imageTag: config.imageTag,
    airflowVersion: config.mwaaAirflowVersion,
    warehouseSecret: data.databaseSecret,
  });
  const observability = new ObservabilityStack(app, 'JobsObservability', {
    env,
    logGroups: compute.logGroups,
    database: data.database,
    ui: compute.ui,
  });

  const jobs = { app, network, data, storage, registry, compute, orchestration, observability };
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  acknowledgeFindings(jobs);
  return jobs;
}
