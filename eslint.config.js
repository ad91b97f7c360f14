// ESLint flat config (CommonJS project). TypeScript everywhere (oracle/, test/, scripts/, tasks/, bench/)
// gets typescript-eslint's recommended rules; plain .js files (bin/, this file) are CommonJS on Node.
const { defineConfig, globalIgnores } = require("eslint/config");
const js = require("@eslint/js");
const tseslint = require("typescript-eslint");
const globals = require("globals");

module.exports = defineConfig(
  globalIgnores(["node_modules/", "artifacts/", "cache/", "typechain-types/", "dist/", "coverage/", "examples/*/node_modules/", "examples/*/artifacts/", "examples/*/cache/", "examples/*/typechain-types/", "tmp-*/", "sim-out/"]),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      globals: { ...globals.node },
    },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_" },
      ],
    },
  },
  {
    files: ["**/*.js", "**/*.cjs"],
    languageOptions: { sourceType: "commonjs" },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    files: ["test/**/*.ts"],
    languageOptions: { globals: { ...globals.mocha } },
  },
);
