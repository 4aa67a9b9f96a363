// ESLint flat config: the recommended JavaScript and typescript-eslint rules, kept moderate, plus the
// one rule this library cannot do without: provider packages are imported by submodule, never from
// their root (the azurerm root index alone takes about 2 s and 340 MB to load).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const PROVIDER_ROOTS = ['@cdktf/provider-azuread', '@cdktf/provider-azurerm', '@cdktf/provider-time'];
const ROOT_IMPORT_MESSAGE = 'Import provider classes by submodule (e.g. @cdktf/provider-azuread/lib/application), '
  + 'never from the package root: the root index loads every resource of the provider (azurerm: about 2 s and 340 MB).';

export default tseslint.config(
  {
    ignores: ['node_modules/', '.cdktn/', 'build/', 'dist/', 'cdktf.out/', '.bench-out/', 'coverage/', 'test/.readme-*/', 'test/.audit-*/', '**/*.d.ts', '.jsii'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: {
        require: 'readonly', module: 'writable', exports: 'writable', __dirname: 'readonly', __filename: 'readonly',
        process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly',
      },
    },
    rules: {
      // The typescript-eslint form also covers `import type` and `import x = require(...)`: a type-only
      // root import still lands in the emitted .d.ts and makes every consumer's tsc load the whole provider.
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: PROVIDER_ROOTS.map((name) => ({ name, message: ROOT_IMPORT_MESSAGE })),
      }],
      // `require('@cdktf/provider-azurerm')` is the same mistake as an import.
      'no-restricted-modules': 'off',
      'no-restricted-syntax': ['error', ...PROVIDER_ROOTS.map((name) => ({
        selector: `CallExpression[callee.name='require'][arguments.0.value='${name}']`,
        message: ROOT_IMPORT_MESSAGE,
      })), ...PROVIDER_ROOTS.map((name) => ({
        selector: `ImportExpression[source.value='${name}']`,
        message: ROOT_IMPORT_MESSAGE,
      }))],
      // Tests and tools read parsed Terraform JSON, which is untyped by nature.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Constructs are made for their side effect on the tree: `new Foo(scope, 'Id', ...)`.
      'no-new': 'off',
      // Non-null assertions are used where a Map lookup was just checked.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // jsii props structs often only extend another: `interface DaemonAppProps extends ClientAppProps {}`.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'prefer-const': 'error',
      'no-var': 'error',
    },
  },
  {
    // CommonJS entry points (the CLI shim) are plain Node scripts.
    files: ['bin/**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Tests and benchmarks load modules by computed path to run them fresh (schema test, bench children).
    files: ['test/**/*.ts', 'bench/**/*.ts', 'examples/**/*.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
