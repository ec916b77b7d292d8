// node:crypto as the bundles see it (infra/bundling.ts aliases it here): Node's own functions, and a
// randomInt that loads the module on its first call.
import * as nodeCrypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as bundled from './node-crypto.ts';

describe('node-crypto (the bundles’ node:crypto)', () => {
  it("re-exports Node's own functions, not wrappers", () => {
    const { randomInt: _lazy, ...reexported } = bundled;
    expect(reexported).toEqual({
      createHash: nodeCrypto.createHash,
      createHmac: nodeCrypto.createHmac,
      createPrivateKey: nodeCrypto.createPrivateKey,
      createPublicKey: nodeCrypto.createPublicKey,
      getRandomValues: nodeCrypto.getRandomValues,
      randomBytes: nodeCrypto.randomBytes,
      randomUUID: nodeCrypto.randomUUID,
      sign: nodeCrypto.sign,
      timingSafeEqual: nodeCrypto.timingSafeEqual,
    });
    expect(bundled.createHash).toBe(nodeCrypto.createHash);
    expect(bundled.createHash('sha256').update('x').digest('hex')).toBe(nodeCrypto.createHash('sha256').update('x').digest('hex'));
  });

  it("answers randomInt as Node's does: an integer in [min, max), and through a callback", async () => {
    const values = Array.from({ length: 200 }, () => bundled.randomInt(0, 100));
    expect(values.every((value) => Number.isInteger(value) && value >= 0 && value < 100)).toBe(true);
    expect(new Set(values).size).toBeGreaterThan(1);
    expect(bundled.randomInt(5)).toBeLessThan(5);
    const viaCallback = await new Promise<number>((resolve, reject) => bundled.randomInt(3, 4, (error, n) => (error ? reject(error) : resolve(n))));
    expect(viaCallback).toBe(3);
    expect(() => bundled.randomInt(10, 1)).toThrow(RangeError);
  });
});
