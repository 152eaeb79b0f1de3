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
  },
})
