import { defineConfig } from 'vitest/config';

// `npm test` (= `vitest run`) runs both projects; `vitest run --project unit|e2e` one of them.
// The e2e tests make real Nest projects (cached under $WS_SCAFFOLD_TEST_CACHE or
// ~/.cache/ws-scaffold-tests, see tests/e2e/support), build and boot them.
export default defineConfig({
  test: {
    // The machines have 2 cores; vitest's default would be 1 worker in run mode.
    maxWorkers: 2,
    // Give booted apps / child processes time to be stopped when vitest shuts down.
    teardownTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/**/*.test.ts'],
          // The CLI tests spawn the built CLI; on 2 busy cores one run can take seconds.
          testTimeout: 30_000,
          exclude: ['tests/e2e/**', '**/node_modules/**', '**/dist/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.e2e.test.ts'],
          exclude: ['**/node_modules/**', '**/dist/**'],
          testTimeout: 600_000,
          hookTimeout: 900_000,
          // e2e files run in parallel, 2 at a time (each one mostly waits on child processes).
          fileParallelism: true,
          maxWorkers: 2,
        },
      },
    ],
  },
});
