import { describe, expect, it } from 'vitest';
import { secretRotation } from './secret-rotation.ts';

describe('secretRotation', () => {
  it('keeps the old secret valid until the grace period ends, replacing only the secret the caller read', () => {
    expect(secretRotation('whsec_old', 'whsec_new', '2026-12-05T01:00:00.000Z', '2026-12-05T00:00:00.000Z')).toEqual({
      expression: 'SET secret = :secret, previous_secret = :previous, previous_secret_expires_at = :expires, updated_at = :now',
      condition: 'secret = :seen',
      values: {
        ':secret': 'whsec_new',
        ':seen': 'whsec_old',
        ':previous': 'whsec_old',
        ':expires': '2026-12-05T01:00:00.000Z',
        ':now': '2026-12-05T00:00:00.000Z',
      },
    });
  });

  it('drops the old secret at once without a grace period', () => {
    const rotation = secretRotation('whsec_old', 'whsec_new', null, '2026-12-05T00:00:00.000Z');
    expect(rotation.expression).toBe('SET secret = :secret, updated_at = :now REMOVE previous_secret, previous_secret_expires_at');
    expect(rotation.values).toEqual({ ':secret': 'whsec_new', ':seen': 'whsec_old', ':now': '2026-12-05T00:00:00.000Z' });
  });
});
