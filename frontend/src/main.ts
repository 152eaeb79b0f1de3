import { createPinia } from 'pinia'
import { createApp } from 'vue'

// Element Plus: components are imported on demand (vite.config.ts); these are the
// services called from code, plus the base theme.
import 'element-plus/theme-chalk/base.css'
import 'element-plus/es/components/message/style/css'
import 'element-plus/es/components/message-box/style/css'
import 'element-plus/es/components/notification/style/css'
import 'element-plus/es/components/loading/style/css'
import './styles/index.css'

import { ensureCsrf } from './api/auth'
import { installHttpHooks } from './api/hooks'
import App from './App.vue'
import { installAccess } from './directives/access'
import { createAppRouter } from './router'
import { useAuthStore } from './stores/auth'

async function bootstrap(): Promise<void> {
  const app = createApp(App)
  const pinia = createPinia()
  app.use(pinia)
  const router = createAppRouter()
  installHttpHooks(router)
  installAccess(app)

  // The csrftoken cookie must exist before the first POST; the branding is optional.
  await Promise.allSettled([ensureCsrf(), useAuthStore(pinia).loadSite()])

  app.use(router)
  await router.isReady()
  app.mount('#app')
}

void bootstrap()
