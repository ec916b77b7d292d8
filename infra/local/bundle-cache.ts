// The twin's bundle cache: a build's outputs are kept, keyed by everything that determines them, in
// a directory every twin on this checkout shares (node_modules/.cache/scorecast-twin-bundles), so a
// start whose sources, dependencies and options are unchanged copies the bundles instead of running
// esbuild. CDK bundling never uses it (infra/bundling.ts stays cache-free).
//
// What determines a build, and so what an entry records:
// - its key: the esbuild version, the working directory and the full build options (target, entry
//   set, …) except the output directory;
// - the content (SHA-1) of every file esbuild read (the metafile's inputs, node_modules included),
//   and of every package.json, tsconfig.json, jsconfig.json and node_modules/.package-lock.json
//   (npm's record of the installed tree) in those files' directories and their ancestors — esbuild
//   resolves through these without listing them; an absent one is recorded as absent.
// An entry is reused only if its key matches and every recorded file still hashes the same. Not
// detected: a resolution changed by nothing recorded (a new `x.tsx` shadowing `x.ts`, a tsconfig's
// `extends` base); SCORECAST_NO_BUNDLE_CACHE=1 forces a fresh build.
//
// Entries are immutable directories `<key>-<fingerprint>`, written under a `.tmp-…` name and renamed
// into place once complete, so a reader (another twin: vitest runs test files two at a time) never
// sees half an entry; anything it cannot read or copy makes it build instead. A build during which
// an input changed is not stored. The newest entries are kept within MAX_ENTRIES and MAX_BYTES.
import { createHash, randomBytes } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildOptions } from 'esbuild';
import { bundleFunctions, esbuildBuildOptions, type BundleResult } from '../bundling.ts';

/** 'off': the cache was bypassed (SCORECAST_NO_BUNDLE_CACHE, or options it cannot key, e.g. plugins). */
export type BundleCacheOutcome = 'hit' | 'miss' | 'off';

export interface BundleCacheOptions {
  /** Default: `<repository>/node_modules/.cache/scorecast-twin-bundles`. */
  dir?: string;
  /** The bundler run on a miss (default: infra/bundling.ts's bundleFunctions). */
  build?: (entries: Record<string, string>, outdir: string, overrides: BuildOptions) => Promise<BundleResult>;
  /** Bypass the cache (default: SCORECAST_NO_BUNDLE_CACHE is set to anything but '' or '0'). */
  disabled?: boolean;
}

export const DEFAULT_CACHE_DIR = fileURLToPath(new URL('../../node_modules/.cache/scorecast-twin-bundles/', import.meta.url));
const FORMAT = 1;
const MAX_ENTRIES = 12;
const MAX_BYTES = 300 * 1024 * 1024;
/** A recorded file modified later than this before the build started may have changed under it. */
const RACE_MARGIN_MS = 2000;
/** `.tmp-`/`.trash-` directories older than this were left by a process that died. */
const ABANDONED_MS = 10 * 60 * 1000;
/** Read beside every input, in its directory and each ancestor: esbuild resolves through them. */
const RESOLUTION_FILES = ['package.json', 'tsconfig.json', 'jsconfig.json', path.join('node_modules', '.package-lock.json')];

interface Manifest {
  format: number;
  /** The key's full description (the directory name holds only its hash). */
  key: string;
  /** The directory the outputs were built in: source maps' `sources` are relative to it. */
  outdir: string;
  /** Output files, relative to outdir. */
  outputs: string[];
  bytes: number;
  /** Absolute path → SHA-1 of its content, or null if it did not exist. */
  files: Record<string, string | null>;
}

/** `bundleFunctions(entries, outdir, overrides)` through the cache. */
export async function bundleWithCache(
  entries: Record<string, string>,
  outdir: string,
  overrides: BuildOptions = {},
  options: BundleCacheOptions = {},
): Promise<BundleCacheOutcome> {
  const build = options.build ?? bundleFunctions;
  const disabled = options.disabled ?? !['', '0', undefined].includes(process.env.SCORECAST_NO_BUNDLE_CACHE);
  const cacheDir = path.resolve(options.dir ?? DEFAULT_CACHE_DIR);
  outdir = path.resolve(outdir);
  const key = disabled ? undefined : await keyOf(entries, outdir, overrides);
  if (!key) {
    await build(entries, outdir, overrides);
    return 'off';
  }
  const keyHash = sha1(key).slice(0, 24);

  if (await restore(cacheDir, keyHash, key, outdir)) return 'hit';

  const startedAt = Date.now();
  const result = await build(entries, outdir, overrides);
  try {
    await store(cacheDir, keyHash, key, outdir, result, startedAt);
  } catch {
    // a cache that cannot be written (read-only, full disk) only costs the next start a build
  }
  return 'miss';
}

