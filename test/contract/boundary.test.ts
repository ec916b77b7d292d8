// Imports point one way: functions/ → shared/, infra/ → shared/. Runtime code (every non-test file
// under shared/ and functions/) never reaches into infra/ — not by a relative path, not through an
// import alias (package.json `imports`), not by a dynamic import() or require().
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const RUNTIME_FOLDERS = ['shared', 'functions'];
const SOURCE = /\.(ts|mts|cts|js|mjs|cjs)$/;

/** Every module specifier a source text names: static and type imports, re-exports, side-effect imports, import(), require(). */
function specifiersOf(source: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\s[^'"`;]*?\bfrom\s*(['"`])([^'"`]+)\1/g,
    /\bimport\s*(['"`])([^'"`]+)\1/g,
    /\bimport\s*\(\s*(['"`])([^'"`]+)\1/g,
    /\brequire\s*\(\s*(['"`])([^'"`]+)\1/g,
  ];
  for (const pattern of patterns) for (const match of source.matchAll(pattern)) found.push(match[2]!);
  return found;
}

type Aliases = Record<string, string>;

/** The file a specifier names, relative to the repository root; undefined for packages. */
function targetOf(specifier: string, fromFile: string, aliases: Aliases): string | undefined {
  if (specifier.startsWith('.')) return relative(ROOT, resolve(dirname(fromFile), specifier));
  if (!specifier.startsWith('#')) return undefined;
  for (const [pattern, target] of Object.entries(aliases)) {
    const [prefix, suffix = ''] = pattern.split('*');
    if (pattern.includes('*') ? specifier.startsWith(prefix!) && specifier.endsWith(suffix) : specifier === pattern) {
      const rest = pattern.includes('*') ? specifier.slice(prefix!.length, specifier.length - suffix.length) : '';
      return relative(ROOT, resolve(ROOT, target.replace('*', rest)));
    }
  }
  return specifier; // an unknown alias: reported below by its own name
}

const isInfra = (target: string) => target === 'infra' || target.startsWith(`infra${sep}`) || target.startsWith('#infra');

function runtimeFiles(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && SOURCE.test(entry.name) && !/\.test\.[a-z]+$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

function infraImports(files: readonly string[], aliases: Aliases): string[] {
  const offenders: string[] = [];
  for (const file of files)
    for (const specifier of specifiersOf(readFileSync(file, 'utf8'))) {
      const target = targetOf(specifier, file, aliases);
      if (target !== undefined && isInfra(target)) offenders.push(`${relative(ROOT, file)} imports ${specifier}`);
    }
  return offenders;
}

const aliases: Aliases = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).imports ?? {};

describe('runtime code never imports infra/', () => {
  it('holds for every non-test file under shared/ and functions/', () => {
    const files = RUNTIME_FOLDERS.flatMap(runtimeFiles);
    expect(files.length).toBeGreaterThan(100);
    expect(infraImports(files, aliases)).toEqual([]);
  });
});

describe('the scan', () => {
  const file = join(ROOT, 'shared/queue/example.ts');
  const offends = (source: string) => specifiersOf(source).some((s) => isInfra(targetOf(s, file, aliases) ?? ''));

  it('catches every way of naming infra/', () => {
    expect(offends(`import { wiring } from '#infra/wiring.ts';`)).toBe(true);
    expect(offends(`import type { Wiring } from "../../infra/wiring-types.ts";`)).toBe(true);
    expect(offends(`export { routeKey } from '../../infra/wiring-env.ts';`)).toBe(true);
    expect(offends(`import '../../infra/app.ts';`)).toBe(true);
    expect(offends(`const { wiring } = await import('#infra/wiring.ts');`)).toBe(true);
    expect(offends(`const w = require('../../infra/wiring.ts');`)).toBe(true);
    expect(offends(`import {\n  a,\n  b,\n} from '../../infra/wiring.ts';`)).toBe(true);
  });

  it('lets shared/ and packages through', () => {
    expect(offends(`import { routeKey } from '#shared/contract/routes.ts';`)).toBe(false);
    expect(offends(`import { sqsClient } from './client.ts';`)).toBe(false);
    expect(offends(`import * as z from 'zod/mini';`)).toBe(false);
    expect(offends(`import { x } from '../infrastructure-notes.ts';`)).toBe(false);
  });
});
