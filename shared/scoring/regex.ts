// regex: the output (a string) matches `pattern` anywhere — anchor it with ^…$ to require a full
// match. ECMAScript syntax without the `u` flag; flags from `ims`. Patterns run on the
// linear-time engine (linear-regexp.ts), so no output can make a match backtrack; what that
// engine cannot run is refused when the benchmark is created.
//
// Linear is not free: the engine's work, and the memory it holds until the match ends, grow with
// program size × output length (measured worst cases: 45 ns and 65 bytes per unit on Node 22).
// So a pattern whose program exceeds MAX_REGEX_PROGRAM_SIZE is refused, and an output is checked
// only while program size × length stays within MAX_REGEX_WORK: ~130 MB and ~0.1 s at worst.
// Small patterns check outputs up to MAX_REGEX_OUTPUT_LENGTH; big ones, shorter outputs.
import { linearEngineAvailable, linearRegExp } from './linear-regexp.ts';
import { analysePattern, PatternRefusal, type PatternFlags } from './regex-syntax.ts';
import { fail, pass, type Scorer } from './types.ts';

export const MAX_REGEX_PATTERN_LENGTH = 1_000;
export const MAX_REGEX_OUTPUT_LENGTH = 100_000;
export const MAX_REGEX_PROGRAM_SIZE = 2_000;
export const MAX_REGEX_WORK = 2_000_000;

const ALLOWED_FLAGS = 'ims';

export interface CompiledRegex {
  /** The longest output this pattern checks; longer outputs score 0. */
  maxOutputLength: number;
  test(output: string): boolean;
}

/** Builds a pattern for the linear-time engine, or says why it cannot run there. */
export function compileRegex(pattern: string, flags = ''): CompiledRegex | string {
  if (pattern.length > MAX_REGEX_PATTERN_LENGTH) return `regex pattern is longer than ${MAX_REGEX_PATTERN_LENGTH} characters`;
  for (const [i, flag] of [...flags].entries()) {
    if (flag === 'u' || flag === 'v') return `regex flag '${flag}' is not supported by the linear-time regex engine; flags may be any of 'ims'`;
    if (!ALLOWED_FLAGS.includes(flag)) return `regex flag '${flag}' is not allowed; flags may be any of 'ims'`;
    if (flags.indexOf(flag) !== i) return `regex flag '${flag}' is repeated`;
  }
  if (!linearEngineAvailable) return 'regex scorers are unavailable: this runtime has no linear-time regex engine';
  const engineFlags = flags.replace('i', '');
  try {
    // Only parsed, never run: this is what a JavaScript author's own RegExp would say.
    new RegExp(pattern, engineFlags);
  } catch (error) {
    return `regex pattern is not valid: ${(error as Error).message}`;
  }
  const patternFlags: PatternFlags = { ignoreCase: flags.includes('i'), multiline: flags.includes('m'), dotAll: flags.includes('s') };
  let analysis: ReturnType<typeof analysePattern>;
  try {
    analysis = analysePattern(pattern, patternFlags);
  } catch (error) {
    if (error instanceof PatternRefusal) return `regex pattern cannot run on the linear-time engine: ${error.message}`;
    return `regex pattern cannot be checked: ${(error as Error).message}`;
  }
  if (analysis.programSize > MAX_REGEX_PROGRAM_SIZE) {
    return `regex pattern is too complex for the linear-time engine (program size ${analysis.programSize}, at most ${MAX_REGEX_PROGRAM_SIZE}); shorten alternations, classes or counted repetitions`;
  }
  let regexp: RegExp;
  try {
    // The pattern as written must be linear too: the engine, not only our reader, rules out
    // backreferences.
    linearRegExp(pattern, engineFlags);
    regexp = linearRegExp(analysis.source, engineFlags);
  } catch (error) {
    return `regex pattern cannot run on the linear-time engine: ${(error as Error).message}`;
  }
  const maxOutputLength = Math.min(MAX_REGEX_OUTPUT_LENGTH, Math.floor(MAX_REGEX_WORK / analysis.programSize) - 1);
  return { maxOutputLength, test: (output) => regexp.test(output) };
}

export const regexScorer =
  (regex: CompiledRegex): Scorer =>
  (output) => {
    if (typeof output !== 'string') return fail('output is not a string');
    if (output.length > regex.maxOutputLength) return fail(`output is longer than the ${regex.maxOutputLength} characters this pattern can check`);
    return regex.test(output) ? pass : fail('no match');
  };
