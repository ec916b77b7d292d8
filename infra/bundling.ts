// How every Lambda entry file becomes a deployable bundle. NodejsFunction (infra/constructs/functions.ts), the local
// twin and the bench all build from these options, so what runs locally is what ships.
//
// This module imports nothing at run time except node:url and (lazily, inside bundleFunctions) esbuild, so the
// twin and the bench can read the options without loading aws-cdk-lib.
import { fileURLToPath } from 'node:url';
import type { BuildOptions, Metafile } from 'esbuild';
import type { BundlingOptions, Charset, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';

/** The Lambda runtime the bundles target (the stack deploys nodejs22.x). */
export const BUNDLE_TARGET = 'node22';

/**
 * ESM output has no `require`; esbuild's shim for CommonJS dependencies that `require` a Node
 * built-in would throw "Dynamic require of ... is not supported". This banner gives the bundle a
 * real `require` (aliased import so minified names cannot collide with it).
 */
export const CREATE_REQUIRE_BANNER =
  "import { createRequire as __scorecastCreateRequire } from 'node:module'; const require = __scorecastCreateRequire(import.meta.url);";

/**
 * Prefer packages' ES module builds: the AWS SDK v3 and Powertools ship both, and the ESM build
 * tree-shakes smaller and avoids CommonJS `require` of Node built-ins (TOOLCHAIN.md).
 */
export const MAIN_FIELDS: readonly string[] = ['module', 'main'];

/**
 * Modules left out of the bundle. None: the AWS SDK is bundled too, so each function runs the
 * exact SDK version in package-lock.json (the twin and tests use the same), not whatever the
 * Lambda runtime happens to ship, and tree shaking keeps only the clients a function imports.
 */
export const EXTERNAL_MODULES: readonly string[] = [];

/**
 * `node:crypto` as the bundles see it: Node's own exports, except `randomInt` (imported only by the
 * Powertools Logger) loaded on first call — see shared/powertools/node-crypto.ts. esbuild hoists a
 * built-in's `import` to the top of the bundle, so without it a Logger that is created only when
 * something logs still loads `node:crypto` at every cold start. An absolute path: esbuild resolves
 * an alias from its working directory.
 */
export const NODE_CRYPTO_ALIAS = fileURLToPath(new URL('../shared/powertools/node-crypto.ts', import.meta.url));

/** Import paths esbuild substitutes before resolving them (the same for NodejsFunction). */
export const ALIASES: Readonly<Record<string, string>> = { 'node:crypto': NODE_CRYPTO_ALIAS };

/** The shared options in esbuild's JavaScript API shape (for the twin, the bench and tests). */
export const esbuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: BUNDLE_TARGET,
  // Readable without a source map: names kept and one statement per line, so a stack trace's
  // index.mjs:line:column reads as our TypeScript without its types (each module's code starts with
  // a `// shared/…/file.ts` comment). Node's --enable-source-maps parses the whole map at import,
  // which cost more cold start than minifying saves (docs/decisions.md, "Bundles without source maps").
  minify: false,
  sourcemap: false,
  mainFields: [...MAIN_FIELDS],
  banner: { js: CREATE_REQUIRE_BANNER },
  external: [...EXTERNAL_MODULES],
  alias: { ...ALIASES },
  charset: 'utf8',
  legalComments: 'none',
  logLevel: 'warning',
} as const satisfies BuildOptions;

/** Where a declared file (`FunctionDecl.files`, relative to the repository root) goes: beside the bundle, under its own name. */
export const besideBundle = (file: string) => file.slice(file.lastIndexOf('/') + 1);

/**
 * The shell command that copies one file beside the bundle after NodejsFunction's esbuild run:
 * Node itself rather than `cp`, so it runs wherever CDK bundles locally (Linux, macOS, Windows).
 */
export const copyCommand = (from: string, to: string) =>
  `node -e "require('node:fs').copyFileSync(process.argv[1], process.argv[2])" ${JSON.stringify(from)} ${JSON.stringify(to)}`;

/**
 * The same options for NodejsFunction. Always local esbuild (the project's devDependency), never
 * Docker. Output is `index.mjs`, which Lambda loads as an ES module; `files` (the function's
 * declared `files`) are copied beside it.
 */
