/** Loads every widget of the results dashboard in parallel (each its own endpoint) and reloads on demand. */
import { ref, shallowRef } from 'vue'

import {
  durationsGet,
  forecastGet,
  funnelGet,
  kpiGet,
  pilotLevelsGet,
  pilotsGet,
  projectsStageGet,
  projectsTrendGet,
  providersGet,
  signingGet,
  subsidiesGet,
  type Durations,
  type Forecast,
  type Funnel,
  type Kpi,
  type PilotLevels,
  type Pilots,
  type ProjectsStage,
  type ProjectsTrend,
  type Providers,
  type Signing,
  type Subsidies,
} from '@/api/insights'

export function useDashboard() {
  const stage = shallowRef<ProjectsStage | null>(null)
  const trend = shallowRef<ProjectsTrend | null>(null)
  const pilots = shallowRef<Pilots | null>(null)
  const levels = shallowRef<PilotLevels | null>(null)
  const subsidies = shallowRef<Subsidies | null>(null)
  const providers = shallowRef<Providers | null>(null)
  const signing = shallowRef<Signing | null>(null)
  const funnel = shallowRef<Funnel | null>(null)
  const kpi = shallowRef<Kpi | null>(null)
  const durations = shallowRef<Durations | null>(null)
  const forecast = shallowRef<Forecast | null>(null)
  const loading = ref(false)
  const updatedAt = ref<Date | null>(null)

  async function load(): Promise<void> {
    loading.value = true
    const keep = <T>(target: { value: T | null }) => (v: T) => {
      target.value = v
    }
    await Promise.allSettled([
      projectsStageGet().then(keep(stage)),
      projectsTrendGet().then(keep(trend)),
      pilotsGet().then(keep(pilots)),
      pilotLevelsGet().then(keep(levels)),
      subsidiesGet().then(keep(subsidies)),
      providersGet().then(keep(providers)),
      signingGet().then(keep(signing)),
      funnelGet().then(keep(funnel)),
      kpiGet().then(keep(kpi)),
      durationsGet().then(keep(durations)),
      forecastGet().then(keep(forecast)),
    ])
    loading.value = false
    updatedAt.value = new Date()
  }

  return { stage, trend, pilots, levels, subsidies, providers, signing, funnel, kpi, durations, forecast, loading, updatedAt, load }
}

/** Where a dashboard number leads: the list page and its filters, with the description shown above it. */
export interface Drill {
  path: string
  query: Record<string, string | number | boolean>
  label: string
}

export function drillTo(path: string, query: Record<string, string | number | boolean | null | undefined>, label: string): Drill {
  const clean: Record<string, string | number | boolean> = {}
  for (const [k, v] of Object.entries(query)) if (v !== null && v !== undefined && v !== '') clean[k] = v
  return { path, query: clean, label }
}

export function drillLocation(d: Drill): { path: string; query: Record<string, string> } {
  const query: Record<string, string> = { _label: d.label }
  for (const [k, v] of Object.entries(d.query)) query[k] = String(v)
  return { path: d.path, query }
}
