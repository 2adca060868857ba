import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    globalSetup: ["tests/setup/temp-root.ts"],
    setupFiles: ["tests/setup/cleanup.ts"],
    // Not the site's zone, so a test fails if anything reads the machine's clock zone.
    env: { TZ: "America/New_York" },
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
