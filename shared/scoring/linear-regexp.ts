// Regex scorers run on V8's linear-time engine (the `l` flag), the only one in Node that cannot
// backtrack: matching is a breadth-first NFA simulation, so `(a+)+$` on 'aaa…!' takes
// milliseconds instead of forever. Chosen over re2-wasm (1.2 MB of WASM, RE2 syntax, only
// `u` mode, unmaintained since 2021) and over a time bound (a synchronous match cannot be
// interrupted without a worker thread). The engine reads the flag when a pattern is parsed, and
// Node leaves V8 flags writable after start-up, so setting it here, before this module builds
// any RegExp, is enough; patterns are only ever built with new RegExp(), since a /…/l literal
// would be a syntax error when the module is parsed. Checked on Node 20.20 (V8 11.3) and 22.23
// (V8 12.4): neither engine runs the `i` or `u` flags, so regex-syntax.ts rewrites `i` and we
// refuse `u`.
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--enable-experimental-regexp-engine');

function probe(): boolean {
  try {
    // biome-ignore lint/complexity/useRegexLiterals: a /…/l literal is a syntax error when the module is parsed
    return new RegExp('a', 'l').test('a');
  } catch {
    return false;
  }
}

/** False if this runtime cannot run linear-time patterns; regex scorers are then refused. */
export const linearEngineAvailable = probe();

/** A RegExp the linear-time engine runs, or a SyntaxError saying why it cannot. */
export function linearRegExp(source: string, flags: string): RegExp {
  return new RegExp(source, `${flags}l`);
}
