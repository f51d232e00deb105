// Each check must find a planted violation in a minimal template, and accept its fixed form.
import { describe, expect, it } from 'vitest';
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

const blocked = { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true };
const kms = { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }] };
const s3Managed = {
  ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
};
const task = (container: Record<string, unknown>): CfnTemplate => ({
  Resources: {
    Task: {
      Type: 'AWS::ECS::TaskDefinition',
      Properties: { ContainerDefinitions: [{ Name: 'app', LogConfiguration: { LogDriver: 'awslogs' }, ...container }] },
    },
  },
});

describe('policy checks catch planted violations', () => {
  it('public buckets', () => {
    const bucket = (block: object): CfnTemplate => ({
      Resources: { B: { Type: 'AWS::S3::Bucket', Properties: { PublicAccessBlockConfiguration: block } } },
    });
    expect(publicBuckets(bucket({ ...blocked, RestrictPublicBuckets: false }))).toEqual([
      'B: public access not fully blocked',
    ]);
    expect(publicBuckets(bucket(blocked))).toEqual([]);
  });

  it('bucket encryption: KMS, SSE-S3 only on a log target', () => {
    const template = (logsEncryption: object, dataEncryption: object): CfnTemplate => ({
      Resources: {
        Logs: { Type: 'AWS::S3::Bucket', Properties: { BucketEncryption: logsEncryption } },
        Data: {
          Type: 'AWS::S3::Bucket',
          Properties: {
            BucketEncryption: dataEncryption,
            LoggingConfiguration: { DestinationBucketName: { Ref: 'Logs' } },
          },
        },
      },
    });
    expect(unencryptedBuckets(template(s3Managed, s3Managed))).toEqual(['Data: encryption AES256, expected aws:kms']);
    expect(unencryptedBuckets(template(kms, kms))).toEqual(['Logs: encryption aws:kms, expected AES256']);
    expect(unencryptedBuckets(template(s3Managed, kms))).toEqual([]);
  });

  it('TLS-only bucket policy', () => {
    const template = (secureTransport: string): CfnTemplate => ({
      Resources: {
        B: { Type: 'AWS::S3::Bucket' },
        P: {
          Type: 'AWS::S3::BucketPolicy',
          Properties: {
            Bucket: { Ref: 'B' },
            PolicyDocument: {
              Statement: [{ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': secureTransport } } }],
            },
          },
        },
      },
    });
    expect(bucketsWithoutTlsOnlyPolicy(template('true'))).toEqual(['B: no TLS-only bucket policy']);
    expect(bucketsWithoutTlsOnlyPolicy(template('false'))).toEqual([]);
  });

  it('no * action on * resource', () => {
    const policy = (Action: unknown, Resource: unknown): CfnTemplate => ({
      Resources: {
        P: {
          Type: 'AWS::IAM::Policy',
          Properties: { PolicyDocument: { Statement: [{ Effect: 'Allow', Action, Resource }] } },
        },
      },
    });
    expect(starOnStar(policy(['s3:GetObject', '*'], '*'))).toEqual(['P: Allow * on *']);
    expect(starOnStar(policy('*', 'arn:aws:s3:::b/*'))).toEqual([]);
    expect(starOnStar(policy('ecr:GetAuthorizationToken', '*'))).toEqual([]);
  });

  it('awslogs on every container', () => {
    expect(containersWithoutAwslogs(task({ LogConfiguration: { LogDriver: 'json-file' } }))).toEqual([
      'Task/app: log driver is not awslogs',
    ]);
    expect(containersWithoutAwslogs(task({}))).toEqual([]);
  });

  it('secrets never in the plain environment', () => {
    const env = (Name: string, Value: unknown) => task({ Environment: [{ Name, Value }] });
    expect(plainSecretEnvironment(env('PGPASSWORD', 'x'))).toHaveLength(1);
    expect(plainSecretEnvironment(env('DATABASE_URL', 'postgresql://u:hunter2@db:5432/jobs'))).toHaveLength(1);
    expect(plainSecretEnvironment(env('X', '{{resolve:secretsmanager:arn:SecretString:password}}'))).toHaveLength(1);
    expect(plainSecretEnvironment(env('DATABASE_URL', 'postgresql://jobs_app@db:5432/jobs?sslmode=require'))).toEqual(
      [],
    );
  });

  it('alarms notify SNS', () => {
    const template = (actions: unknown[]): CfnTemplate => ({
      Resources: {
        T: { Type: 'AWS::SNS::Topic' },
        A: { Type: 'AWS::CloudWatch::Alarm', Properties: { AlarmActions: actions } },
      },
    });
    expect(alarmsWithoutSns(template([]))).toEqual(['A: no SNS alarm action']);
    expect(alarmsWithoutSns(template([{ Ref: 'T' }]))).toEqual([]);
  });
});
