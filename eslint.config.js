import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // test/package/consumer is a separate project's code, type-checked there (test/package).
  { ignores: ['dist/**', 'node_modules/**', 'eslint.config.js', 'test/package/consumer/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['scripts/*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // The deterministic core: no wall clock, no real randomness, no real timers, no I/O.
    files: ['src/sim/**/*.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'Use the virtual clock.' },
        { name: 'setInterval', message: 'Use the virtual clock.' },
        { name: 'setImmediate', message: 'Use the virtual clock.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Wall clock: build Dates from the virtual clock only.',
        },
        {
          selector: "MemberExpression[object.name='Date'][property.name='now']",
          message: 'Use the virtual clock.',
        },
        { selector: "MemberExpression[object.name='performance']", message: 'Use the virtual clock.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use the seeded random stream.' },
        { object: 'crypto', property: 'randomUUID', message: 'Use the seeded random stream.' },
      ],
      'no-restricted-imports': [
        'error',
        { patterns: ['node:*', '../../adapters/*', '../adapters/*', '**/adapters/**', '**/cli/**'] },
      ],
    },
  },
  {
    // Plain Node scripts: checked by the recommended rules, without type information.
    files: ['scripts/**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly' } },
  },

  {
    files: ['src/adapters/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/cli/**'] }] },
  },
);
