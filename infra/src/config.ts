// Deploy-time settings, all from CDK context (cdk.json defaults, `-c key=value` in the deploy workflow).
// The defaults are the offline synth account: cdk.context.json holds its AZ lookup, so synth needs no credentials.
import type { App } from 'aws-cdk-lib';

export interface JobsConfig {
  account: string;
  region: string;
  /** Image tag every task definition and the UI service run: the commit SHA in the deploy workflow. */
  imageTag: string;
  /** ACM certificate for the UI's HTTPS listener (issued outside this app, per domain). */
  certificateArn: string;
  /** owner/name of the GitHub repository whose main branch may assume the deploy role. */
  githubRepository: string;
  uiDomainName: string;
  mwaaAirflowVersion: string;
}

function required(app: App, key: string): string {
  const value = app.node.tryGetContext(key);
  if (typeof value !== 'string' || value.trim() === '') {
    throw new Error(`CDK context "${key}" is required (cdk.json or -c ${key}=...)`);
  }
  return value.trim();
}

export function readConfig(app: App): JobsConfig {
  const config: JobsConfig = {
    account: required(app, 'account'),
    region: required(app, 'region'),
    imageTag: required(app, 'imageTag'),
    certificateArn: required(app, 'certificateArn'),
    githubRepository: required(app, 'githubRepository'),
    uiDomainName: required(app, 'uiDomainName'),
    mwaaAirflowVersion: required(app, 'mwaaAirflowVersion'),
  };
  if (!/^\d{12}$/.test(config.account))
    throw new Error(`CDK context "account" must be 12 digits, got "${config.account}"`);
  if (!/^[\w.-]{1,128}$/.test(config.imageTag))
    throw new Error(`CDK context "imageTag" is not an image tag: "${config.imageTag}"`);
  if (!config.certificateArn.startsWith('arn:aws:acm:')) {
    throw new Error(`CDK context "certificateArn" must be an ACM certificate ARN, got "${config.certificateArn}"`);
  }
  if (!/^[\w.-]+\/[\w.-]+$/.test(config.githubRepository)) {
    throw new Error(`CDK context "githubRepository" must be owner/name, got "${config.githubRepository}"`);
  }
  return config;
}
