// The command line of the twin's commands (npm start, npm run token, npm run invoke): `--help` (or
// `-h`) prints the usage and exits 0; an unknown option, a missing value or a wrong argument prints
// what is wrong and the usage on stderr and exits 2 — never a stack trace.
import { parseArgs, type ParseArgsConfig } from 'node:util';

export interface CommandSpec extends Pick<ParseArgsConfig, 'allowPositionals'> {
  options: NonNullable<ParseArgsConfig['options']>;
  /** The usage text, ending with a newline. */
  usage: string;
}

type Parsed<T extends CommandSpec> = ReturnType<typeof parseArgs<{ options: T['options']; allowPositionals: T['allowPositionals'] }>>;

export type CommandLine<T extends CommandSpec> =
  | ({ kind: 'run' } & Pick<Parsed<T>, 'values' | 'positionals'>)
  | { kind: 'help' }
  | { kind: 'invalid'; message: string };

/** What the arguments ask for (no I/O): `--help` wins over everything else. */
export function parseCommandLine<T extends CommandSpec>(spec: T, args: readonly string[]): CommandLine<T> {
  const end = args.indexOf('--');
  if ((end === -1 ? args : args.slice(0, end)).some((arg) => arg === '--help' || arg === '-h')) return { kind: 'help' };
  try {
    const { values, positionals } = parseArgs({ args: [...args], options: spec.options, allowPositionals: spec.allowPositionals, strict: true });
    return { kind: 'run', values, positionals } as CommandLine<T>;
  } catch (error) {
    return { kind: 'invalid', message: firstSentence((error as Error).message) };
  }
}

/** This process's arguments: prints the usage and exits on `--help` (0) or a mistake (2). */
export function commandLine<T extends CommandSpec>(spec: T): Extract<CommandLine<T>, { kind: 'run' }> {
  const parsed = parseCommandLine(spec, process.argv.slice(2));
  if (parsed.kind === 'help') {
    process.stdout.write(spec.usage);
    process.exit(0);
  }
  if (parsed.kind === 'invalid') usageError(spec, parsed.message);
  return parsed;
}

/** A mistake on the command line: the message and the usage on stderr, exit 2. */
export function usageError(spec: Pick<CommandSpec, 'usage'>, message: string): never {
  process.stderr.write(`${message}\n\n${spec.usage}`);
  process.exit(2);
}

/** node:util's messages go on to explain `--` for positionals starting with '-': the first sentence says it all. */
function firstSentence(message: string): string {
  const stop = message.indexOf('. ');
  return stop === -1 ? message : message.slice(0, stop);
}
