// The console's build for the twin: `vite build` of console/ into a cache directory keyed by what
// determines it — every file under console/ (but dist/), the installed tree's record
// (node_modules/.package-lock.json) and Vite's version — so a start with nothing changed serves the
// last build (~0 s) instead of building (~2–5 s). SCORECAST_NO_BUNDLE_CACHE=1 builds afresh. Entries
// are written under a temporary name and renamed into place whole, as the function bundle cache does;
// the newest MAX_ENTRIES are kept. The stack builds console/dist/ itself and never uses this.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CONSOLE_DIR = path.join(ROOT, 'console');
export const CONSOLE_CACHE_DIR = path.join(ROOT, 'node_modules', '.cache', 'scorecast-console');
const MAX_ENTRIES = 4;

export interface ConsoleBuild {
  /** The directory holding index.html and assets/. */
  dir: string;
  outcome: 'hit' | 'miss' | 'off';
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(full)));
    else if (!entry.name.endsWith('.test.ts')) out.push(full);
  }
  return out.sort();
}

/** The cache key: a hash of every input's path and content. */
export async function consoleFingerprint(consoleDir = CONSOLE_DIR): Promise<string> {
  const hash = createHash('sha1');
  const vite = path.join(ROOT, 'node_modules', 'vite', 'package.json');
  const inputs = [...(await filesUnder(consoleDir)), path.join(ROOT, 'node_modules', '.package-lock.json'), vite];
  for (const file of inputs) {
    hash.update(path.relative(ROOT, file));
    hash.update('\0');
    hash.update(existsSync(file) ? await readFile(file) : 'absent');
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 20);
}

async function viteBuild(outDir: string): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: path.join(CONSOLE_DIR, 'vite.config.ts'), mode: 'production', build: { outDir, emptyOutDir: true }, logLevel: 'warn' });
}

/** The console built (or found in the cache). */
export async function buildConsole(options: { cacheDir?: string; disabled?: boolean } = {}): Promise<ConsoleBuild> {
  const cacheDir = options.cacheDir ?? CONSOLE_CACHE_DIR;
  const disabled = options.disabled ?? !['', '0', undefined].includes(process.env.SCORECAST_NO_BUNDLE_CACHE);
  const key = await consoleFingerprint();
  const dir = path.join(cacheDir, disabled ? `fresh-${randomBytes(4).toString('hex')}` : key);
  if (!disabled && existsSync(path.join(dir, 'index.html'))) return { dir, outcome: 'hit' };
  const tmp = path.join(cacheDir, `.tmp-${randomBytes(6).toString('hex')}`);
  await viteBuild(tmp);
  // Never replace an entry: another twin may be serving it. One that appeared meanwhile is as good as ours.
  await rename(tmp, dir).catch(async (error: unknown) => {
    await rm(tmp, { recursive: true, force: true });
    if (!existsSync(path.join(dir, 'index.html'))) throw error;
  });
  await prune(cacheDir).catch(() => undefined);
  return { dir, outcome: disabled ? 'off' : 'miss' };
}

/** Keeps the newest entries (fresh builds of an uncached start count too). */
async function prune(cacheDir: string): Promise<void> {
  const entries = (await readdir(cacheDir)).filter((name) => !name.startsWith('.'));
  const dated = await Promise.all(entries.map(async (name) => ({ name, at: (await stat(path.join(cacheDir, name))).mtimeMs })));
  dated.sort((a, b) => b.at - a.at);
  for (const { name } of dated.slice(MAX_ENTRIES)) await rm(path.join(cacheDir, name), { recursive: true, force: true });
}
