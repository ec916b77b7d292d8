import { describe, expect, it } from 'vitest';
import { defaultClaimNames } from '#shared/auth/claims.ts';
import { settingValueProblem } from '#shared/config/setting-types.ts';
import { settings } from './settings.ts';

describe('the settings declaration', () => {
  it("gives the claim settings Cognito's claim names, the ones shared/auth/claims.ts knows", () => {
    expect({ tenant: settings.TENANT_CLAIM.default, roles: settings.ROLES_CLAIM.default, locations: settings.LOCATIONS_CLAIM.default }).toEqual(
      defaultClaimNames,
    );
  });

  it('has every default accepted by its own type, and a description', () => {
    for (const [name, setting] of Object.entries(settings)) {
      expect(settingValueProblem(name, setting.type, setting.default)).toBeUndefined();
      expect(setting.description).not.toBe('');
    }
  });
});
