// Our signatures against the reference implementation (the `standardwebhooks` package).
import { describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { newSecret, sign, signedHeaders, verify } from './signing.ts';

const body = JSON.stringify({ type: 'server_down', timestamp: '2026-03-01T10:00:00.000Z', data: { priority: 'critical' } });
const now = () => Math.floor(Date.now() / 1000);

describe('signing', () => {
  it('makes whsec_ secrets of 32 random bytes', () => {
    const secret = newSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(newSecret()).not.toBe(secret);
  });

  it('signs as the reference library does', () => {
    const secret = newSecret();
    const reference = new Webhook(secret);
    const at = now();
    expect(sign(secret, 'evt_1', at, body)).toBe(reference.sign('evt_1', new Date(at * 1000), body));
  });

  it('is verified by the reference library, also with two signatures during a rotation', () => {
    const [current, previous] = [newSecret(), newSecret()];
    const headers = signedHeaders([current, previous], 'evt_2', now(), body);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(current).verify(body, { ...headers })).toEqual(JSON.parse(body));
    expect(new Webhook(previous).verify(body, { ...headers })).toEqual(JSON.parse(body));
    expect(() => new Webhook(newSecret()).verify(body, { ...headers })).toThrow();
    expect(() => new Webhook(current).verify(`${body} `, { ...headers })).toThrow();
  });

  it('verifies what it signs, and refuses a tampered body, another secret or an old timestamp', () => {
    const secret = newSecret();
    const headers = signedHeaders([secret], 'evt_3', now(), body);
    expect(verify(secret, { ...headers }, body)).toEqual({ ok: true });
    expect(verify(secret, { ...headers }, body.replace('critical', 'low'))).toMatchObject({ ok: false });
    expect(verify(newSecret(), { ...headers }, body)).toMatchObject({ ok: false });
    const old = signedHeaders([secret], 'evt_3', now() - 600, body);
    expect(verify(secret, { ...old }, body)).toEqual({ ok: false, reason: 'timestamp outside the tolerance' });
    expect(verify(secret, {}, body)).toMatchObject({ ok: false });
  });

  it('verifies what the reference library signs', () => {
    const secret = newSecret();
    const at = now();
    const signature = new Webhook(secret).sign('msg_1', new Date(at * 1000), body);
    expect(verify(secret, { 'webhook-id': 'msg_1', 'webhook-timestamp': String(at), 'webhook-signature': signature }, body)).toEqual({ ok: true });
  });
});