/** The key's description, or undefined if the options hold something it cannot describe. */
async function keyOf(entries: Record<string, string>, outdir: string, overrides: BuildOptions): Promise<string | undefined> {
  const { outdir: _outdir, ...options } = esbuildBuildOptions(entries, outdir, overrides);
  const { version } = await import('esbuild');
  try {
    return stableJson({ format: FORMAT, esbuild: version, cwd: process.cwd(), options });
  } catch {
    return undefined;
  }
}

/** Copies the outputs of an entry whose key and recorded files all match into outdir, if any. */
async function restore(cacheDir: string, keyHash: string, key: string, outdir: string): Promise<boolean> {
  let names: string[];
  try {
    names = (await readdir(cacheDir)).filter((name) => name.startsWith(`${keyHash}-`));
  } catch {
    return false; // no cache yet
  }
  const candidates = await Promise.all(
    names.map(async (name) => {
      const dir = path.join(cacheDir, name);
      return {
        dir,
        mtimeMs: await stat(dir).then(
          (s) => s.mtimeMs,
          () => -1,
        ),
      };
    }),
  );
  candidates.sort((a, b) => b.mtimeMs - a.mtimeMs); // most recently used first
  const hashes = new Map<string, Promise<string | null>>();
  for (const { dir } of candidates) {
    try {
      const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
      if (manifest.format !== FORMAT || manifest.key !== key) continue;
      const current = await Promise.all(Object.keys(manifest.files).map((file) => memoHash(hashes, file)));
      if (Object.values(manifest.files).some((hash, i) => hash !== current[i])) continue;
      await mkdir(outdir, { recursive: true });
      const relocated = new Map<string, string>(); // the maps share most of their sources
      await Promise.all(
        manifest.outputs.map(async (output) => {
          const from = path.join(dir, 'outputs', output);
          const to = path.join(outdir, output);
          await mkdir(path.dirname(to), { recursive: true });
          if (output.endsWith('.map') && manifest.outdir !== outdir) {
            const map = await readFile(from, 'utf8');
            await writeFile(to, relocateSourceMap(map, path.dirname(path.join(manifest.outdir, output)), path.dirname(to), relocated));
          } else await copyFile(from, to);
        }),
      );
      const now = new Date();
      await utimes(dir, now, now).catch(() => undefined); // most recently used: pruned last
      return true;
    } catch {
      // incomplete, unreadable or pruned meanwhile: try the next, else build
    }
  }
  return false;
}

