// The alarms on failed invocations, sized so that a new HTTP route adds none: the HTTP API's 5xx
// covers every function behind an HTTP route (a handler that errs, times out or is throttled makes
// the API answer 5xx; bad input is a 4xx), and the functions no HTTP route reaches (authorizer,
// WebSocket handlers, queue workers, schedules) are grouped, FUNCTIONS_PER_FAILURE_ALARM per alarm.
import type { Duration } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

/**
 * Functions per group alarm: each contributes its Errors and Throttles, so an alarm holds 8 metrics
 * and the expression, within CloudWatch's 10 metrics per metric-math alarm.
 */
export const FUNCTIONS_PER_FAILURE_ALARM = 4;

export interface FailureAlarmsProps {
  httpApi: apigw.IHttpApi;
  /** Function name → function, for the functions no HTTP route reaches. */
  functions: Readonly<Record<string, lambda.IFunction>>;
  period: Duration;
}

export class FailureAlarms extends Construct {
  /** 5xx answers of the HTTP API. */
  readonly httpServerErrors: cloudwatch.Alarm;
  /** Errors + throttles of up to FUNCTIONS_PER_FAILURE_ALARM functions each. */
  readonly functionFailures: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: FailureAlarmsProps) {
    super(scope, id);
    const { period } = props;
    this.httpServerErrors = new cloudwatch.Alarm(this, 'HttpServerErrors', {
      alarmDescription: 'The HTTP API answered 5xx: a route function failed, timed out or was throttled',
      metric: props.httpApi.metricServerError({ period, statistic: 'Sum' }),
      ...AT_LEAST_ONE,
    });
    const functions = Object.entries(props.functions);
    for (let i = 0; i < functions.length; i += FUNCTIONS_PER_FAILURE_ALARM) {
      const group = functions.slice(i, i + FUNCTIONS_PER_FAILURE_ALARM);
      const usingMetrics: Record<string, cloudwatch.IMetric> = {};
      group.forEach(([, fn], j) => {
        usingMetrics[`errors${j}`] = fn.metricErrors({ period, statistic: 'Sum' });
        usingMetrics[`throttles${j}`] = fn.metricThrottles({ period, statistic: 'Sum' });
      });
      const names = group.map(([name]) => name).join(', ');
      this.functionFailures.push(
        new cloudwatch.Alarm(this, `Functions${this.functionFailures.length + 1}`, {
          alarmDescription: `Invocations of ${names} ended in an error or were throttled`,
          metric: new cloudwatch.MathExpression({
            // FILL: a function without invocations has no datapoint, which must not hide the others'.
            expression: `SUM([${Object.keys(usingMetrics)
              .map((m) => `FILL(${m}, 0)`)
              .join(', ')}])`,
            usingMetrics,
            period,
            label: `errors + throttles of ${names}`,
          }),
          ...AT_LEAST_ONE,
        }),
      );
    }
  }

  /** Every alarm of this construct. */
  get all(): cloudwatch.Alarm[] {
    return [this.httpServerErrors, ...this.functionFailures];
  }
}

/** ≥ 1 in one period; no data is no failure. */
export const AT_LEAST_ONE = {
  threshold: 1,
  evaluationPeriods: 1,
  comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
  treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
} as const;
