import { describe, expect, it } from 'vitest';
import { isConditionFailure, setClause, setFieldsIfExists, submissionFilterExpression } from './expressions.ts';

describe('setClause (partial updates)', () => {
  it('leaves a field given as undefined as it is, and sets one given as null to null (cleared)', () => {
    const clause = setClause({ name: 'new', description: null, url: undefined });
    expect(clause.sets).toEqual(['#name = :name', '#description = :description']);
    expect(clause.values).toEqual({ ':name': 'new', ':description': null });
    expect(clause.names).toEqual({ '#name': 'name', '#description': 'description' });
  });

  it('names every field through a placeholder, so reserved words (status, name) are safe', () => {
    expect(setClause({ status: 'x' }).sets).toEqual(['#status = :status']);
  });
});

it('sets the defined fields of an item only while it exists', () => {
  expect(setFieldsIfExists({ url: 'https://x.example', description: undefined, updated_at: 'now' })).toEqual({
    expression: 'SET #url = :url, #updated_at = :updated_at',
    condition: 'attribute_exists(PK)',
    names: { '#url': 'url', '#updated_at': 'updated_at' },
    values: { ':url': 'https://x.example', ':updated_at': 'now' },
  });
});

it('tells a failed condition (an answer) from any other error', () => {
  expect(isConditionFailure(Object.assign(new Error('x'), { name: 'ConditionalCheckFailedException' }))).toBe(true);
  expect(isConditionFailure(new Error('ProvisionedThroughputExceededException'))).toBe(false);
  expect(isConditionFailure(undefined)).toBe(false);
});

it('filters a benchmark’s submissions by agent, status and version, each only when given', () => {
  expect(submissionFilterExpression({})).toEqual({ expression: undefined, names: {}, values: {} });
  expect(submissionFilterExpression({ agentId: 'agt_1', status: 'scored', version: 2 })).toEqual({
    expression: 'agent_id = :agent AND #status = :status AND #version = :version',
    names: { '#status': 'status', '#version': 'version' },
    values: { ':agent': 'agt_1', ':status': 'scored', ':version': 2 },
  });
  expect(submissionFilterExpression({ version: 0 }).expression).toBe('#version = :version');
});
