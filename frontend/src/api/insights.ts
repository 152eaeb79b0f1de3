/** /api/insights — the results dashboard (one endpoint per widget) and the progress report (exported through /api/exports). One function per endpoint. */
import type { components } from './schema'
import { api, type QueryOf } from './typed'
import type { ListQuery } from './types'

type S = components['schemas']
export type ProjectsStage = S['ProjectsStageOut']
export type ProjectsTrend = S['ProjectsTrendOut']
export type Pilots = S['PilotsOut']
export type PilotLevels = S['PilotLevelsOut']
export type Subsidies = S['SubsidiesOut']
export type Providers = S['ProvidersOut']
export type Signing = S['SigningOut']
export type Funnel = S['FunnelOut']
export type Kpi = S['KpiOut']
export type Durations = S['DurationsOut']
export type Forecast = S['ForecastOut']
export type ProgressRow = S['ProgressRowOut']
export type KpiBelowRow = S['KpiBelowRowOut']
export type PublicSummary = S['PublicSummaryOut']
export type CityMap = S['MapOut']

export const projectsStageGet = () => api.get('/api/insights/widgets/projects-stage')
export const projectsTrendGet = () => api.get('/api/insights/widgets/projects-trend')
export const pilotsGet = () => api.get('/api/insights/widgets/pilots')
export const pilotLevelsGet = () => api.get('/api/insights/widgets/pilot-levels')
export const subsidiesGet = () => api.get('/api/insights/widgets/subsidies')
export const providersGet = () => api.get('/api/insights/widgets/providers')
export const signingGet = () => api.get('/api/insights/widgets/signing')
export const funnelGet = () => api.get('/api/insights/widgets/funnel')
export const kpiGet = () => api.get('/api/insights/widgets/kpi')
export const durationsGet = () => api.get('/api/insights/widgets/durations')
export const forecastGet = () => api.get('/api/insights/widgets/forecast')

export const progressList = (query: ListQuery) =>
  api.get('/api/insights/progress', { query: query as QueryOf<'/api/insights/progress', 'get'> })
export const kpiBelowList = (query: ListQuery) =>
  api.get('/api/insights/kpi/below', { query: query as QueryOf<'/api/insights/kpi/below', 'get'> })


export const cityMapGet = () => api.get('/api/insights/map')
export const publicSummaryGet = () => api.get('/api/insights/public')
