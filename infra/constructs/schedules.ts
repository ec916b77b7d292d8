// Each declared schedule as a rate rule that invokes its function.
import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import type { Wiring } from '../wiring-types.ts';
import { Group } from './group.ts';
import { pascal } from './names.ts';

export interface SchedulesProps {
  schedules: Wiring['schedules'];
  fn: (name: string) => lambda.IFunction;
}

export class Schedules extends Group {
  /** Schedule name (as declared) → its rule. */
  readonly rules: Record<string, events.Rule> = {};

  constructor(scope: Construct, id: string, props: SchedulesProps) {
    super(scope, id);
    for (const [name, decl] of Object.entries(props.schedules)) {
      this.rules[name] = new events.Rule(this, `${pascal(name)}Schedule`, {
        description: decl.description,
        schedule: events.Schedule.rate(Duration.minutes(decl.rateMinutes)),
        targets: [
          new targets.LambdaFunction(props.fn(decl.function), {
            // A sweep that could not run is superseded by the next one: do not pile up retries.
            retryAttempts: 2,
            maxEventAge: Duration.minutes(Math.max(1, decl.rateMinutes)),
          }),
        ],
      });
    }
  }
}
