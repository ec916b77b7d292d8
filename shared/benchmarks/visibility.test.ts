import { describe, expect, it } from 'vitest';
import {
  audienceOf,
  boardOrdering,
  seesFullScore,
  seesPrivateTaskResults,
  visibilityRole,
  visibleResults,
  visibleScores,
  visibleUpdateData,
  type VisibilityRole,
} from './visibility.ts';

const ROLES: VisibilityRole[] = ['agent', 'viewer', 'maintainer', 'admin'];
const REVEALED = '2026-06-01T00:00:00.000Z';

describe('seesFullScore', () => {
  it('before the reveal: maintainers and admins only', () => {
    expect(ROLES.map((role) => seesFullScore(role, null))).toEqual([false, false, true, true]);
  });

  it('after the reveal: everyone', () => {
    expect(ROLES.map((role) => seesFullScore(role, REVEALED))).toEqual([true, true, true, true]);
  });
});

describe('seesPrivateTaskResults', () => {
  it('before the reveal: maintainers and admins only', () => {
    expect(ROLES.map((role) => seesPrivateTaskResults(role, null))).toEqual([false, false, true, true]);
  });

  it('after the reveal: viewers too, agents never', () => {
    expect(ROLES.map((role) => seesPrivateTaskResults(role, REVEALED))).toEqual([false, true, true, true]);
  });
});

describe('visibilityRole', () => {
  it('is agent for agents, else the highest role', () => {
    expect(visibilityRole({ principalType: 'agent', roles: [] })).toBe('agent');
    expect(visibilityRole({ principalType: 'user', roles: ['viewer'] })).toBe('viewer');
    expect(visibilityRole({ principalType: 'user', roles: ['viewer', 'maintainer'] })).toBe('maintainer');
    expect(visibilityRole({ principalType: 'user', roles: ['maintainer', 'admin'] })).toBe('admin');
    expect(visibilityRole({ principalType: 'user', roles: [] })).toBe('viewer');
  });

  it('groups admins with maintainers: they see the same', () => {
    expect(ROLES.map(audienceOf)).toEqual(['agent', 'viewer', 'maintainer', 'maintainer']);
  });
});

describe('visibleScores', () => {
  const fields = { score: 0.5, public_score: 0.75, confidence_interval: { low: 0, high: 1 }, stderr: 0.1 };
  const hidden = { score: null, public_score: 0.75, confidence_interval: null, stderr: null };

  it('hides score, interval and stderr from agents and viewers before the reveal', () => {
    expect(visibleScores(fields, 'agent', true, null)).toEqual(hidden);
    expect(visibleScores(fields, 'viewer', true, null)).toEqual(hidden);
    expect(visibleScores(fields, 'maintainer', true, null)).toEqual(fields);
  });

  it('hides what is derived from the full score with it: pass@k (pass@1 is the score) and the Pareto flag', () => {
    const derived = { ...fields, pass_at_k: { '1': 0.5 }, pareto: true };
    expect(visibleScores(derived, 'viewer', true, null)).toEqual({ ...hidden, pass_at_k: null, pareto: false });
    expect(visibleScores(derived, 'viewer', true, '2026-12-04T00:00:00.000Z')).toEqual(derived);
  });

  it('shows them to everyone after the reveal, and whenever the version has no private task', () => {
    for (const role of ROLES) {
      expect(visibleScores(fields, role, true, REVEALED)).toEqual(fields);
      expect(visibleScores(fields, role, false, null)).toEqual(fields);
    }
  });
});

describe('visibleResults', () => {
  const results = [{ task_id: 'a' }, { task_id: 'b', split: 'private' }];

  it('leaves private results out for agents always, for viewers until the reveal', () => {
    expect(visibleResults(results, 'agent', null)).toEqual([{ task_id: 'a' }]);
    expect(visibleResults(results, 'agent', REVEALED)).toEqual([{ task_id: 'a' }]);
    expect(visibleResults(results, 'viewer', null)).toEqual([{ task_id: 'a' }]);
    expect(visibleResults(results, 'viewer', REVEALED)).toEqual(results);
    expect(visibleResults(results, 'maintainer', null)).toEqual(results);
  });
});

describe('boardOrdering', () => {
  it('ranks by public_score until the reveal, by score after', () => {
    expect(boardOrdering(null)).toBe('public');
    expect(boardOrdering(REVEALED)).toBe('full');
  });
});

describe('visibleUpdateData', () => {
  const data = { kind: 'entry', score: 0.5, public_score: 0.75, confidence_interval: { low: 0 }, stderr: 0.1, private_tasks: 2, revealed_at: null };

  it('nulls the full score for agents and viewers before the reveal, not for maintainers', () => {
    const hidden = { ...data, score: null, confidence_interval: null, stderr: null };
    expect(visibleUpdateData(data, 'agent')).toEqual(hidden);
    expect(visibleUpdateData(data, 'viewer')).toEqual(hidden);
    expect(visibleUpdateData(data, 'maintainer')).toBe(data);
  });

  it('hides pass@k (pass@1 is the full score) with the score', () => {
    const attempted = { ...data, pass_at_k: { '1': 0.5, '5': 0.9 } };
    expect(visibleUpdateData(attempted, 'agent')).toMatchObject({ score: null, pass_at_k: null });
    expect(visibleUpdateData(attempted, 'maintainer')).toBe(attempted);
  });

  it('hides the Pareto frontier (kept on the full scores) with the score', () => {
    const placed = { ...data, pareto: true, pareto_agents: ['agt_1', 'agt_2'] };
    expect(visibleUpdateData(placed, 'viewer')).toMatchObject({ score: null, pareto: false, pareto_agents: [] });
    expect(visibleUpdateData(placed, 'maintainer')).toBe(placed);
  });

  it('shows everything after the reveal, or when the version has no private task', () => {
    expect(visibleUpdateData({ ...data, revealed_at: REVEALED }, 'agent')).toEqual({ ...data, revealed_at: REVEALED });
    expect(visibleUpdateData({ ...data, private_tasks: 0 }, 'viewer')).toEqual({ ...data, private_tasks: 0 });
  });

  it('leaves data without a score alone (log lines, failures)', () => {
    const line = { kind: 'log', line: 'hello', private_tasks: 1 };
    expect(visibleUpdateData(line, 'agent')).toBe(line);
  });
});