async function store(cacheDir: string, keyHash: string, key: string, outdir: string, result: BundleResult, startedAt: number): Promise<void> {
  const cwd = process.cwd();
  const inputs = Object.keys(result.metafile.inputs).map((input) => path.resolve(cwd, input));
  const watched = new Set(inputs);
  const seenDirs = new Set<string>();
  for (const input of inputs) {
    for (let dir = path.dirname(input); !seenDirs.has(dir); dir = path.dirname(dir)) {
      seenDirs.add(dir);
      for (const name of RESOLUTION_FILES) watched.add(path.join(dir, name));
      if (path.dirname(dir) === dir) break;
    }
  }
  const files: Record<string, string | null> = {};
  let changedDuringBuild = false;
  await Promise.all(
    [...watched].sort().map(async (file) => {
      files[file] = null; // keeps the sorted order
      const [hash, mtimeMs] = await Promise.all([
        hashFile(file),
        stat(file).then(
          (s) => s.mtimeMs,
          () => undefined,
        ),
      ]);
      files[file] = hash;
      if (mtimeMs !== undefined && mtimeMs > startedAt - RACE_MARGIN_MS) changedDuringBuild = true;
    }),
  );
  if (changedDuringBuild) return;

  const outputs = Object.keys(result.metafile.outputs).map((output) => path.relative(outdir, path.resolve(cwd, output)));
  if (outputs.some((output) => output.startsWith('..') || path.isAbsolute(output))) return;

  await mkdir(cacheDir, { recursive: true });
  const tmp = path.join(cacheDir, `.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
  try {
    let bytes = 0;
    for (const output of outputs) {
      const to = path.join(tmp, 'outputs', output);
      await mkdir(path.dirname(to), { recursive: true });
      await copyFile(path.join(outdir, output), to);
      bytes += (await stat(to)).size;
    }
    const manifest: Manifest = { format: FORMAT, key, outdir, outputs, bytes, files };
    await writeFile(path.join(tmp, 'manifest.json'), JSON.stringify(manifest));
    const fingerprint = sha1(JSON.stringify(files)).slice(0, 16);
    try {
      await rename(tmp, path.join(cacheDir, `${keyHash}-${fingerprint}`));
    } catch (error) {
      // Another twin stored the same entry first: keep theirs.
      if (!['ENOTEMPTY', 'EEXIST', 'EPERM'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  await prune(cacheDir);
}

/** Keeps the most recently used entries within MAX_ENTRIES and MAX_BYTES; clears abandoned temp dirs. */
async function prune(cacheDir: string): Promise<void> {
  const now = Date.now();
  const entries: { dir: string; mtimeMs: number; bytes: number }[] = [];
  for (const name of await readdir(cacheDir)) {
    const dir = path.join(cacheDir, name);
    try {
      const { mtimeMs } = await stat(dir);
      if (name.startsWith('.')) {
        if (now - mtimeMs > ABANDONED_MS) await rm(dir, { recursive: true, force: true });
        continue;
      }
      const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
      entries.push({ dir, mtimeMs, bytes: manifest.bytes });
    } catch {
      // being pruned by another twin, or not an entry: leave it
    }
  }
  entries.sort((a, b) => b.mtimeMs - a.mtimeMs);
  let bytes = 0;
  for (const [i, entry] of entries.entries()) {
    bytes += entry.bytes;
    if (i === 0 || (i < MAX_ENTRIES && bytes <= MAX_BYTES)) continue;
    // Renamed away first, so a reader never starts on an entry that is being deleted.
    const trash = path.join(cacheDir, `.trash-${process.pid}-${randomBytes(6).toString('hex')}`);
    try {
      await rename(entry.dir, trash);
      await rm(trash, { recursive: true, force: true });
    } catch {
      // already pruned by another twin
    }
  }
}

/**
 * A source map built in one directory, for the same output in another: esbuild writes `sources`
 * relative to the map's directory and nothing else in the output depends on where it was built.
 */
export function relocateSourceMap(map: string, fromDir: string, toDir: string, memo = new Map<string, string>()): string {
  const relocate = (source: string) => {
    const memoKey = `${fromDir}\0${toDir}\0${source}`;
    let relocated = memo.get(memoKey);
    if (relocated === undefined) {
      relocated =
        /^[a-z][a-z0-9+.-]*:/i.test(source) || path.isAbsolute(source)
          ? source
          : path.relative(toDir, path.resolve(fromDir, source)).split(path.sep).join('/');
      memo.set(memoKey, relocated);
    }
    return relocated;
  };
  // esbuild writes `"sources": [...]` before `"mappings"`: rewrite only that array (parsing every
  // map whole would cost more than the rest of a cache hit), so the rest stays byte for byte.
  const mappingsAt = map.indexOf('"mappings"');
  const sourcesAt = map.indexOf('"sources"');
  const start = sourcesAt < 0 ? -1 : map.indexOf('[', sourcesAt);
  const end = endOfJsonArray(map, start);
  if (sourcesAt < 0 || end < 0 || end > mappingsAt || map.slice(0, mappingsAt).includes('"sourceRoot"')) {
    const parsed = JSON.parse(map) as { sources?: string[]; sourceRoot?: string };
    if (parsed.sourceRoot) return JSON.stringify({ ...parsed, sourceRoot: relocate(parsed.sourceRoot) });
    return JSON.stringify({ ...parsed, sources: parsed.sources?.map(relocate) });
  }
  const sources = (JSON.parse(map.slice(start, end)) as string[]).map(relocate);
  return `${map.slice(0, start)}[${sources.map((s) => JSON.stringify(s)).join(', ')}]${map.slice(end)}`;
}

/** The index just past the `]` closing the array that opens at `start`, or -1. */
function endOfJsonArray(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i >= 0 && i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return i + 1;
  }
  return -1;
}

function memoHash(memo: Map<string, Promise<string | null>>, file: string): Promise<string | null> {
  let hash = memo.get(file);
  if (!hash) memo.set(file, (hash = hashFile(file)));
  return hash;
}

async function hashFile(file: string): Promise<string | null> {
  try {
    return sha1(await readFile(file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw error;
  }
}

function sha1(data: string | Buffer): string {
  return createHash('sha1').update(data).digest('hex');
}

/** JSON with sorted object keys; throws on what JSON cannot describe faithfully (functions, plugins). */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'function' || typeof v === 'symbol' || typeof v === 'bigint') throw new Error('not describable');
    if (v instanceof RegExp) throw new Error('not describable');
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return v;
  });
}
