import { createDefaultEsmPreset } from 'ts-jest';

/** ts-jest only transpiles here (isolatedModules); `npm run typecheck` type-checks before jest runs. */
export default {
  ...createDefaultEsmPreset({ tsconfig: 'tsconfig.test.json' }),
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testTimeout: 60_000,
};
