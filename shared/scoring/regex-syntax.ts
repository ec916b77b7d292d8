// Reads a regex scorer's pattern (ECMAScript syntax without the `u` flag, Annex B included) far
// enough to do what V8's linear-time engine cannot do for us:
// - refuse lookarounds and backreferences on every Node version (Node 22's engine accepts
//   lookbehinds, Node 20's refuses them; a benchmark must not be valid on one and not the other);
// - rewrite capture groups as non-capturing: the scorer only asks test(), and every capture makes
//   the engine copy registers on each thread fork (about 15× the work on group-heavy patterns);
// - rewrite the `i` flag, which the engine refuses, into explicit case classes (`a` → `[Aa]`)
//   using the spec's non-unicode Canonicalize, so `/é/i` means what it means in JavaScript;
// - estimate the engine's program size, which bounds the work (and the memory, which the engine
//   does not release until the match ends) per character of output.

/** Sorted, disjoint, non-adjacent UTF-16 code unit ranges, inclusive. */
export type Ranges = ReadonlyArray<readonly [number, number]>;

type Node =
  | { kind: 'chars'; ranges: Ranges; negated: boolean; text: string; dot: boolean }
  | { kind: 'assertion'; text: string }
  | { kind: 'group'; capturing: boolean; alternatives: Node[][] }
  | { kind: 'repeat'; min: number; max: number; text: string; body: Node };

export interface PatternFlags {
  ignoreCase: boolean;
  multiline: boolean;
  dotAll: boolean;
}

export interface PatternAnalysis {
  /** The pattern to run with the engine's own flags (`m`, `s`) and without `i`. */
  source: string;
  /** Upper bound of the engine's program size: its work per character of input. */
  programSize: number;
}

/** A construct the linear-time engine cannot run, said so the benchmark author can fix it. */
export class PatternRefusal extends Error {
  override name = 'PatternRefusal';
}

/** The engine compiles `x{n,m}` by copying x; nested counts multiply (V8's kMaxReplicationFactor). */
export const MAX_REPLICATION = 16;
const INFINITY = Number.POSITIVE_INFINITY;
const MAX_UNIT = 0xffff;

const DIGITS: Ranges = [[0x30, 0x39]];
const WORD: Ranges = [
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x5f, 0x5f],
  [0x61, 0x7a],
];
const SPACE: Ranges = normalize(
  [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff]
    .map((c): [number, number] => [c, c])
    .concat([[0x2000, 0x200a]]),
);
const LINE_TERMINATORS: Ranges = normalize([
  [0x0a, 0x0a],
  [0x0d, 0x0d],
  [0x2028, 0x2029],
]);

export function normalize(ranges: ReadonlyArray<readonly [number, number]>): Ranges {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

export function complement(ranges: Ranges): Ranges {
  const out: [number, number][] = [];
  let next = 0;
  for (const [lo, hi] of ranges) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX_UNIT) out.push([next, MAX_UNIT]);
  return out;
}

// Canonicalize(ch) for a non-unicode ignoreCase pattern (ECMA-262 §22.2.2.7.3): the upper case
// if it is one code unit and does not map a non-ASCII unit to ASCII; otherwise ch itself.
let canonical: Uint16Array | undefined;
let sameCanonical: Map<number, number[]> | undefined;
function canonicalTable(): Uint16Array {
  if (canonical) return canonical;
  const table = new Uint16Array(MAX_UNIT + 1);
  const groups = new Map<number, number[]>();
  for (let ch = 0; ch <= MAX_UNIT; ch++) {
    const upper = String.fromCharCode(ch).toUpperCase();
    let cu = ch;
    if (upper.length === 1) {
      const u = upper.charCodeAt(0);
      if (!(ch >= 128 && u < 128)) cu = u;
    }
    table[ch] = cu;
    const group = groups.get(cu);
    if (group) group.push(ch);
    else groups.set(cu, [ch]);
  }
  canonical = table;
  sameCanonical = groups;
  return table;
}

