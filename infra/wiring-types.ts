// The declaration's shape lives in shared/contract/ (infra/ imports shared/, never the reverse);
// re-exported here for the stack, the twin and their tests.
export type * from '#shared/contract/declaration.ts';
