// Validation messages that say what is allowed (ranges, enum values, required fields), for every
// schema at once: zod/mini ships no messages of its own ("Invalid input"), and its English locale
// would put every format's wording in every function bundle. A message a schema spells out itself
// (`z.regex(…, 'must be a submission id (sub_…)')`) still wins: zod asks this map only after it.
import type * as z from 'zod/mini';

type Issue = z.core.$ZodRawIssue;
interface CheckDef {
  check?: string;
  value?: number | bigint;
  inclusive?: boolean;
  format?: string;
  minimum?: number;
  maximum?: number;
  length?: number;
}
interface SchemaInternals {
  _zod: { def: { type?: string; checks?: { _zod: { def: CheckDef } }[]; shape?: Record<string, { _zod: { optin?: string } }> } };
}

const KINDS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  bigint: 'an integer',
  boolean: 'true or false',
  object: 'a JSON object',
  record: 'a JSON object',
  array: 'a list',
  tuple: 'a list',
  null: 'null',
  date: 'a date',
  nonoptional: 'any JSON value, null included',
};

const internals = (schema: unknown) => (schema as SchemaInternals | undefined)?._zod?.def;

/** How an input looks, for "not …". */
function received(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'number') return 'a number';
  if (typeof input === 'object') return 'a JSON object';
  return typeof input === 'string' ? 'a string' : typeof input === 'boolean' ? 'true or false' : typeof input;
}

/** The fields of an object schema, the required ones marked: `answers (required), metadata`. */
function fieldsOf(schema: unknown): string | undefined {
  const shape = internals(schema)?.shape;
  if (!shape) return undefined;
  const names = Object.entries(shape).map(([name, field]) => (field._zod.optin ? name : `${name} (required)`));
  return names.length ? names.join(', ') : 'no fields';
}

interface Range {
  integer: boolean;
  min?: { value: number; inclusive: boolean };
  max?: { value: number; inclusive: boolean };
  minLength?: number;
  maxLength?: number;
}

/** The bounds a schema's checks set: a number's range, a string's or list's lengths. */
function rangeOf(schema: unknown): Range {
  const range: Range = { integer: false };
  for (const check of internals(schema)?.checks ?? []) {
    const def = check._zod.def;
    if (def.check === 'number_format' && /int/.test(def.format ?? '')) range.integer = true;
    else if (def.check === 'greater_than') range.min = { value: Number(def.value), inclusive: def.inclusive ?? false };
    else if (def.check === 'less_than') range.max = { value: Number(def.value), inclusive: def.inclusive ?? false };
    else if (def.check === 'min_length') range.minLength = def.minimum;
    else if (def.check === 'max_length') range.maxLength = def.maximum;
    else if (def.check === 'length_equals') range.minLength = range.maxLength = def.length;
  }
  return range;
}

/** "an integer from 1 to 200", "a number greater than 0 and at most 1000", "a number". */
function numberSentence(range: Range): string {
  const kind = range.integer ? 'an integer' : 'a number';
  const { min, max } = range;
  if (min?.inclusive && max?.inclusive) return `${kind} from ${min.value} to ${max.value}`;
  const bounds = [
    min && (min.inclusive ? `at least ${min.value}` : `greater than ${min.value}`),
    max && (max.inclusive ? `at most ${max.value}` : `less than ${max.value}`),
  ].filter(Boolean);
  return bounds.length ? `${kind} ${bounds.join(' and ')}` : kind;
}

/** "1 to 200 characters", "at most 500 items", "at least 1 item". */
function lengthSentence(range: Range, unit: string): string | undefined {
  const plural = (n: number) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  const { minLength: min, maxLength: max } = range;
  if (min !== undefined && max !== undefined) return min === max ? `exactly ${plural(min)}` : `${min} to ${plural(max)}`;
  if (min !== undefined) return `at least ${plural(min)}`;
  if (max !== undefined) return `at most ${plural(max)}`;
  return undefined;
}

/** The message for a value outside its bounds, from every bound its schema sets. */
function boundsMessage(issue: Extract<Issue, { code: 'too_small' | 'too_big' }>): string {
  const range = rangeOf(issue.schema);
  if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') return `must be ${numberSentence(range)}`;
  const unit = issue.origin === 'string' ? 'character' : 'item';
  const lengths = lengthSentence(range, unit);
  if (issue.origin === 'string' && range.minLength === 1 && range.maxLength === undefined) return 'must not be empty';
  if (lengths) return issue.origin === 'string' ? `must be ${lengths} long` : `must have ${lengths}`;
  const bound = issue.code === 'too_small' ? `at least ${issue.minimum}` : `at most ${issue.maximum}`;
  return `must be ${bound}`;
}

/** zod's error map for every request we validate: a message naming what is allowed. */
export function describeIssue(issue: Issue): string | undefined {
  switch (issue.code) {
    case 'invalid_type': {
      const fields = issue.expected === 'object' ? fieldsOf(issue.inst) : undefined;
      if (fields)
        return issue.input === undefined
          ? `is required: a JSON object with ${fields}`
          : `must be a JSON object with ${fields}, not ${received(issue.input)}`;
      const numeric = issue.expected === 'int' || issue.expected === 'number';
      const range = rangeOf(issue.schema ?? issue.inst);
      const kind = numeric
        ? numberSentence({ ...range, integer: range.integer || issue.expected === 'int' })
        : (KINDS[issue.expected] ?? issue.expected);
      if (issue.input === undefined) return `is required (${kind})`;
      // 1.5 for an integer, or a query string a number could not be read from (NaN).
      if (numeric && typeof issue.input === 'number') return `must be ${kind}`;
      return `must be ${kind}, not ${received(issue.input)}`;
    }
    case 'too_small':
    case 'too_big':
      return boundsMessage(issue);
    case 'invalid_value': {
      const allowed = issue.values.length === 1 ? JSON.stringify(issue.values[0]) : `one of ${issue.values.map(String).join(', ')}`;
      return issue.input === undefined ? `is required (${allowed})` : `must be ${allowed}`;
    }
    case 'invalid_format':
      if (issue.format === 'datetime') return 'must be an ISO 8601 UTC time, e.g. 2026-03-01T10:00:05Z';
      if (issue.format === 'regex') return `must match ${issue.pattern}`;
      return `must be a valid ${issue.format}`;
    case 'unrecognized_keys': {
      const fields = fieldsOf(issue.inst);
      return `has unknown field${issue.keys.length === 1 ? '' : 's'} ${issue.keys.join(', ')}${fields ? `; allowed: ${fields}` : ''}`;
    }
    case 'invalid_union': {
      const options = (issue as { options?: unknown[] }).options;
      return issue.discriminator && options?.length
        ? `${issue.discriminator} must be one of ${options.map(String).join(', ')}`
        : 'matches none of the allowed forms';
    }
    case 'invalid_key':
      return `has an invalid key${issue.issues[0]?.message ? `: it ${issue.issues[0].message}` : ''}`;
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    default:
      return undefined;
  }
}
