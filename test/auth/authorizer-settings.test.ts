// The authorizer reads its settings through their declared types at cold start: a missing or
// malformed one fails the import, naming it and what it must be, instead of falling back to a
// default of its own (TENANT_CLAIM was `custom:tenant_id` in the code) or trusting a malformed
// JWT_ISSUERS until the first token.
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { settings } from '#shared/contract/settings.ts';

const load = () => import('../../functions/authorizer.ts');

beforeEach(() => {
  vi.resetModules();
  vi.stubEnv('TABLE_NAME', 'table');
  vi.stubEnv('WS_TOKEN_PARAMETER', 'token');
  for (const name of ['JWT_ISSUERS', 'TENANT_CLAIM', 'ROLES_CLAIM', 'LOCATIONS_CLAIM'] as const) vi.stubEnv(name, settings[name].default);
});
afterEach(() => vi.unstubAllEnvs());

it('starts with its declared settings', async () => {
  expect(typeof (await load()).handler).toBe('function');
});

it('fails the cold start on a missing claim setting, naming it', async () => {
  delete process.env.TENANT_CLAIM;
  await expect(load()).rejects.toThrow('TENANT_CLAIM is not set; expected a non-empty text without surrounding spaces');
});

it('fails the cold start on issuers that are not a JSON array, naming the setting', async () => {
  vi.stubEnv('JWT_ISSUERS', '{"issuer":"https://id.example"}');
  await expect(load()).rejects.toThrow('JWT_ISSUERS={"issuer":"https://id.example"}: it is not a JSON array; expected a JSON array of');
});
