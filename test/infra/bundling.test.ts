// Every declared function bundles with the shared options (infra/bundling.ts) into an ES module that
// plain `node` imports, that exports `handler`, that depends on nothing but Node built-ins, and that
// carries only the setting declarations its function reads.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BUNDLE_TARGET,
  CREATE_REQUIRE_BANNER,
  NODE_CRYPTO_ALIAS,
  bundleFunctions,
  copyFilesBesideBundles,
  esbuildOptions,
  nodejsBundlingOptions,
  type BundleResult,
} from '#infra/bundling.ts';
import { wiring } from '#infra/wiring.ts';
import { functionEnvironment } from '#infra/wiring-env.ts';
import type { Wiring } from '#infra/wiring-types.ts';
import { settings } from '#shared/contract/settings.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Stand-ins for the stack's resource references: only their shape matters to an import. */
const refs = {
  tableName: 'scorecast-test',
  queueUrl: (q: string) => `https://sqs.us-east-1.amazonaws.com/123456789012/${q}`,
  deadLetterQueueUrl: (q: string) => `https://sqs.us-east-1.amazonaws.com/123456789012/${q}-dlq`,
  webSocketCallbackUrl: 'https://example.execute-api.us-east-1.amazonaws.com/prod',
};

describe('function bundles', () => {
  let outdir: string;
  let result: BundleResult;

  beforeAll(async () => {
    outdir = mkdtempSync(path.join(tmpdir(), 'scorecast-bundles-'));
    const entries = Object.fromEntries(Object.entries(wiring.functions).map(([name, d]) => [name, path.resolve(ROOT, d.entry)]));
    result = await bundleFunctions(entries, outdir);
  });

  afterAll(() => {
    if (outdir) rmSync(outdir, { recursive: true, force: true });
  });

  it('are ES modules that start with the createRequire banner, readable without a source map', () => {
    for (const [name, file] of Object.entries(result.outputs)) {
      const code = readFileSync(file, 'utf8');
      expect(code.startsWith(CREATE_REQUIRE_BANNER), name).toBe(true);
      // No map for Node to parse at import; a stack trace's line reads as the code, which names its module.
      expect(code).not.toMatch(/sourceMappingURL/);
      expect(code).toMatch(/^\/\/ (shared|functions)\/.+\.ts$/m);
    }
  });

  it('import only Node built-ins: the AWS SDK and every other dependency are inside', () => {
    for (const [output, meta] of Object.entries(result.metafile.outputs)) {
      if (!output.endsWith('.mjs')) continue;
      const external = meta.imports.filter((i) => i.external).map((i) => i.path);
      for (const specifier of external) expect(isBuiltin(specifier), `${output} imports ${specifier}`).toBe(true);
    }
  });

  it('import cleanly under plain node with their declared environment and export a handler', () => {
    const jobs = Object.entries(result.outputs).map(([name, file]) => ({
      name,
      url: `file://${file}`,
      env: functionEnvironment(wiring, name, refs),
    }));
    const script = `
      const jobs = JSON.parse(process.env.SCORECAST_BUNDLES);
      const base = { ...process.env };
      const out = {};
      for (const job of jobs) {
        for (const key of Object.keys(process.env)) if (!(key in base)) delete process.env[key];
        Object.assign(process.env, job.env);
        try { const mod = await import(job.url); out[job.name] = typeof mod.handler; }
        catch (error) { out[job.name] = 'error: ' + (error && error.message); }
      }
      process.stdout.write(JSON.stringify(out));`;
    const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      env: {
        PATH: process.env.PATH,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        SCORECAST_BUNDLES: JSON.stringify(jobs),
      },
      encoding: 'utf8',
      timeout: 30_000,
      // stderr is kept apart from the JSON answer; failures surface as a thrown error.
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const types = JSON.parse(stdout) as Record<string, string>;
    expect(types).toEqual(Object.fromEntries(Object.keys(wiring.functions).map((name) => [name, 'function'])));
  });

  it("keep only the setting declarations their function reads (each built /* @__PURE__ */), not the whole declaration's", () => {
    const kept: Record<string, string[]> = {};
    for (const [name, file] of Object.entries(result.outputs)) {
      const code = readFileSync(file, 'utf8');
      const found = Object.entries(settings).filter(([, setting]) => code.includes(setting.description.slice(0, 24)));
      const declared = Object.keys(functionEnvironment(wiring, name, refs));
      // The @connections client sizes its socket pool by BROADCAST_POST_CONCURRENCY where its function declares it (readSettingsIfSet).
      if ((wiring as Wiring).functions[name]!.uses?.some((use) => 'connections' in use)) declared.push('BROADCAST_POST_CONCURRENCY');
      // The mutation plumbing carries every rate bucket's limit and the audit retention, and reads those its route needs.
      if (code.includes(settings.RATE_LIMIT_WRITE_PER_MINUTE.description.slice(0, 24)))
        declared.push('RATE_LIMIT_WRITE_PER_MINUTE', 'RATE_LIMIT_STATUS_PER_MINUTE', 'AUDIT_RETENTION_DAYS');
      for (const [setting] of found) expect(declared, `${name} carries the declaration of ${setting}`).toContain(setting);
      kept[name] = found.map(([setting]) => setting);
    }
    // And the reverse: a function reads every setting its declaration names, so the two lists agree.
    for (const [name, decl] of Object.entries((wiring as Wiring).functions))
      for (const setting of decl.settings ?? []) expect(kept[name], `${name} declares ${setting} but does not read it`).toContain(setting);
    // The test can fail: the authorizer reads its four, the broadcast worker its four.
    expect(kept.authorizer).toEqual(['JWT_ISSUERS', 'TENANT_CLAIM', 'ROLES_CLAIM', 'LOCATIONS_CLAIM']);
    expect(kept.broadcastWorker).toEqual([
      'BROADCAST_SHARD_SIZE',
      'BROADCAST_FIRST_SHARD_SIZE',
      'BROADCAST_POST_CONCURRENCY',
      'BROADCAST_MAX_ATTEMPTS',
    ]);
  });

  /** The inputs esbuild put code of into one function's bundle, relative to the repository. */
  const inputsOf = (name: string) => {
    const output = Object.entries(result.metafile.outputs).find(([file]) => path.basename(file) === `${name}.mjs`)?.[1];
    if (!output) throw new Error(`no bundle for ${name}`);
    return Object.entries(output.inputs)
      .filter(([, input]) => input.bytesInOutput > 0)
      .map(([input]) => input);
  };
  const importsOf = (name: string) => {
    const output = Object.entries(result.metafile.outputs).find(([file]) => path.basename(file) === `${name}.mjs`)![1];
    return output.imports.filter((i) => i.kind === 'import-statement').map((i) => i.path);
  };
  const routeFunctions = wiring.http.routes.map((route) => route.function);

  it('carry no response schema and, for routes without inputs, no zod: only their own feature declaration and its input schemas', () => {
    for (const name of routeFunctions) {
      const inputs = inputsOf(name);
      expect(inputs, `${name} carries the response catalogue`).not.toContain('shared/routes/responses.ts');
      expect(inputs.filter((input) => input.startsWith('shared/routes/')).length, `${name}: one feature's declarations`).toBe(1);
    }
    const noInput = wiring.http.routes.filter((route) => !route.schemas?.body && !route.schemas?.query && !route.schemas?.path);
    expect(noInput.map((route) => route.function).sort()).toEqual(['health', 'openapi', 'whoami']);
    for (const route of noInput)
      expect(
        inputsOf(route.function).filter((input) => input.includes('node_modules/zod/')),
        route.function,
      ).toEqual([]);
  });

  it('leave out what their use cases do not reach: shared/ is free of side effects (package.json `sideEffects`), so an unused module goes whole', () => {
    // baselines/operations.ts also creates and deletes baselines (which broadcast); listing them never does.
    expect(inputsOf('baselinesList')).toContain('shared/baselines/operations.ts');
    expect(inputsOf('baselinesList')).not.toContain('shared/events/broadcast-sink.ts');
    expect(inputsOf('baselinesList')).not.toContain('shared/queue/broadcast.ts');
    expect(inputsOf('baselinesCreate')).toContain('shared/events/broadcast-sink.ts');
  });

  it("load node:crypto at start only where something needs it then: not for the Powertools Logger's randomInt (aliased, shared/powertools/node-crypto.ts)", () => {
    const crypto = (name: string) => importsOf(name).filter((specifier) => specifier === 'crypto' || specifier === 'node:crypto');
    // No SDK client, the Logger created only when something logs, the correlation id from the gateway: nothing at start.
    expect(crypto('whoami')).toEqual([]);
    expect(crypto('openapi')).toEqual([]);
    expect(inputsOf('whoami')).toContain('node_modules/@aws-lambda-powertools/logger/lib/esm/Logger.js');
    // The SDK signs every request with node:crypto: it still loads at start, as in its baseline.
    expect(crypto('health').length).toBeGreaterThan(0);
    expect(crypto('submissionsCreate').length).toBeGreaterThan(0);
  });
});

