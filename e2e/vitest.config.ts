import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    pool: 'forks',
    maxWorkers: 1,
    // the UI under a loaded machine: expect.poll's default of 1 s was once too short for an antd dropdown to close
    expect: { poll: { timeout: 10_000, interval: 100 } },
  },
});
