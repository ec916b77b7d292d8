import { describe, expect, it } from 'vitest';
import { agentView, type Agent } from './agent.ts';
import { hashApiKey, isApiKey, newApiKey } from './api-keys.ts';

describe('API keys', () => {
  it('makes a fresh `sck_` key of 256 bits each time, with its hash and last four characters', () => {
    const a = newApiKey();
    const b = newApiKey();
    expect(a.key).not.toBe(b.key);
    expect(isApiKey(a.key)).toBe(true);
    expect(a.hash).toBe(hashApiKey(a.key));
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.hint).toBe(a.key.slice(-4));
  });

  it('tells an API key from anything else a bearer token could be', () => {
    expect(isApiKey(`sck_${'A'.repeat(43)}`)).toBe(true);
    expect(isApiKey(`sck_${'A'.repeat(42)}`)).toBe(false);
    expect(isApiKey(`sk_${'A'.repeat(43)}`)).toBe(false);
    expect(isApiKey('eyJhbGciOiJSUzI1NiJ9.e30.sig')).toBe(false);
  });

  it('hashes deterministically (one read finds a key), and differently for different keys', () => {
    expect(hashApiKey('sck_x')).toBe(hashApiKey('sck_x'));
    expect(hashApiKey('sck_x')).not.toBe(hashApiKey('sck_y'));
  });
});

it('shows an agent without its key hashes, the key only as a hint', () => {
  const agent: Agent = {
    agentId: 'agt_1',
    tenantId: 't',
    name: 'bot',
    description: null,
    status: 'active',
    keyHash: 'h1',
    keyHint: 'wxyz',
    previousKeyHash: 'h0',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    createdBy: 'u1',
    revokedAt: null,
  };
  const view = agentView(agent);
  expect(view.key_hint).toBe('sck_…wxyz');
  expect(JSON.stringify(view)).not.toContain('h1');
  expect(JSON.stringify(view)).not.toContain('h0');
  expect(view).toMatchObject({ agent_id: 'agt_1', name: 'bot', status: 'active', created_by: 'u1', revoked_at: null });
});
