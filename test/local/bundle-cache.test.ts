// The twin's bundle cache (infra/local/bundle-cache.ts): a build is reused only while its esbuild
// options and every file it read are unchanged; a changed input rebuilds; an entry that is not
// complete is never used. A tiny entry in a temp directory stands in for the functions.
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BuildOptions } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleFunctions } from '#infra/bundling.ts';
import { bundleWithCache, relocateSourceMap } from '#infra/local/bundle-cache.ts';

describe('bundleWithCache', () => {
  let root: string;
  let src: string;
  let cacheDir: string;
  let builds = 0;
  // With source maps (the functions' bundles have none, but the cache relocates a map if asked to make one).
  const target = { target: `node${process.versions.node}`, sourcemap: true } as const;
  const build = (entries: Record<string, string>, outdir: string, overrides: BuildOptions) => {
    builds += 1;
    return bundleFunctions(entries, outdir, overrides);
  };
  const bundle = (outdir: string, overrides: BuildOptions = target, disabled = false) =>
    bundleWithCache({ tiny: path.join(src, 'entry.ts') }, path.join(root, outdir), overrides, { dir: cacheDir, build, disabled });
  /** Writes a source file, dated a minute ago (a file written during a build is not cached). */
  const writeSource = (name: string, text: string, age = 60_000) => {
    const file = path.join(src, name);
    writeFileSync(file, text);
    const then = new Date(Date.now() - age);
    utimesSync(file, then, then);
  };
  const entryDirs = () => readdirSync(cacheDir).filter((name) => !name.startsWith('.'));
  const run = async (outdir: string) =>
    (
      (await import(`${pathToFileURL(path.join(root, outdir, 'tiny.mjs')).href}?${Date.now()}-${Math.random()}`)) as { handler: () => string }
    ).handler();

  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), 'scorecast-bundle-cache-'));
    src = path.join(root, 'src');
    cacheDir = path.join(root, 'cache');
    mkdirSync(src);
    writeSource('message.ts', "export const message: string = 'one';\n");
    writeSource('entry.ts', "import { message } from './message.ts';\nexport const handler = () => message;\n");
  });
  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('a first build writes an entry recording every file it read', async () => {
    expect(await bundle('a')).toBe('miss');
    expect(builds).toBe(1);
    expect(await run('a')).toBe('one');
    expect(entryDirs()).toHaveLength(1);
    const manifest = JSON.parse(readFileSync(path.join(cacheDir, entryDirs()[0]!, 'manifest.json'), 'utf8')) as {
      files: Record<string, string | null>;
    };
    expect(manifest.files[path.join(src, 'entry.ts')]).toMatch(/^[0-9a-f]{40}$/);
    expect(manifest.files[path.join(src, 'message.ts')]).toMatch(/^[0-9a-f]{40}$/);
    expect(manifest.files[path.join(src, 'package.json')]).toBeNull(); // absent, and must stay so
  });

  it('unchanged inputs reuse it without esbuild, in any directory, as a fresh build there would be', async () => {
    expect(await bundle('b/deeper/build')).toBe('hit');
    expect(builds).toBe(1);
    expect(await run('b/deeper/build')).toBe('one');
    // The same bytes a build in that directory writes (source maps' paths are relative to it).
    await bundleFunctions({ tiny: path.join(src, 'entry.ts') }, path.join(root, 'fresh/deeper/build'), target);
    for (const file of ['tiny.mjs', 'tiny.mjs.map']) {
      expect(readFileSync(path.join(root, 'b/deeper/build', file), 'utf8'), file).toBe(
        readFileSync(path.join(root, 'fresh/deeper/build', file), 'utf8'),
      );
    }
  });

  it('a changed input rebuilds, and the output has the change; both versions stay cached', async () => {
    writeSource('message.ts', "export const message: string = 'two';\n");
    expect(await bundle('a')).toBe('miss');
    expect(builds).toBe(2);
    expect(await run('a')).toBe('two');
    expect(entryDirs()).toHaveLength(2);

    expect(await bundle('c')).toBe('hit');
    writeSource('message.ts', "export const message: string = 'one';\n");
    expect(await bundle('c')).toBe('hit'); // the first entry again
    expect(builds).toBe(2);
    expect(await run('c')).toBe('one');
  });

  it('a new file where esbuild looked (a package.json) rebuilds', async () => {
    writeSource('package.json', '{"type":"module"}\n');
    expect(await bundle('a')).toBe('miss');
    expect(builds).toBe(3);
    rmSync(path.join(src, 'package.json'));
  });

  it('other options are another key; the opt-out always builds and never stores', async () => {
    expect(await bundle('a', { target: 'node20' })).toBe('miss');
    expect(await bundle('a', { target: 'node20' })).toBe('hit');
    expect(builds).toBe(4);
    const before = entryDirs().length;
    expect(await bundle('a', { target: 'node18' }, true)).toBe('off');
    expect(builds).toBe(5);
    expect(entryDirs()).toHaveLength(before);
  });

  it('a build during which an input may have changed is not stored', async () => {
    writeSource('message.ts', "export const message: string = 'three';\n", 0);
    expect(await bundle('a')).toBe('miss');
    expect(await bundle('a')).toBe('miss');
    expect(builds).toBe(7);
    expect(await run('a')).toBe('three');
    writeSource('message.ts', "export const message: string = 'three';\n");
  });

  it('a half-written entry (a temp dir left behind, or an entry without its manifest) is ignored', async () => {
    expect(await bundle('a')).toBe('miss');
    expect(await bundle('a')).toBe('hit');
    const entry = entryDirs().find((name) => readFileSync(path.join(cacheDir, name, 'outputs', 'tiny.mjs'), 'utf8').includes('three'))!;
    // What a writer killed before its rename leaves: a complete copy under a temp name …
    renameSync(path.join(cacheDir, entry), path.join(cacheDir, '.tmp-1-abcdef'));
    // … and, as if a rename had exposed it too early, the entry's name with no manifest.
    const keyHash = entry.split('-')[0]!;
    mkdirSync(path.join(cacheDir, `${keyHash}-0000000000000000`, 'outputs'), { recursive: true });
    writeFileSync(path.join(cacheDir, `${keyHash}-0000000000000000`, 'outputs', 'tiny.mjs'), 'export const handler = () => "stale";\n');
    const built = builds;
    expect(await bundle('d')).toBe('miss');
    expect(builds).toBe(built + 1);
    expect(await run('d')).toBe('three');
    expect(await bundle('e')).toBe('hit');
    expect(await run('e')).toBe('three');
  });
});

describe('relocateSourceMap', () => {
  it('rewrites only the sources, relative to the new directory', () => {
    const map = '{\n  "version": 3,\n  "sources": ["../../src/a.ts", "node:fs"],\n  "mappings": "AAAA",\n  "names": ["sources"]\n}\n';
    expect(relocateSourceMap(map, '/repo/.scorecast/build', '/tmp/x/build')).toBe(
      '{\n  "version": 3,\n  "sources": ["../../../repo/src/a.ts", "node:fs"],\n  "mappings": "AAAA",\n  "names": ["sources"]\n}\n',
    );
  });
});

it('the cache directory lives under node_modules/.cache (ignored by git)', async () => {
  const { DEFAULT_CACHE_DIR } = await import('#infra/local/bundle-cache.ts');
  expect(DEFAULT_CACHE_DIR.split(path.sep).join('/')).toMatch(/\/node_modules\/\.cache\/scorecast-twin-bundles\/?$/);
  expect(existsSync(path.dirname(path.dirname(DEFAULT_CACHE_DIR)))).toBe(true);
});