describe("the stack's bundles", () => {
  it('alias node:crypto as bundleFunctions does (NodejsFunction, esbuild CLI, --alias: whoami without crypto at start) and ship declared files beside the bundle (openapi)', async () => {
    const { App, Stack } = await import('aws-cdk-lib');
    const lambda = await import('aws-cdk-lib/aws-lambda');
    const { NodejsFunction } = await import('aws-cdk-lib/aws-lambda-nodejs');
    const dir = mkdtempSync(path.join(tmpdir(), 'scorecast-cdk-bundle-'));
    try {
      const app = new App({ outdir: path.join(dir, 'cdk.out') });
      new NodejsFunction(new Stack(app, 'Bundle'), 'Whoami', {
        entry: path.join(ROOT, (wiring as Wiring).functions.whoami!.entry),
        handler: 'handler',
        projectRoot: ROOT,
        depsLockFilePath: path.join(ROOT, 'package-lock.json'),
        runtime: lambda.Runtime.NODEJS_22_X,
        bundling: nodejsBundlingOptions(),
      });
      const openapi = (wiring as Wiring).functions.openapi!;
      new NodejsFunction(new Stack(app, 'Document'), 'OpenApi', {
        entry: path.join(ROOT, openapi.entry),
        handler: 'handler',
        projectRoot: ROOT,
        depsLockFilePath: path.join(ROOT, 'package-lock.json'),
        runtime: lambda.Runtime.NODEJS_22_X,
        bundling: nodejsBundlingOptions(openapi.files),
      });
      const assembly = app.synth();
      const assets = readdirSync(assembly.directory).filter((entry) => entry.startsWith('asset.'));
      const assetOf = (stack: string) => {
        const template = JSON.parse(readFileSync(path.join(assembly.directory, `${stack}.template.json`), 'utf8'));
        const fn = Object.values(template.Resources as Record<string, { Type: string; Properties: { Code: { S3Key: string } } }>).find(
          (resource) => resource.Type === 'AWS::Lambda::Function',
        );
        const hash = fn!.Properties.Code.S3Key.replace(/\.zip$/, '');
        return path.join(assembly.directory, assets.find((asset) => asset === `asset.${hash}`)!);
      };
      const stackCode = readFileSync(path.join(assetOf('Bundle'), 'index.mjs'), 'utf8');
      // The alias reached the CLI build: the Logger's randomInt is the on-demand one, and nothing imports crypto at start.
      expect(stackCode).toContain('process.getBuiltinModule("node:crypto").randomInt(');
      expect(stackCode).not.toMatch(/from\s*"(node:)?crypto"/);
      // Declared files ship beside the bundle: the openapi function reads the served document there.
      expect(readdirSync(assetOf('Document')).sort()).toEqual(['index.mjs', 'openapi.min.json']);
      expect(readFileSync(path.join(assetOf('Document'), 'openapi.min.json'), 'utf8')).toBe(
        readFileSync(path.join(ROOT, 'functions/http/openapi.min.json'), 'utf8'),
      );
      expect(readFileSync(path.join(assetOf('Document'), 'index.mjs'), 'utf8')).not.toContain('"openapi":"3.1.0"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('declared files beside the bundles (the twin and the bench)', () => {
  it('are copied under their own name, once each, and two different files of the same name are refused', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'scorecast-files-'));
    try {
      const file = 'functions/http/openapi.min.json';
      await copyFilesBesideBundles([file, file], ROOT, dir);
      expect(readdirSync(dir)).toEqual(['openapi.min.json']);
      expect(readFileSync(path.join(dir, 'openapi.min.json'), 'utf8')).toBe(readFileSync(path.join(ROOT, file), 'utf8'));
      await expect(copyFilesBesideBundles([file, 'elsewhere/openapi.min.json'], ROOT, dir)).rejects.toThrow(
        'Declared files functions/http/openapi.min.json and elsewhere/openapi.min.json would both be openapi.min.json beside the bundles',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the bundling options', () => {
  it('are the same for NodejsFunction as for esbuild: ESM, node22, not minified, no source map, module-first, banner, nothing external, node:crypto aliased', () => {
    const cdk = nodejsBundlingOptions();
    expect(cdk).toMatchObject({
      format: 'esm',
      target: BUNDLE_TARGET,
      minify: false,
      sourceMap: false,
      mainFields: ['module', 'main'],
      banner: CREATE_REQUIRE_BANNER,
      externalModules: [],
      bundleAwsSDK: true,
      forceDockerBundling: false,
      esbuildArgs: { '--alias': [`node:crypto=${NODE_CRYPTO_ALIAS}`] },
    });
    expect(NODE_CRYPTO_ALIAS).toBe(path.join(ROOT, 'shared/powertools/node-crypto.ts'));
    expect(esbuildOptions).toMatchObject({
      format: 'esm',
      platform: 'node',
      target: BUNDLE_TARGET,
      minify: false,
      sourcemap: false,
      mainFields: ['module', 'main'],
      banner: { js: CREATE_REQUIRE_BANNER },
      external: [],
      alias: { 'node:crypto': NODE_CRYPTO_ALIAS },
    });
    expect(BUNDLE_TARGET).toBe('node22');
  });
});
