// Each route is declared once (shared/routes/): the file its declaration names as the function's
// entry must serve exactly that route — a handler that names another feature's or another route's
// declaration would answer with the wrong policy and schemas.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpRoutes } from '#shared/routes/index.ts';
import { startLocalAws, type LocalAws } from '../support/local-aws.ts';

let aws: LocalAws | undefined;
beforeAll(async () => {
  aws = await startLocalAws();
});
afterAll(() => aws?.stop());

describe('route declarations and their handlers', () => {
  it('give every route its own function and entry file', () => {
    const names = httpRoutes.map((route) => route.function.name);
    const entries = httpRoutes.map((route) => route.function.entry);
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(entries).size).toBe(entries.length);
  });

  it.each(httpRoutes.map((route) => [route.key, route] as const))('%s: its entry serves that declaration', async (_key, route) => {
    const module = (await import(pathToFileURL(join(process.cwd(), route.function.entry)).href)) as { handler?: { route?: unknown } };
    expect(module.handler?.route).toBe(route);
  });
});
