import { defineConfig } from "vitest/config";

// Fault tests (issue 12, "Done when"): API and worker processes and redis-server killed under load, and a power
// loss. A minute or more of real processes, so a configuration of their own (`npm run test:faults`), outside the
// default run's projects.
export default defineConfig({
  test: {
    include: ["tests/faults/**/*.test.ts"],
    environment: "node",
    pool: "forks",
    poolOptions: { forks: { singleFork: true } },
    testTimeout: 300_000,
    hookTimeout: 120_000,
  },
});
