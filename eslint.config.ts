// ESLint's recommended rules and typescript-eslint's recommended type-checked ones, over every TypeScript file of ours.
// https://typescript-eslint.io/getting-started/typed-linting
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import { defineConfig, globalIgnores } from "eslint/config";
import globals from "globals";
import tseslint from "typescript-eslint";

export default defineConfig(
  globalIgnores([
    "_site/",
    ".cache/",
    "test-results/",
    // Fixtures are test inputs kept byte for byte (see .prettierignore), not code we maintain.
    "test/fixtures/",
    // AssemblyScript, compiled and checked by asc, not tsc (tsconfig.json excludes it too).
    "demos/**/assembly/",
  ]),
  { linterOptions: { reportUnusedDisableDirectives: "error" } },
  {
    files: ["**/*.ts"],
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: globals.node,
    },
    rules: {
      // From the config's top level, addPlugin only queues the plugin and Eleventy awaits it later; it hands back
      // a promise only when a plugin adds an async plugin (@11ty/eleventy/src/UserConfig.js, addPlugin).
      "@typescript-eslint/no-floating-promises": [
        "error",
        { allowForKnownSafeCalls: [{ from: "package", package: "@11ty/eleventy", name: "addPlugin" }] },
      ],
      // `const { a: _a, ...rest } = x` is how we copy an object without some keys.
      "@typescript-eslint/no-unused-vars": ["error", { ignoreRestSiblings: true }],
      // `{}` is `unknown` narrowed past null and undefined: a template argument or a YAML scalar that String()
      // turns into text the way Ruby's to_s does. The rule already lets `unknown` through (checkUnknown: false).
      "@typescript-eslint/no-base-to-string": [
        "error",
        { ignoredTypeNames: ["Error", "RegExp", "URL", "URLSearchParams", "{}"] },
      ],
    },
  },
  {
    // Browser code, type-checked by the same tsconfig.json (its lib has DOM and WebWorker.ImportScripts).
    files: ["demos/**/*.ts"],
    languageOptions: { globals: { ...globals.browser, ...globals.worker } },
  },
  // Formatting is Prettier's (`prettier --check .` in `npm run lint`): turn off any rule that would fight it.
  prettier,
);
