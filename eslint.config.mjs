// `npm run lint`: typescript-eslint's type-aware rules, and the import boundaries of the layout
// (README, Layout): server -> graphql -> ixopay; auth beside; config below everything; nothing but
// src/app.ts loads the sandbox, and the sandbox uses only ixopay/signature from the gateway.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * A boundary: files matching `files` may not import the top-level modules or folders of src/ named
 * in `layers` (matched on the specifier after its leading `../`s, so a layer's own files never match).
 */
const boundary = (files, layers, message) => ({
  files,
  rules: {
    '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ regex: `^(\\.\\./)+(${layers.join('|')})(/|$)`, message }] }],
  },
});

/** The sandbox, one and two folders deep: anything outside it but ixopay/signature. */
const sandboxOnlySignature = (files, up) => ({
  files,
  rules: {
    '@typescript-eslint/no-restricted-imports': [
      'error',
      { patterns: [{ regex: `^${up}(?!ixopay/signature$)`, message: 'the sandbox uses only ixopay/signature from the gateway' }] },
    ],
  },
});

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'dist-bench/**',
      'node_modules/**',
      'coverage/**',
      'deploy/supergraph/node_modules/**',
      'test-output/**',
      'bench-results/**',
      'dist-test-*/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.js', '*.mjs'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Decorator-heavy type-graphql classes and test doubles need these now and then; said where.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unsafe-argument': 'error',
      '@typescript-eslint/no-unsafe-assignment': 'error',
      '@typescript-eslint/no-unsafe-call': 'error',
      '@typescript-eslint/no-unsafe-member-access': 'error',
      '@typescript-eslint/no-unsafe-return': 'error',
    },
  },
  {
    // Tests poke at JSON bodies of any shape; the unsafe-any family would drown them in casts.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', exports: 'writable', process: 'readonly', __dirname: 'readonly', console: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },

  // The arrows.
  boundary(['src/config/**'], ['server', 'graphql', 'sandbox', 'app', 'main'], 'config is below every layer'),
  boundary(['src/ixopay/**'], ['server', 'graphql', 'auth', 'sandbox', 'app', 'main'], 'ixopay depends on nothing above it'),
  boundary(['src/auth/**'], ['server', 'graphql', 'sandbox', 'app', 'main'], 'auth sits beside graphql, below server'),
  boundary(['src/graphql/**'], ['server', 'sandbox', 'app', 'main'], 'graphql depends on ixopay and auth, never on server'),
  boundary(['src/server/**', 'src/cli/**'], ['sandbox', 'app', 'main'], 'only src/app.ts loads the sandbox'),
  {
    files: ['src/main.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^\\./sandbox(/|$)', message: 'only src/app.ts loads the sandbox' }] },
      ],
    },
  },
  sandboxOnlySignature(['src/sandbox/*.ts'], '\\.\\./'),
  sandboxOnlySignature(['src/sandbox/*/**/*.ts'], '\\.\\./\\.\\./'),
);
