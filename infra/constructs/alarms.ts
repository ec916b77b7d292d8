// Every alarm of the stack notifies one SNS topic, on alarm and back to OK: the dead-letter alarms of
// the queues, and the failure alarms (the HTTP API's 5xx and grouped function errors + throttles).
import type { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { AlarmTopic } from './alarm-topic.ts';
import { FailureAlarms } from './failure-alarms.ts';
import { Group } from './group.ts';

export interface AlarmsProps {
  service: string;
  alarmEmail: string;
  removalPolicy: RemovalPolicy;
  httpApi: apigw.IHttpApi;
  /** Function name → function, for the functions no HTTP route reaches (the API's 5xx covers the others). */
  functionsOutsideHttp: Readonly<Record<string, lambda.IFunction>>;
  /** Alarms made elsewhere (the queues' dead-letter alarms), notified like these. */
  otherAlarms: readonly cloudwatch.Alarm[];
  period: Duration;
}

export class Alarms extends Group {
  readonly topic: sns.Topic;
  readonly failureAlarms: FailureAlarms;
  /** Every alarm that notifies the topic: the other alarms first, then the failure alarms. */
  readonly all: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    this.topic = new AlarmTopic(this, 'Topic', props).topic;
    this.failureAlarms = new FailureAlarms(this, 'FailureAlarms', {
      httpApi: props.httpApi,
      functions: props.functionsOutsideHttp,
      period: props.period,
    });
    this.all = [...props.otherAlarms, ...this.failureAlarms.all];
    const notify = new SnsAction(this.topic);
    for (const alarm of this.all) {
      alarm.addAlarmAction(notify);
      alarm.addOkAction(notify);
    }
  }
}