/** Every code unit that matches some member of `ranges` under the `i` flag. */
export function caseClosure(ranges: Ranges): Ranges {
  const table = canonicalTable();
  const groups = sameCanonical as Map<number, number[]>;
  const size = ranges.reduce((n, [lo, hi]) => n + hi - lo + 1, 0);
  const out: [number, number][] = [];
  if (size <= 512) {
    for (const [lo, hi] of ranges) {
      for (let ch = lo; ch <= hi; ch++) for (const other of groups.get(table[ch] as number) ?? [ch]) out.push([other, other]);
    }
    return normalize(out.concat(ranges as [number, number][]));
  }
  const wanted = new Uint8Array(MAX_UNIT + 1);
  for (const [lo, hi] of ranges) for (let ch = lo; ch <= hi; ch++) wanted[table[ch] as number] = 1;
  for (let ch = 0; ch <= MAX_UNIT; ch++) if (wanted[table[ch] as number]) out.push([ch, ch]);
  return normalize(out);
}

const hex4 = (c: number) => `\\u${c.toString(16).padStart(4, '0')}`;
function classText(ranges: Ranges): string {
  return `[${ranges.map(([lo, hi]) => (lo === hi ? hex4(lo) : `${hex4(lo)}-${hex4(hi)}`)).join('')}]`;
}

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isOctal = (c: string | undefined) => c !== undefined && c >= '0' && c <= '7';
const isHex = (c: string | undefined) => c !== undefined && /^[0-9A-Fa-f]$/.test(c);
const isLetter = (c: string | undefined) => c !== undefined && /^[A-Za-z]$/.test(c);
const QUANTIFIER = /^\{(\d+)(,(\d*))?\}/;
const CONTROL_ESCAPES: Record<string, number> = { f: 0x0c, n: 0x0a, r: 0x0d, t: 0x09, v: 0x0b };
const CLASS_ESCAPES: Record<string, Ranges> = {
  d: DIGITS,
  D: complement(DIGITS),
  w: WORD,
  W: complement(WORD),
  s: SPACE,
  S: complement(SPACE),
};

// Without the `u` flag, `\u{1F600}` is 'u' repeated and `\p{L}` is the text 'p{L}': valid, and
// never what the author meant.
function refuseUnicodeOnlyEscape(escapeLetter: string | undefined, next: string | undefined): void {
  if (next !== '{') return;
  if (escapeLetter === 'u') throw new PatternRefusal('\\u{…} escapes need the u flag, which the linear-time engine cannot run; write \\uXXXX');
  if (escapeLetter === 'p' || escapeLetter === 'P') {
    throw new PatternRefusal('\\p{…} property classes need the u flag, which the linear-time engine cannot run; use a class such as [A-Za-z]');
  }
}

/** Thrown when this reader disagrees with V8 about a pattern V8 accepted: refuse, never guess. */
class Unreadable extends Error {}

class Parser {
  private pos = 0;

  constructor(
    private readonly pattern: string,
    private readonly flags: PatternFlags,
    // Decimal escapes and `\k` read differently depending on the groups the whole pattern has.
    private readonly totalGroups: number,
    private readonly hasNamedGroups: boolean,
  ) {}

  parse(): Node[][] {
    const alternatives = this.disjunction();
    if (this.pos !== this.pattern.length) throw new Unreadable(`unexpected ')' at ${this.pos}`);
    return alternatives;
  }

  private peek(offset = 0): string | undefined {
    return this.pattern[this.pos + offset];
  }

  private disjunction(): Node[][] {
    const alternatives: Node[][] = [this.alternative()];
    while (this.peek() === '|') {
      this.pos++;
      alternatives.push(this.alternative());
    }
    return alternatives;
  }

  private alternative(): Node[] {
    const terms: Node[] = [];
    for (let c = this.peek(); c !== undefined && c !== '|' && c !== ')'; c = this.peek()) terms.push(this.term());
    return terms;
  }

  private term(): Node {
    const c = this.peek() as string;
    if (c === '^' || c === '$') {
      this.pos++;
      return { kind: 'assertion', text: c };
    }
    if (c === '\\' && (this.peek(1) === 'b' || this.peek(1) === 'B')) {
      this.pos += 2;
      return { kind: 'assertion', text: this.pattern.slice(this.pos - 2, this.pos) };
    }
    const body = this.atom();
    const q = this.quantifierAt(this.pos);
    if (!q) return body;
    const start = this.pos;
    this.pos += q.length;
    return { kind: 'repeat', min: q.min, max: q.max, text: this.pattern.slice(start, this.pos), body };
  }