export function nodejsBundlingOptions(files: readonly string[] = []): BundlingOptions {
  return {
    format: 'esm' as OutputFormat,
    target: BUNDLE_TARGET,
    minify: esbuildOptions.minify,
    sourceMap: esbuildOptions.sourcemap,
    mainFields: [...MAIN_FIELDS],
    banner: CREATE_REQUIRE_BANNER,
    externalModules: [...EXTERNAL_MODULES],
    bundleAwsSDK: true,
    forceDockerBundling: false,
    charset: 'utf8' as Charset,
    logLevel: 'warning' as BundlingOptions['logLevel'],
    esbuildArgs: {
      '--legal-comments': esbuildOptions.legalComments,
      '--alias': Object.entries(ALIASES).map(([from, to]) => `${from}=${to}`),
    },
    ...(files.length > 0 && {
      commandHooks: {
        beforeBundling: () => [],
        beforeInstall: () => [],
        afterBundling: (inputDir: string, outputDir: string) =>
          files.map((file) => copyCommand(`${inputDir}/${file}`, `${outputDir}/${besideBundle(file)}`)),
      },
    }),
  };
}

/**
 * Copies each function's declared files beside the bundles in `outdir` (the twin and the bench,
 * which put every function's bundle in one directory; NodejsFunction: commandHooks above). Two
 * different files with the same name would overwrite each other there: refused.
 */
export async function copyFilesBesideBundles(files: readonly string[], rootDir: string, outdir: string): Promise<void> {
  const { copyFile } = await import('node:fs/promises');
  const path = await import('node:path');
  const byName = new Map<string, string>();
  for (const file of files) {
    const other = byName.get(besideBundle(file));
    if (other !== undefined && other !== file)
      throw new Error(`Declared files ${other} and ${file} would both be ${besideBundle(file)} beside the bundles`);
    byName.set(besideBundle(file), file);
  }
  await Promise.all([...byName.values()].map((file) => copyFile(path.resolve(rootDir, file), path.join(outdir, besideBundle(file)))));
}

export interface BundleResult {
  /** Function name → absolute path of its bundle (`<outdir>/<name>.mjs`). */
  outputs: Record<string, string>;
  metafile: Metafile;
}

/** The complete esbuild options bundleFunctions() builds with (the twin's bundle cache keys on them). */
export function esbuildBuildOptions(entries: Record<string, string>, outdir: string, overrides: BuildOptions = {}): BuildOptions {
  return {
    ...esbuildOptions,
    mainFields: [...esbuildOptions.mainFields],
    external: [...esbuildOptions.external],
    banner: { ...esbuildOptions.banner },
    alias: { ...esbuildOptions.alias },
    entryPoints: entries,
    outdir,
    outExtension: { '.js': '.mjs' },
    metafile: true,
    ...overrides,
  };
}

let buildsRunning = 0;

/**
 * Bundles several entry files at once with the shared options (one esbuild run; the twin, the
 * bench and the bundling test use it). `entries` maps an output name to an entry path.
 */
export async function bundleFunctions(entries: Record<string, string>, outdir: string, overrides: BuildOptions = {}): Promise<BundleResult> {
  const esbuild = await import('esbuild');
  buildsRunning += 1;
  let result: Awaited<ReturnType<typeof esbuild.build>>;
  try {
    result = await esbuild.build(esbuildBuildOptions(entries, outdir, overrides));
  } finally {
    // esbuild's JS API builds in a long-lived `esbuild --service` child process, which keeps what a
    // build of every function grew to (over a GB) until stopped. Stopped once no build of this
    // module is running (builds may overlap: the bench runs two); the next build starts a new one.
    buildsRunning -= 1;
    if (buildsRunning === 0) await esbuild.stop();
  }
  if (!result.metafile) throw new Error('esbuild returned no metafile');
  const path = await import('node:path');
  const outputs: Record<string, string> = {};
  for (const name of Object.keys(entries)) outputs[name] = path.resolve(outdir, `${name}.mjs`);
  return { outputs, metafile: result.metafile };
}
