// Small builders shared by the stores: the conditional-write failure test, SET clauses for
// partial updates and the conditional update they make.

/** A conditional write whose condition did not hold: an answer, not an error. */
export const isConditionFailure = (error: unknown) => (error as Error | undefined)?.name === 'ConditionalCheckFailedException';

export interface SetClause {
  sets: string[];
  names: Record<string, string>;
  values: Record<string, unknown>;
}

/** `#field = :field` for every defined field (undefined means "leave as is"). */
export function setClause(fields: Record<string, unknown>): SetClause {
  const clause: SetClause = { sets: [], names: {}, values: {} };
  for (const [field, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    clause.names[`#${field}`] = field;
    clause.values[`:${field}`] = value;
    clause.sets.push(`#${field} = :${field}`);
  }
  return clause;
}

/** An update expression with the condition it is applied under (`conditional-writes.ts` sends it). */
export interface ConditionalUpdate {
  expression: string;
  condition: string;
  names?: Record<string, string>;
  values: Record<string, unknown>;
}

/** Sets the defined fields of an item that exists. */
export function setFieldsIfExists(fields: Record<string, unknown>): ConditionalUpdate {
  const clause = setClause(fields);
  return { expression: `SET ${clause.sets.join(', ')}`, condition: 'attribute_exists(PK)', names: clause.names, values: clause.values };
}

/** The filter of a Query over a benchmark's submissions (agent, status, version; each optional). */
export interface SubmissionFilterExpression {
  expression: string | undefined;
  names: Record<string, string>;
  values: Record<string, unknown>;
}

export function submissionFilterExpression(filter: { agentId?: string; status?: string; version?: number }): SubmissionFilterExpression {
  const conditions: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  if (filter.agentId) {
    conditions.push('agent_id = :agent');
    values[':agent'] = filter.agentId;
  }
  if (filter.status) {
    conditions.push('#status = :status');
    names['#status'] = 'status';
    values[':status'] = filter.status;
  }
  if (filter.version !== undefined) {
    conditions.push('#version = :version');
    names['#version'] = 'version';
    values[':version'] = filter.version;
  }
  return { expression: conditions.length ? conditions.join(' AND ') : undefined, names, values };
}