  private quantifierAt(at: number): { min: number; max: number; length: number } | undefined {
    const c = this.pattern[at];
    let q: { min: number; max: number; length: number } | undefined;
    if (c === '*') q = { min: 0, max: INFINITY, length: 1 };
    else if (c === '+') q = { min: 1, max: INFINITY, length: 1 };
    else if (c === '?') q = { min: 0, max: 1, length: 1 };
    else if (c === '{') {
      const m = QUANTIFIER.exec(this.pattern.slice(at));
      if (m) {
        const min = Number(m[1]);
        const max = m[2] === undefined ? min : m[3] === '' ? INFINITY : Number(m[3]);
        q = { min, max, length: m[0].length };
      }
    }
    if (q && this.pattern[at + q.length] === '?') q.length++;
    return q;
  }

  private atom(): Node {
    const start = this.pos;
    const c = this.peek() as string;
    switch (c) {
      case '(':
        return this.group();
      case '[':
        return this.characterClass();
      case '.':
        this.pos++;
        return {
          kind: 'chars',
          ranges: this.flags.dotAll ? [[0, MAX_UNIT]] : LINE_TERMINATORS,
          negated: !this.flags.dotAll,
          text: '.',
          dot: true,
        };
      case '\\':
        return this.escape();
      case '*':
      case '+':
      case '?':
        throw new Unreadable(`nothing to repeat at ${start}`);
      case '{':
        if (QUANTIFIER.test(this.pattern.slice(start))) throw new Unreadable(`nothing to repeat at ${start}`);
        break;
      case ')':
      case '|':
        throw new Unreadable(`unexpected ${c} at ${start}`);
    }
    this.pos++;
    return literal(c.charCodeAt(0), c);
  }

  private group(): Node {
    const start = this.pos;
    let capturing = true;
    if (this.peek(1) === '?') {
      const next = this.peek(2);
      const after = this.peek(3);
      if (next === ':') {
        capturing = false;
        this.pos += 3;
      } else if (next === '=' || next === '!' || (next === '<' && (after === '=' || after === '!'))) {
        throw new PatternRefusal(
          'lookahead and lookbehind assertions ((?=…), (?!…), (?<=…), (?<!…)) are not supported by the linear-time regex engine',
        );
      } else if (next === '<') {
        const close = this.pattern.indexOf('>', start + 3);
        if (close < 0) throw new Unreadable(`unterminated group name at ${start}`);
        this.pos = close + 1;
      } else {
        throw new PatternRefusal('inline modifiers such as (?i:…) are not supported; use the flags parameter');
      }
    } else {
      this.pos++;
    }
    const alternatives = this.disjunction();
    if (this.peek() !== ')') throw new Unreadable(`unterminated group at ${start}`);
    this.pos++;
    return { kind: 'group', capturing, alternatives };
  }

  /** An escape outside a class (assertions \b and \B are read by term()). */
  private escape(): Node {
    const start = this.pos;
    const c = this.peek(1);
    if (c === undefined) throw new Unreadable('\\ at end of pattern');
    refuseUnicodeOnlyEscape(c, this.peek(2));
    const classEscape = CLASS_ESCAPES[c];
    if (classEscape) {
      this.pos += 2;
      return { kind: 'chars', ranges: classEscape, negated: false, text: `\\${c}`, dot: false };
    }
    if (c >= '1' && c <= '9') {
      let end = start + 1;
      while (isDigit(this.pattern[end])) end++;
      if (Number(this.pattern.slice(start + 1, end)) <= this.totalGroups) {
        throw new PatternRefusal('backreferences (\\1, \\k<name>) are not supported by the linear-time regex engine');
      }
    }
    if (c === 'k' && this.hasNamedGroups) {
      throw new PatternRefusal('backreferences (\\1, \\k<name>) are not supported by the linear-time regex engine');
    }
    if (c === 'c' && !isLetter(this.peek(2))) {
      // Annex B: a `\` not followed by a control letter is a literal backslash; `c` is read next.
      this.pos++;
      return literal(0x5c, '\\\\');
    }
    const unit = this.characterEscape(false);
    return literal(unit, this.pattern.slice(start, this.pos));
  }

