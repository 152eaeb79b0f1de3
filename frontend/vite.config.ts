import { fileURLToPath, URL } from 'node:url'

import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'
import { defineConfig } from 'vite'

/** The Django back end the dev server forwards /api to. */
const BACKEND = process.env.SMEDT_BACKEND_URL ?? 'http://127.0.0.1:8000'

export default defineConfig({
  base: '/',
  plugins: [
    vue(),
    // Element Plus on demand: <el-*> tags in templates are resolved and their CSS imported.
    Components({
      dirs: [],
      resolvers: [ElementPlusResolver({ importStyle: 'css', directives: true })],
      // element-plus/global (tsconfig types) already types every <el-*> tag
      dts: false,
    }),
  ],
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('./src', import.meta.url)),
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': {
        target: BACKEND,
        changeOrigin: true,
        configure(proxy) {
          // Django's CSRF check compares Origin with the host it serves; the dev server
          // runs on another port, so present the request as coming from the back end itself.
          proxy.on('proxyReq', (proxyReq) => {
            if (proxyReq.getHeader('origin')) proxyReq.setHeader('origin', BACKEND)
          })
        },
      },
    },
  },
  build: {
    outDir: 'dist',
    chunkSizeWarningLimit: 800,
    rolldownOptions: {
      output: {
        // long-lived vendor chunks (cached across releases); pages stay split per route,
        // and ECharts is only fetched by the pages that draw a chart
        codeSplitting: {
          groups: [
            { name: 'vendor-echarts', test: /node_modules[\\/](echarts|zrender|vue-echarts)[\\/]/, priority: 30 },
            {
              name: 'vendor-element-plus',
              test: /node_modules[\\/](element-plus|@element-plus|@floating-ui|@popperjs|dayjs|lodash|lodash-es|lodash-unified|async-validator|@ctrl|@sxzz|memoize-one|normalize-wheel-es|@vueuse)[\\/]/,
              priority: 20,
            },
            { name: 'vendor-vue', test: /node_modules[\\/](@vue|vue|vue-router|pinia)[\\/]/, priority: 10 },
          ],
        },
      },
    },
  },
})
