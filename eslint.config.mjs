import js from '@eslint/js'
import nextPlugin from '@next/eslint-plugin-next'
import boundaries from 'eslint-plugin-boundaries'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'
import { layerElements, layerFiles, layerPolicies } from './eslint/layers.mjs'

export default tseslint.config(
  { ignores: ['node_modules/', '.next/', '.data/', '.cache/', 'tmp/', 'server/db/generated/', 'next-env.d.ts', 'test-results/', 'playwright-report/'] },
  js.configs.recommended,
  { files: ['**/*.{js,mjs,cjs}'], languageOptions: { globals: globals.node } },
  ...tseslint.configs.recommended,
  {
    plugins: { '@next/next': nextPlugin, 'react-hooks': reactHooks },
    rules: {
      ...nextPlugin.configs.recommended.rules,
      ...nextPlugin.configs['core-web-vitals'].rules,
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },

  // Layers (docs/architecture.md): app → server → (graders, course) → (sandbox, datasets). See eslint/layers.mjs.
  {
    files: ['**/*.{ts,tsx,mjs}'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': layerElements,
      'boundaries/files': layerFiles,
      // Resolves the `@/` alias and `.ts` specifiers the way tsc does.
      'import/resolver': { typescript: { project: './tsconfig.json' } },
    },
    rules: {
      'boundaries/dependencies': ['error', { default: 'disallow', policies: layerPolicies }],
    },
  },

  // The environment is read in one place, server/env.ts (parsed and checked by zod); everything else
  // calls getEnv()/readEnv(), or is handed its settings by its caller.
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    ignores: [
      'server/env.ts',
      // Tool configuration runs before any of our code, in the tool's own process; so does the CLI's
      // launcher, before TypeScript can be loaded.
      '*.config.{ts,mjs,js}',
      'cli/launch.mjs',
      'prisma/*.config.ts',
      // Tests, test helpers, benchmarks and developer scripts set up environments for child processes.
      '**/*.test.ts',
      'tests/**',
      '**/testing/**',
      'bench/**',
      'scripts/**',
      'prisma/new-migration.ts',
    ],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read the environment through server/env.ts (getEnv/readEnv), or take the value as a parameter.' },
      ],
    },
  },
)
