import { describe, expect, it } from 'vitest';
import { AppError } from '#shared/http/errors.ts';
import { deadLetterOwner } from './scope.ts';

describe('deadLetterOwner', () => {
  it('reads the caller’s tenant by default', () => {
    expect(deadLetterOwner('acme', 'tenant', 'ops')).toBe('acme');
    expect(deadLetterOwner('ops', 'tenant', 'ops')).toBe('ops');
  });

  it('reads the platform’s dead letters for the operator tenant only', () => {
    expect(deadLetterOwner('ops', 'platform', 'ops')).toBeNull();
    expect(() => deadLetterOwner('acme', 'platform', 'ops')).toThrow(AppError);
    expect(() => deadLetterOwner('acme', 'platform', 'ops')).toThrow(/operator tenant/);
  });

  it('lets nobody read them when no operator tenant is set', () => {
    expect(() => deadLetterOwner('', 'platform', '')).toThrow(AppError);
    expect(() => deadLetterOwner('ops', 'platform', '')).toThrow(AppError);
  });
});
