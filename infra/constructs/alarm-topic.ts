// The KMS-encrypted SNS topic CloudWatch alarms publish to, with the e-mail subscription if one is
// configured. A customer-managed key: CloudWatch can only publish to an encrypted topic whose key
// policy lets it use the key, which the AWS-managed alias/aws/sns key never does.
import { type RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { Group } from './group.ts';

export interface AlarmTopicProps {
  service: string;
  /** Address subscribed to the topic; empty: none. */
  alarmEmail: string;
  removalPolicy: RemovalPolicy;
}

export class AlarmTopic extends Group {
  readonly key: kms.Key;
  readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    const account = Stack.of(this).account;
    this.key = new kms.Key(this, 'AlarmTopicKey', {
      description: `${props.service} alarm topic encryption`,
      enableKeyRotation: true,
      removalPolicy: props.removalPolicy,
    });
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        // What AWS documents for CloudWatch alarms publishing to an encrypted topic.
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'], // in a key policy, "*" is this key
        conditions: { StringEquals: { 'aws:SourceAccount': account } },
      }),
    );
    this.topic = new sns.Topic(this, 'AlarmTopic', { displayName: `${props.service} alarms`, masterKey: this.key, enforceSSL: true });
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': account } },
      }),
    );
    if (props.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
  }
}
