import { defineConfig } from "vitest/config";

/** Tests that assert the page stays responsive (no main-thread task over 200 ms): they run alone, last. */
const RESPONSIVENESS_TESTS = ["test/matmul-demo.browser.test.ts"];

export default defineConfig({
  test: {
    globalSetup: ["test/helpers/globalSetup.ts"],
    // Real Eleventy builds and a real browser: seconds, not milliseconds.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Two cores: parallel builds and browsers starve each other.
    maxWorkers: 2,
    // `npm run coverage`: lines of our code that the test processes run (builds run in child processes and are
    // not counted, see README's Testing section).
    coverage: {
      provider: "v8",
      include: ["_config/**/*.ts", "cli/**/*.ts", "server/**/*.ts", "tools/**/*.ts", "demos/**/*.ts", "_data/**/*.ts"],
      reporter: ["text-summary", "json-summary"],
    },
    projects: [
      {
        extends: true,
        test: {
          name: "site",
          include: ["test/**/*.test.ts"],
          exclude: RESPONSIVENESS_TESTS,
          sequence: { groupOrder: 0 },
          // One worker runs many files, keeping what they import (playwright-core, htmlparser2, our modules) loaded:
          // a fresh worker per file spent ~35 s of the run importing. No test file changes a module's state for
          // the next: they read builds, start their own servers and browsers, and restore any variable they set.
          isolate: false,
        },
      },
      {
        extends: true,
        // A parallel build on the other core would make the demo's page slow, not the demo: run these alone.
        test: {
          name: "responsiveness",
          include: RESPONSIVENESS_TESTS,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
