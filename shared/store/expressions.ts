// Small builders shared by the stores: the conditional-write failure test and SET clauses for
// partial updates.

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
