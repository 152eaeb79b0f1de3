// Flat config: Vue 3 essentials + typescript-eslint recommended, for .ts and .vue files.
import { defineConfigWithVueTs, vueTsConfigs } from '@vue/eslint-config-typescript'
import pluginVue from 'eslint-plugin-vue'
import globals from 'globals'

export default defineConfigWithVueTs(
  {
    name: 'smedt/files-to-lint',
    files: ['**/*.{ts,mts,tsx,vue}'],
  },
  {
    name: 'smedt/files-to-ignore',
    ignores: ['dist/**', 'coverage/**', 'node_modules/**', 'src/api/schema.d.ts'],
  },
  pluginVue.configs['flat/recommended'],
  vueTsConfigs.recommended,
  {
    name: 'smedt/rules',
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      // Pages are list.vue / index.vue / 403.vue by the house layout (STYLE.md, front end).
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': ['warn', { html: { void: 'always', normal: 'never', component: 'always' } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    name: 'smedt/tests',
    files: ['src/**/__tests__/**', 'src/test/**'],
    rules: { 'vue/one-component-per-file': 'off' },
  },
  {
    name: 'smedt/node-files',
    files: ['*.config.{js,ts}'],
    languageOptions: { globals: { ...globals.node } },
  },
)
