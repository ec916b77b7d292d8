// The console's build as a CDK asset. A built folder (console/dist after `vite build`, or a test
// fixture) is uploaded as it is; when that folder is missing, the asset is bundled like the
// functions are: `cdk synth` runs Vite (console/vite.config.ts) into the asset's output folder,
// locally, never in Docker, and skips it where bundling is skipped (`aws:cdk:bundling-stacks`).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AssetHashType, DockerImage } from 'aws-cdk-lib';
import { Asset } from 'aws-cdk-lib/aws-s3-assets';
import type { Construct } from 'constructs';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Where the console's Vite project and its build live by default. */
export const CONSOLE_PROJECT_DIR = path.join(REPO_ROOT, 'console');
export const CONSOLE_BUILD_DIR = path.join(CONSOLE_PROJECT_DIR, 'dist');

export interface ConsoleBuildProps {
  /** The built console (index.html and its assets). Default: console/dist. */
  buildDir?: string;
  /** The Vite project built when `buildDir` is missing (its vite.config.ts). Default: console/. */
  projectDir?: string;
}

/** The asset of the built console: `buildDir` if it exists, else a Vite build of `projectDir`. */
export function consoleBuildAsset(scope: Construct, id: string, props: ConsoleBuildProps = {}): Asset {
  const buildDir = props.buildDir ?? CONSOLE_BUILD_DIR;
  if (existsSync(path.join(buildDir, 'index.html'))) return new Asset(scope, id, { path: buildDir });
  const projectDir = props.projectDir ?? CONSOLE_PROJECT_DIR;
  if (!existsSync(path.join(projectDir, 'vite.config.ts')))
    throw new Error(`The console is neither built (${buildDir}/index.html) nor buildable (${projectDir}/vite.config.ts is missing)`);
  return new Asset(scope, id, {
    path: projectDir,
    // Hash what the build produced (as NodejsFunction does): the console may import from outside its folder.
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Never used: the local build either succeeds or throws, so CDK never falls back to Docker.
      image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:22-slim'),
      local: { tryBundle: (outputDir) => viteBuild(projectDir, outputDir) },
    },
  });
}

/** `vite build` of `projectDir` into `outputDir`, with the project's own Vite. */
function viteBuild(projectDir: string, outputDir: string): true {
  const vite = path.join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  if (!existsSync(vite)) throw new Error(`Cannot build the console: ${vite} is missing (run npm install)`);
  const result = spawnSync(process.execPath, [vite, 'build', '--config', 'vite.config.ts', '--outDir', outputDir, '--emptyOutDir'], {
    cwd: projectDir,
    // Vite's report goes to stderr: `cdk synth` prints the template on stdout.
    stdio: ['ignore', 2, 2],
  });
  if (result.status !== 0) throw new Error(`vite build of ${projectDir} failed (exit status ${result.status ?? result.signal})`);
  if (!existsSync(path.join(outputDir, 'index.html'))) throw new Error(`vite build of ${projectDir} wrote no index.html`);
  return true;
}
