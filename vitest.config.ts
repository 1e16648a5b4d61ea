import { defineConfig } from "vitest/config";

// Projects: `unit` (pure code, fakes through deps, runs in parallel), `cost` (cost growth on adversarial input) and
// `integration` (real Redis, real processes; files run one after another so they do not compete for the machine's
// two cores).
export default defineConfig({
  test: {
    // A young generation large enough that a 1 MB input is not charged the collector's promotion costs that a 100 KB
    // one escapes (that alone made linear code look 40× dearer for 10× the input in the cost tests). Vitest takes
    // pool options from the root only, so every forked process gets it.
    poolOptions: { forks: { execArgv: ["--max-semi-space-size=128"] } },
    // Measured on the unit project (`npm run test:coverage`); see the thresholds' comment for the numbers.
    coverage: {
      provider: "v8",
      include: ["src/**/*.ts", "adapters/**/*.ts", "queue/**/*.ts"],
      reporter: ["text-summary", "json-summary"],
      reportsDirectory: "coverage",
    },
    projects: [
      {
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts", "tests/e2e/**/*.test.ts"],
          globalSetup: ["tests/support/global-redis.ts"],
          environment: "node",
          pool: "forks",
          poolOptions: { forks: { singleFork: true } },
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        // Cost-growth tests (issue 11, point 4; tests/support/linear-cost.ts), in forked processes (see execArgv).
        test: {
          name: "cost",
          include: ["tests/cost/**/*.test.ts"],
          environment: "node",
          pool: "forks",
          testTimeout: 120_000,
        },
      },
    ],
  },
});
