// Lint of the whole repository: type-checked rules for the TypeScript the project compiles, the
// recommended rules for the dashboard's browser scripts. Every rule that is off says why, and only
// where it is off.
import eslint from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'dist/', 'coverage/'] },
  eslint.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // `_name` marks a value taken apart on purpose (e.g. a field dropped from an object by rest).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // MikroORM's migration API is async; generated migrations only queue SQL, so they await nothing.
    files: ['**/migrations/**/*.ts'],
    rules: { '@typescript-eslint/require-await': 'off' },
  },
  {
    // Apollo Server types every plugin hook as returning a promise. Hooks that only look at the
    // request are async so that returning and throwing keep Apollo's meaning (a throw rejects,
    // which Apollo turns into the error answer) without Promise.resolve/reject around each line.
    files: [
      'gateway/plugins/**/*.ts',
      'lib/graphql/argument-checks-plugin.ts',
      'subgraphs/lib/auth/service-scope.ts',
      'subgraphs/lib/uncacheable-responses.ts',
    ],
    rules: { '@typescript-eslint/require-await': 'off' },
  },
  {
    // Tests and benchmarks read GraphQL and HTTP answers as untyped JSON: the shape is what the
    // assertions check, so typing each answer first would only restate them.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // The dashboard is plain browser JavaScript served as is (no build step), with ECharts global.
    files: ['gateway/dashboard/public/**/*.js'],
    languageOptions: { sourceType: 'module', globals: { ...globals.browser, echarts: 'readonly' } },
  },
  {
    files: ['*.js', '*.cjs'],
    languageOptions: { globals: globals.node },
  },
);
