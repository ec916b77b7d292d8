import { describe, expect, it } from 'vitest';
import { AppError } from '#shared/http/errors.ts';
import { agentRevoked, agentView, checkChangeable, newAgent, outgoingKey, type Agent } from './agent.ts';
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

describe('an agent’s keys over its life', () => {
  const now = new Date('2026-01-01T12:00:00.000Z');

  it('registers active, created by the actor, holding only its key’s hash and hint (the view shows neither the key nor the hash)', () => {
    const key = newApiKey();
    const agent = newAgent('agt_1', { tenantId: 'acme', principalId: 'alice' }, { name: 'bot' }, key, now);
    expect(agent).toMatchObject({
      agentId: 'agt_1',
      tenantId: 'acme',
      status: 'active',
      description: null,
      previousKeyHash: null,
      createdBy: 'alice',
      revokedAt: null,
    });
    expect(JSON.stringify(agent)).not.toContain(key.key);
    const view = JSON.stringify(agentView(agent));
    expect(view).not.toContain(key.hash);
    expect(view).toContain(`sck_…${key.key.slice(-4)}`);
  });

  it('keeps the outgoing key working for the grace period when one is given, and stops it at once otherwise', () => {
    expect(outgoingKey({ keyHash: 'old' }, 300, now)).toEqual({ keptAsPrevious: 'old', until: new Date('2026-01-01T12:05:00.000Z') });
    expect(outgoingKey({ keyHash: 'old' }, 0, now)).toEqual({ keptAsPrevious: null, until: null });
  });

  it('refuses with 409 to rename a revoked agent or rotate its key', () => {
    expect(() => checkChangeable({ status: 'active' })).not.toThrow();
    const refusal = (() => {
      try {
        checkChangeable({ status: 'revoked' });
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(AppError);
    expect(refusal).toMatchObject({ status: 409, message: 'The agent is revoked; register a new one' });
  });

  it('answers every write of a revoked agent 409 "agent revoked"', () => {
    expect(agentRevoked()).toMatchObject({ code: 'conflict', status: 409, message: 'agent revoked' });
  });
});