  /** A CharacterEscape (Annex B, non-unicode) at `\`; advances past it and returns its code unit. */
  private characterEscape(inClass: boolean): number {
    const c = this.peek(1) as string;
    this.pos += 2;
    const control = CONTROL_ESCAPES[c];
    if (control !== undefined) return control;
    if (c === 'c') {
      const letter = this.peek() as string;
      this.pos++;
      return letter.charCodeAt(0) % 32;
    }
    if (c === 'x' && isHex(this.peek()) && isHex(this.peek(1))) {
      this.pos += 2;
      return parseInt(this.pattern.slice(this.pos - 2, this.pos), 16);
    }
    if (c === 'u' && [0, 1, 2, 3].every((i) => isHex(this.peek(i)))) {
      this.pos += 4;
      return parseInt(this.pattern.slice(this.pos - 4, this.pos), 16);
    }
    if (c === '0' && !isDigit(this.peek())) return 0;
    if (isOctal(c)) {
      // Legacy octal: up to three digits from 0–3, two from 4–7.
      let value = Number(c);
      const most = c <= '3' ? 2 : 1;
      for (let i = 0; i < most && isOctal(this.peek()); i++) {
        value = value * 8 + Number(this.peek());
        this.pos++;
      }
      return value;
    }
    if (inClass && c === 'b') return 0x08;
    return c.charCodeAt(0);
  }

  private characterClass(): Node {
    const start = this.pos;
    this.pos++;
    const negated = this.peek() === '^';
    if (negated) this.pos++;
    const members: [number, number][] = [];
    const add = (r: Ranges) => members.push(...(r as [number, number][]));
    while (this.peek() !== ']') {
      if (this.peek() === undefined) throw new Unreadable(`unterminated class at ${start}`);
      const first = this.classAtom();
      if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== undefined) {
        this.pos++;
        const second = this.classAtom();
        if (typeof first === 'number' && typeof second === 'number') {
          if (first > second) throw new Unreadable(`range out of order at ${start}`);
          members.push([first, second]);
        } else {
          // Annex B: a range with a class escape at either end is its members and '-'.
          for (const end of [first, second]) typeof end === 'number' ? members.push([end, end]) : add(end);
          members.push([0x2d, 0x2d]);
        }
      } else {
        typeof first === 'number' ? members.push([first, first]) : add(first);
      }
    }
    this.pos++;
    return { kind: 'chars', ranges: normalize(members), negated, text: this.pattern.slice(start, this.pos), dot: false };
  }

  /** One class member: a code unit, or the ranges of \d \D \w \W \s \S. */
  private classAtom(): number | Ranges {
    const c = this.peek() as string;
    if (c !== '\\') {
      this.pos++;
      return c.charCodeAt(0);
    }
    const e = this.peek(1);
    if (e === undefined) throw new Unreadable('\\ at end of pattern');
    refuseUnicodeOnlyEscape(e, this.peek(2));
    const classEscape = CLASS_ESCAPES[e];
    if (classEscape) {
      this.pos += 2;
      return classEscape;
    }
    if (e === 'c') {
      const letter = this.peek(2);
      // Annex B: inside a class, digits and _ are control letters too.
      if (letter !== undefined && /^[A-Za-z0-9_]$/.test(letter)) {
        this.pos += 3;
        return letter.charCodeAt(0) % 32;
      }
      this.pos++;
      return 0x5c;
    }
    if (e === 'k' && this.hasNamedGroups) throw new Unreadable('\\k in a class with named groups');
    return this.characterEscape(true);
  }
}

function literal(unit: number, text: string): Node {
  return { kind: 'chars', ranges: [[unit, unit]], negated: false, text, dot: false };
}

/** How many copies of its body the engine compiles for a repetition (V8's CanBeHandled). */
function localReplication(node: Extract<Node, { kind: 'repeat' }>): number {
  if (node.max !== INFINITY) return node.max;
  return node.min > 0 && minMatch(node.body) > 0 ? node.min : node.min + 1;
}

function minMatch(node: Node): number {
  switch (node.kind) {
    case 'chars':
      return 1;
    case 'assertion':
      return 0;
    case 'group':
      return Math.min(...node.alternatives.map((a) => a.reduce((n, t) => n + minMatch(t), 0)));
    case 'repeat':
      return node.min * minMatch(node.body);
  }
}

/** The ranges the engine will test, after `i` closure and negation. */
function effectiveRanges(node: Extract<Node, { kind: 'chars' }>, flags: PatternFlags): Ranges {
  const ranges = flags.ignoreCase && !node.dot ? caseClosure(node.ranges) : node.ranges;
  return node.negated ? complement(ranges) : ranges;
}

