// What a declared setting's value may be (shared/contract/settings.ts): each type checks a raw
// string, says in words what it expects (so a start-up can refuse a malformed value with a message
// naming the variable) and turns an accepted one into its typed value. Plain TypeScript: no I/O, no
// environment. The declaration calls these with `/* @__PURE__ */`, so a bundle keeps only the types
// of the settings its function reads.

export interface SettingType<T = unknown> {
  /** What a valid value looks like, in words: "a whole number from 1 to 2000". */
  expects: string;
  /** Why `raw` is not a valid value, or undefined when it is. */
  problem(raw: string): string | undefined;
  /** The typed value of a `raw` that `problem` accepts (undefined behaviour for any other). */
  parse(raw: string): T;
}

/** The value type a setting type parses to: `SettingValue<typeof boolean>` is `boolean`. */
export type SettingValue<S> = S extends SettingType<infer T> ? T : never;

const WHOLE = /^-?\d+$/;

/** "from 1 to 2000", "0 or more", "at least 1". */
function bounds(min: number, max: number | undefined): string {
  if (max !== undefined) return `from ${min} to ${max}`;
  return min === 0 ? '0 or more' : `at least ${min}`;
}

/** A whole number within [min, max] (max absent: unbounded). */
export function integer(min: number, max?: number): SettingType<number> {
  const expects = `a whole number${max === undefined ? ',' : ''} ${bounds(min, max)}`;
  return {
    expects,
    parse: (raw) => Number(raw.trim()),
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
export function integerList(min: number, max?: number): SettingType<number[]> {
  const each = integer(min, max);
  const partsOf = (raw: string) =>
    raw
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean);
  return {
    expects: `comma-separated whole numbers, each ${bounds(min, max)}`,
    parse: (raw) => partsOf(raw).map(Number),
    problem: (raw) => {
      const parts = partsOf(raw);
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
export const boolean: SettingType<boolean> = {
  expects: 'true or false',
  parse: (raw) => raw.toLowerCase() === 'true',
  problem: (raw) => (['true', 'false'].includes(raw.toLowerCase()) ? undefined : `"${raw}" is neither true nor false`),
};

/** One of the given words (exactly as written, or in any case with `caseInsensitive`); parses to the word as declared. */
export function oneOf<const V extends string>(values: readonly V[], options: { caseInsensitive?: boolean } = {}): SettingType<V> {
  const normalise = (v: string) => (options.caseInsensitive ? v.trim().toUpperCase() : v.trim());
  const allowed = new Map(values.map((value) => [normalise(value), value]));
  return {
    expects: `one of ${values.join(', ')}`,
    problem: (raw) => (allowed.has(normalise(raw)) ? undefined : `"${raw}" is not one of them`),
    parse: (raw) => allowed.get(normalise(raw))!,
  };
}

/** A JSON value whose shape `shapeProblem` checks (undefined: any JSON); parses to `T`, the shape it checked. */
export function json<T = unknown>(expects: string, shapeProblem: (value: unknown) => string | undefined = () => undefined): SettingType<T> {
  return {
    expects,
    parse: (raw) => JSON.parse(raw) as T,
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
export const text: SettingType<string> = {
  expects: 'a non-empty text without surrounding spaces',
  parse: (raw) => raw,
  problem: (raw) => (raw.trim() === '' ? 'it is empty' : raw.trim() !== raw ? 'it has surrounding spaces' : undefined),
};

/** `type`, or empty (a setting that is off until given, such as OPERATOR_TENANT); empty parses to `''`. */
export function optional<T>(type: SettingType<T>): SettingType<T | ''> {
  return {
    expects: `${type.expects}, or nothing`,
    problem: (raw) => (raw === '' ? undefined : type.problem(raw)),
    parse: (raw) => (raw === '' ? '' : type.parse(raw)),
  };
}

/**
 * The message for a value `type` refuses, naming the variable and what it expects, e.g.
 * `RATE_LIMIT_WRITE_PER_MINUTE=abc: "abc" is not a whole number; expected a whole number from 1 to 100000`.
 * Undefined when the value is valid.
 */
export function settingValueProblem(name: string, type: SettingType<unknown>, raw: string): string | undefined {
  const problem = type.problem(raw);
  return problem === undefined ? undefined : `${name}=${raw}: ${problem}; expected ${type.expects}`;
}
