// wiringProblems(): the real declaration is clean, and the checks the stack relies on do fire.
import { describe, expect, it } from 'vitest';
import { wiring } from '#infra/wiring.ts';
import { wiringProblems } from '#infra/wiring-env.ts';
import type { Wiring } from '#infra/wiring-types.ts';
import { fixtureWiring } from './fixture-wiring.ts';

const jobs = fixtureWiring.queues.jobs!;

describe('wiringProblems', () => {
  it('finds nothing wrong with the real declaration', () => {
    expect(wiringProblems(wiring)).toEqual([]);
  });

  it('finds nothing wrong with the test fixture', () => {
    expect(wiringProblems(fixtureWiring)).toEqual([]);
  });

  it("catches a queue whose visibility timeout is under 6x its consumer's timeout", () => {
    const consumerTimeout = fixtureWiring.functions[jobs.consumer]!.timeoutSeconds;
    const short: Wiring = {
      ...fixtureWiring,
      queues: { ...fixtureWiring.queues, jobs: { ...jobs, visibilityTimeoutSeconds: 6 * consumerTimeout - 1 } },
    };
    expect(wiringProblems(short)).toEqual([`queue jobs: visibility timeout must be at least 6x ${jobs.consumer}'s timeout`]);
    const exact: Wiring = {
      ...fixtureWiring,
      queues: { ...fixtureWiring.queues, jobs: { ...jobs, visibilityTimeoutSeconds: 6 * consumerTimeout } },
    };
    expect(wiringProblems(exact)).toEqual([]);
  });

  it('catches a use of an undeclared queue and a queue consumer that does not exist', () => {
    const broken: Wiring = {
      ...fixtureWiring,
      functions: {
        ...fixtureWiring.functions,
        jobsApi: { ...fixtureWiring.functions.jobsApi!, uses: [{ queue: 'nosuch', send: true }] },
      },
      queues: { ...fixtureWiring.queues, jobs: { ...jobs, consumer: 'ghost' } },
    };
    const problems = wiringProblems(broken);
    expect(problems).toContain('function jobsApi uses unknown queue nosuch');
    expect(problems).toContain('queue jobs names unknown function ghost');
  });
});
