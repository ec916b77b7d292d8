import { describe, expect, it } from 'vitest';
import { judgingFailureReason } from './failure-reason.ts';

describe('the reason a dead-lettered judging message gives its submission', () => {
  it('is judge_unavailable when the judge stayed unreachable', () => {
    const letter = { queue: 'judging', attempts: 4, lastError: 'JudgeUnavailable: judge jdg_x (https://j.example.com/) unreachable: HTTP 503' };
    expect(judgingFailureReason(letter)).toBe('judge_unavailable');
  });

  it('is the generic dead-letter reason for any other failure (or none recorded)', () => {
    expect(judgingFailureReason({ queue: 'judging', attempts: 4, lastError: 'ProvisionedThroughputExceededException: slow down' })).toBe(
      'judging failed 4 times: ProvisionedThroughputExceededException: slow down',
    );
    expect(judgingFailureReason({ queue: 'judging', attempts: 1, lastError: null })).toMatch(/^judging failed once: no error was recorded/);
  });
});
