// What a function's bundle gets when any bundled module imports `node:crypto` (infra/bundling.ts
// aliases that specifier to this file, for the twin, the bench and the stack alike). Every name is
// Node's own, re-exported as it is — except `randomInt`, which only the Powertools Logger imports
// (for its debug-log sampling) and which loads `node:crypto` on its first call. esbuild drops
// re-exports a bundle does not use, so a bundle whose only user is the Logger — an HTTP route
// that creates it only when something logs (shared/powertools/on-demand.ts) — does not load
// `node:crypto` at cold start; every other bundle imports it at start exactly as before.
//
// A name missing here fails the build ("No matching export"); add it to the list.
export {
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  getRandomValues,
  randomBytes,
  randomUUID,
  sign,
  timingSafeEqual,
  // biome-ignore lint/style/useNodejsImportProtocol: `node:crypto` is aliased to this very file; `crypto` is the built-in.
} from 'crypto';

type RandomInt = typeof import('crypto').randomInt;

/** `node:crypto`'s randomInt, loaded on first call (process.getBuiltinModule, Node ≥ 22.3). */
export const randomInt = ((...args: Parameters<RandomInt>) =>
  (process.getBuiltinModule('node:crypto').randomInt as (...a: unknown[]) => unknown)(...args)) as RandomInt;
