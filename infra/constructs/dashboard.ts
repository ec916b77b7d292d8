// The operations dashboard: alarm states, the two APIs, every function's errors, duration and
// throttles, and the queues' dead letters and backlog.
import { Duration, Stack } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { deadLetterQueueName } from '../wiring-env.ts';
import { ignoreCfnLint } from './cfn-lint.ts';
import { Group } from './group.ts';
import type { DeclaredQueue } from './queues.ts';

export interface DashboardProps {
  alarms: readonly cloudwatch.Alarm[];
  httpApi: apigw.HttpApi;
  webSocketApi: apigw.IWebSocketApi;
  webSocketStage: string;
  /** Function name → function. */
  functions: Readonly<Record<string, lambda.IFunction>>;
  /** Queue name → queue and DLQ. */
  queues: Readonly<Record<string, DeclaredQueue>>;
  period: Duration;
}

export class Dashboard extends Group {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: DashboardProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      // Dashboard names are unique per account, not per region.
      dashboardName: `${stack.stackName}-${stack.region}`,
      defaultInterval: Duration.hours(3),
    });
    ignoreCfnLint(this.dashboard, {
      E3002:
        "CloudFormation's AWS::CloudWatch::Dashboard takes Tags (aws-cdk-lib emits the stack's tags on it); " +
        'the resource schema bundled with cfn-lint 1.51 predates the property and refuses it.',
    });
    this.dashboard.addWidgets(new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: [...props.alarms], width: 24 }));
    this.dashboard.addWidgets(...apiWidgets(props));
    this.dashboard.addWidgets(...functionWidgets(props));
    if (Object.keys(props.queues).length > 0) this.dashboard.addWidgets(...queueWidgets(props));
  }
}

/** Requests, errors and latency of the HTTP API; connections, messages and errors of the WebSocket API. */
function apiWidgets({ httpApi, webSocketApi, webSocketStage, period }: DashboardProps): cloudwatch.IWidget[] {
  const wsMetric = (metricName: string) =>
    new cloudwatch.Metric({
      namespace: 'AWS/ApiGateway',
      metricName,
      dimensionsMap: { ApiId: webSocketApi.apiId, Stage: webSocketStage },
      statistic: 'Sum',
      period,
    });
  return [
    new cloudwatch.GraphWidget({
      title: 'HTTP API requests and errors',
      left: [
        httpApi.metricCount({ period, statistic: 'Sum' }),
        httpApi.metricClientError({ period, statistic: 'Sum', label: '4xx' }),
        httpApi.metricServerError({ period, statistic: 'Sum', label: '5xx' }),
      ],
      width: 8,
    }),
    new cloudwatch.GraphWidget({
      title: 'HTTP API latency',
      left: [
        httpApi.metricLatency({ period, statistic: 'p50', label: 'p50' }),
        httpApi.metricLatency({ period, statistic: 'p99', label: 'p99' }),
        httpApi.metricIntegrationLatency({ period, statistic: 'p99', label: 'integration p99' }),
      ],
      width: 8,
    }),
    new cloudwatch.GraphWidget({
      title: 'WebSocket API',
      left: ['ConnectCount', 'MessageCount', 'ClientError', 'IntegrationError', 'ExecutionError'].map(wsMetric),
      width: 8,
    }),
  ];
}

/** Errors, p99 duration and throttles of every function, one line per function. */
function functionWidgets({ functions, period }: DashboardProps): cloudwatch.IWidget[] {
  const fns = Object.entries(functions);
  return [
    new cloudwatch.GraphWidget({
      title: 'Function errors',
      left: fns.map(([name, fn]) => fn.metricErrors({ period, statistic: 'Sum', label: name })),
      width: 8,
    }),
    new cloudwatch.GraphWidget({
      title: 'Function duration p99',
      left: fns.map(([name, fn]) => fn.metricDuration({ period, statistic: 'p99', label: name })),
      width: 8,
    }),
    new cloudwatch.GraphWidget({
      title: 'Function throttles',
      left: fns.map(([name, fn]) => fn.metricThrottles({ period, statistic: 'Sum', label: name })),
      width: 8,
    }),
  ];
}

/** Depth of every DLQ and age of every queue's oldest message. */
function queueWidgets({ queues, period }: DashboardProps): cloudwatch.IWidget[] {
  const entries = Object.entries(queues);
  return [
    new cloudwatch.GraphWidget({
      title: 'Dead-letter queue depth',
      left: entries.map(([name, q]) =>
        q.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum', label: deadLetterQueueName(name) }),
      ),
      width: 12,
    }),
    new cloudwatch.GraphWidget({
      title: 'Queue backlog age (s)',
      left: entries.map(([name, q]) => q.queue.metricApproximateAgeOfOldestMessage({ period, statistic: 'Maximum', label: name })),
      width: 12,
    }),
  ];
}
