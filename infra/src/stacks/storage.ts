// S3: the raw archive (replayable with `jobctl archive-restore`), exports, and MWAA's DAG bucket.
// All private, TLS-only and SSE-KMS; the access-log bucket is SSE-S3 because S3 server access
// logging cannot write to a KMS-encrypted target.
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';

export class StorageStack extends Stack {
  readonly key: kms.Key;
  readonly accessLogsBucket: s3.Bucket;
  readonly archiveBucket: s3.Bucket;
  readonly exportsBucket: s3.Bucket;
  readonly dagBucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);

    this.key = new kms.Key(this, 'StorageKey', {
      description: 'Archive, exports and DAG buckets',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const common = {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
    };

    this.accessLogsBucket = new s3.Bucket(this, 'AccessLogs', {
      ...common,
      // S3 server access logs and ALB access logs only support SSE-S3 targets.
      encryption: s3.BucketEncryption.S3_MANAGED,
      versioned: true,
      lifecycleRules: [
        { id: 'expire-logs', expiration: Duration.days(365), noncurrentVersionExpiration: Duration.days(30) },
      ],
    });

    const kmsEncrypted = {
      ...common,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      serverAccessLogsBucket: this.accessLogsBucket,
    };

    this.archiveBucket = new s3.Bucket(this, 'Archive', {
      ...kmsEncrypted,
      serverAccessLogsPrefix: 'archive/',
      versioned: true,
      lifecycleRules: [
        {
          id: 'archive-to-glacier',
          transitions: [{ storageClass: s3.StorageClass.GLACIER, transitionAfter: Duration.days(90) }],
          noncurrentVersionExpiration: Duration.days(365),
        },
      ],
    });

    this.exportsBucket = new s3.Bucket(this, 'Exports', {
      ...kmsEncrypted,
      serverAccessLogsPrefix: 'exports/',
      versioned: true,
      lifecycleRules: [
        { id: 'expire-exports', expiration: Duration.days(180), noncurrentVersionExpiration: Duration.days(30) },
      ],
    });

    this.dagBucket = new s3.Bucket(this, 'Dags', {
      ...kmsEncrypted,
      // MWAA requires the source bucket's name to start with "airflow-", and versioning on.
      bucketName: `airflow-jobs-dags-${this.account}-${this.region}`,
      serverAccessLogsPrefix: 'dags/',
      versioned: true,
      lifecycleRules: [{ id: 'expire-old-dag-versions', noncurrentVersionExpiration: Duration.days(90) }],
    });
    // The deploy workflow uploads requirements.txt, the DAGs and the manifest here.
    new CfnOutput(this, 'DagBucketName', { value: this.dagBucket.bucketName });
  }
}
