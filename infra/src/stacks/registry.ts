// ECR repositories (immutable tags, scan on push) and the role GitHub Actions assumes through OIDC
// to push images, run `cdk deploy` and upload the DAGs: no long-lived keys anywhere.
import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';

/** One image per Dockerfile: jobctl (loaders and notifier CLI, docker/cli.Dockerfile), dbt, the profile UI. */
export const IMAGES = ['jobctl', 'dbt', 'ui'] as const;
export type ImageName = (typeof IMAGES)[number];

export interface RegistryStackProps extends StackProps {
  githubRepository: string;
  dagBucket: s3.IBucket;
}

export class RegistryStack extends Stack {
  readonly repositories: Record<ImageName, ecr.Repository>;
  readonly deployRole: iam.Role;

  constructor(scope: Construct, id: string, props: RegistryStackProps) {
    super(scope, id, props);

    this.repositories = Object.fromEntries(
      IMAGES.map((name) => [
        name,
        new ecr.Repository(this, `Repo-${name}`, {
          repositoryName: `jobs/${name}`,
          imageTagMutability: ecr.TagMutability.IMMUTABLE,
          imageScanOnPush: true,
          encryption: ecr.RepositoryEncryption.KMS,
          removalPolicy: RemovalPolicy.RETAIN,
          // Rollback re-deploys an earlier SHA, so keep plenty of them.
          lifecycleRules: [{ description: 'keep the last 50 images', maxImageCount: 50 }],
        }),
      ]),
    ) as Record<ImageName, ecr.Repository>;

    const github = new iam.OidcProviderNative(this, 'GitHubOidc', {
      url: 'https://token.actions.githubusercontent.com',
      clientIds: ['sts.amazonaws.com'],
    });
    this.deployRole = new iam.Role(this, 'DeployRole', {
      roleName: 'jobs-github-deploy',
      description: 'Assumed by the deploy workflow on main (GitHub OIDC)',
      maxSessionDuration: Duration.hours(1),
      assumedBy: new iam.WebIdentityPrincipal(github.oidcProviderArn, {
        StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
        // Only main, and manual dispatches from it (the rollback path), may deploy.
        StringLike: { 'token.actions.githubusercontent.com:sub': `repo:${props.githubRepository}:ref:refs/heads/main` },
      }),
    });
    // cdk deploy runs through the bootstrap roles; the deploy role itself gets no CloudFormation powers.
    this.deployRole.addToPolicy(
      new iam.PolicyStatement({
        actions: ['sts:AssumeRole'],
        resources: [`arn:aws:iam::${this.account}:role/cdk-hnb659fds-*-${this.account}-${this.region}`],
      }),
    );
    this.deployRole.addToPolicy(
      new iam.PolicyStatement({
        // GetAuthorizationToken has no resource-level permissions.
        actions: ['ecr:GetAuthorizationToken'],
        resources: ['*'],
      }),
    );
    for (const repository of Object.values(this.repositories)) repository.grantPullPush(this.deployRole);
    // The bucket's grants include its KMS key.
    props.dagBucket.grantReadWrite(this.deployRole, 'dags/*');
    props.dagBucket.grantReadWrite(this.deployRole, 'requirements.txt');
    props.dagBucket.grantReadWrite(this.deployRole, 'startup.sh');
    this.deployRole.addToPolicy(
      new iam.PolicyStatement({
        // The workflow reads stack outputs (bucket name, UI URL) after deploying.
        actions: ['cloudformation:DescribeStacks'],
        resources: [`arn:aws:cloudformation:${this.region}:${this.account}:stack/Jobs*/*`],
      }),
    );
  }
}