// Program size as V8's experimental compiler emits it (src/regexp/experimental/
// experimental-compiler.cc): a class of k ranges is a k-way FORK/JMP disjunction; x{n,m} copies x.
function programSize(node: Node, flags: PatternFlags): number {
  switch (node.kind) {
    case 'chars': {
      const k = effectiveRanges(node, flags).length;
      return k === 0 ? 1 : 3 * k - 2;
    }
    case 'assertion':
      return 1;
    case 'group':
      return disjunctionSize(node.alternatives, flags);
    case 'repeat': {
      if (node.max === 0) return 0;
      const body = programSize(node.body, flags);
      if (node.min > 0 && node.max === INFINITY && minMatch(node.body) > 0) return node.min * body + 2;
      const optional = node.max === INFINITY ? body + 4 : (node.max - node.min) * (body + 4);
      return node.min * body + optional;
    }
  }
}

function disjunctionSize(alternatives: Node[][], flags: PatternFlags): number {
  const sum = alternatives.reduce((n, a) => n + a.reduce((m, t) => m + programSize(t, flags), 0), 0);
  return sum + 2 * (alternatives.length - 1);
}

function emit(node: Node, flags: PatternFlags): string {
  switch (node.kind) {
    case 'chars': {
      if (node.dot || (!flags.ignoreCase && !node.negated)) return node.text;
      const closed = flags.ignoreCase ? caseClosure(node.ranges) : node.ranges;
      // A negated class is written as the positive class of its complement: V8's linear engine
      // wraps the complement's part above U+FFFF to U+0000, so [^\u0001-\uffff] would match 'a'.
      if (node.negated) return classText(complement(closed));
      const same = closed.length === node.ranges.length && closed.every(([lo, hi], i) => lo === node.ranges[i]?.[0] && hi === node.ranges[i]?.[1]);
      return same ? node.text : classText(closed);
    }
    case 'assertion':
      return node.text;
    case 'group':
      return `(?:${emitDisjunction(node.alternatives, flags)})`;
    case 'repeat':
      return emit(node.body, flags) + node.text;
  }
}

const emitDisjunction = (alternatives: Node[][], flags: PatternFlags) => alternatives.map((a) => a.map((t) => emit(t, flags)).join('')).join('|');

/** Refuses counts the engine cannot compile: x{n,m} is copied max(n, m) times, nested counts multiply. */
function checkReplication(node: Node, factor: number): void {
  if (node.kind === 'group') for (const a of node.alternatives) for (const t of a) checkReplication(t, factor);
  if (node.kind !== 'repeat') return;
  const local = localReplication(node);
  const tooMany = node.min > MAX_REPLICATION || (node.max !== INFINITY && node.max > MAX_REPLICATION);
  if (tooMany || factor * local > MAX_REPLICATION) {
    throw new PatternRefusal(
      `counted repetitions may repeat at most ${MAX_REPLICATION} times, nested counts multiplied (found ${node.text}${tooMany ? '' : ' inside another count'})`,
    );
  }
  checkReplication(node.body, factor * local);
}

/**
 * Reads a pattern V8 has already accepted as a non-unicode RegExp. Throws PatternRefusal for
 * what the linear engine cannot run, and Error if this reader cannot follow the pattern.
 */
export function analysePattern(pattern: string, flags: PatternFlags): PatternAnalysis {
  const groups = scanGroups(pattern);
  let alternatives: Node[][];
  try {
    alternatives = new Parser(pattern, flags, groups.count, groups.named).parse();
  } catch (error) {
    if (error instanceof Unreadable) throw new Error(`the regex reader could not follow this pattern (${error.message})`);
    throw error;
  }
  for (const a of alternatives) for (const t of a) checkReplication(t, 1);
  // The engine's unanchored-search preamble (/.*?/) and its start/end/accept bookkeeping.
  const size = disjunctionSize(alternatives, flags) + 5 + 3;
  return { source: emitDisjunction(alternatives, flags), programSize: size };
}

// Groups are counted by scanning: escapes and classes are skipped, `(` not followed by `?`, and
// `(?<name>`, open capture groups.
function scanGroups(pattern: string): { count: number; named: boolean } {
  let count = 0;
  let named = false;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') {
      if (pattern[i + 1] !== '?') count++;
      else if (pattern[i + 2] === '<' && pattern[i + 3] !== '=' && pattern[i + 3] !== '!') {
        count++;
        named = true;
      }
    }
  }
  return { count, named };
}
