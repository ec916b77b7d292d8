// What a declared setting's value may be (infra/wiring.ts `settings`): each type checks a raw
// string and says in words what it expects, so a start-up can refuse a malformed value with a
// message naming the variable. Plain TypeScript: no I/O, no environment.

export interface SettingType {
  /** What a valid value looks like, in words: "a whole number from 1 to 2000". */
  expects: string;
  /** Why `raw` is not a valid value, or undefined when it is. */
  problem(raw: string): string | undefined;
}

const WHOLE = /^-?\d+$/;

/** "from 1 to 2000", "0 or more", "at least 1". */
function bounds(min: number, max: number | undefined): string {
  if (max !== undefined) return `from ${min} to ${max}`;
  return min === 0 ? '0 or more' : `at least ${min}`;
}

/** A whole number within [min, max] (max absent: unbounded). */
export function integer(min: number, max?: number): SettingType {
  const expects = `a whole number${max === undefined ? ',' : ''} ${bounds(min, max)}`;
  return {
    expects,
    problem: (raw) => {
      const value = raw.trim();
      if (!WHOLE.test(value)) return `"${raw}" is not a whole number`;
      const n = Number(value);
      if (n < min || (max !== undefined && n > max)) return `${n} is out of range`;
      return undefined;
    },
  };
}

/** Comma-separated whole numbers within [min, max], at least one (e.g. `500,1000,2000`). */
export function integerList(min: number, max?: number): SettingType {
  const each = integer(min, max);
  return {
    expects: `comma-separated whole numbers, each ${bounds(min, max)}`,
    problem: (raw) => {
      const parts = raw
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean);
      if (parts.length === 0) return 'no number given';
      for (const part of parts) {
        const problem = each.problem(part);
        if (problem) return problem;
      }
      return undefined;
    },
  };
}

/** `true` or `false` (any case). */
export const boolean: SettingType = {
  expects: 'true or false',
  problem: (raw) => (['true', 'false'].includes(raw.toLowerCase()) ? undefined : `"${raw}" is neither true nor false`),
};

/** One of the given words (exactly as written, or in any case with `caseInsensitive`). */
export function oneOf(values: readonly string[], options: { caseInsensitive?: boolean } = {}): SettingType {
  const normalise = (v: string) => (options.caseInsensitive ? v.trim().toUpperCase() : v.trim());
  const allowed = new Set(values.map(normalise));
  return {
    expects: `one of ${values.join(', ')}`,
    problem: (raw) => (allowed.has(normalise(raw)) ? undefined : `"${raw}" is not one of them`),
  };
}

/** A JSON value whose shape `shapeProblem` checks (undefined: any JSON). */
export function json(expects: string, shapeProblem: (value: unknown) => string | undefined = () => undefined): SettingType {
  return {
    expects,
    problem: (raw) => {
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch {
        return 'it is not valid JSON';
      }
      return shapeProblem(value);
    },
  };
}

/** Any non-empty text without surrounding blanks (a claim name, say). */
export const text: SettingType = {
  expects: 'a non-empty text without surrounding spaces',
  problem: (raw) => (raw.trim() === '' ? 'it is empty' : raw.trim() !== raw ? 'it has surrounding spaces' : undefined),
};

/** `type`, or empty (a setting that is off until given, such as OPERATOR_TENANT). */
export function optional(type: SettingType): SettingType {
  return { expects: `${type.expects}, or nothing`, problem: (raw) => (raw === '' ? undefined : type.problem(raw)) };
}

/**
 * The message for a value `type` refuses, naming the variable and what it expects, e.g.
 * `RATE_LIMIT_WRITE_PER_MINUTE=abc: "abc" is not a whole number; expected a whole number from 1 to 100000`.
 * Undefined when the value is valid.
 */
export function settingValueProblem(name: string, type: SettingType, raw: string): string | undefined {
  const problem = type.problem(raw);
  return problem === undefined ? undefined : `${name}=${raw}: ${problem}; expected ${type.expects}`;
}
