// The twin's commands' argument parsing: --help wins, mistakes become one-sentence messages.
import { describe, expect, it } from 'vitest';
import { parseCommandLine, type CommandSpec } from '#infra/local/command-line.ts';

const start = { usage: 'Usage: x\n', options: { persist: { type: 'boolean', default: false } } } satisfies CommandSpec;
const invoke = { usage: 'Usage: y\n', options: {}, allowPositionals: true } satisfies CommandSpec;

describe('parseCommandLine', () => {
  it('gives the values and positionals', () => {
    expect(parseCommandLine(start, ['--persist'])).toEqual({ kind: 'run', values: { persist: true }, positionals: [] });
    expect(parseCommandLine(start, [])).toMatchObject({ kind: 'run', values: { persist: false } });
    expect(parseCommandLine(invoke, ['whoami', 'e.json'])).toMatchObject({ kind: 'run', positionals: ['whoami', 'e.json'] });
  });

  it('asks for help on --help or -h anywhere before --, whatever else is there', () => {
    for (const args of [['--help'], ['-h'], ['--bogus', '--help'], ['whoami', '-h']])
      expect(parseCommandLine(invoke, args)).toEqual({ kind: 'help' });
    expect(parseCommandLine(invoke, ['--', '--help'])).toMatchObject({ kind: 'run', positionals: ['--help'] });
  });

  it('says what is wrong in one sentence: unknown option, value given to a flag, unexpected argument', () => {
    expect(parseCommandLine(start, ['--bogus'])).toEqual({ kind: 'invalid', message: "Unknown option '--bogus'" });
    expect(parseCommandLine(invoke, ['--bogus'])).toEqual({ kind: 'invalid', message: "Unknown option '--bogus'" });
    expect(parseCommandLine(start, ['--persist=yes'])).toEqual({ kind: 'invalid', message: "Option '--persist' does not take an argument" });
    expect(parseCommandLine(start, ['extra'])).toEqual({ kind: 'invalid', message: "Unexpected argument 'extra'" });
  });
});
