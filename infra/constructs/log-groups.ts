// The log groups the stack creates (the functions' shared one and the APIs' access logs) keep their
// events for one retention period and follow the stack's removal policy.
import type { RemovalPolicy } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

/** Retention of every log group the stack creates. */
export const LOG_RETENTION = logs.RetentionDays.ONE_MONTH;

export function stackLogGroup(scope: Construct, id: string, removalPolicy: RemovalPolicy): logs.LogGroup {
  return new logs.LogGroup(scope, id, { retention: LOG_RETENTION, removalPolicy });
}
