import { api } from './typed'

/** GET /api/workspace/summary — to-dos with deadlines, items in flight, alerts and counters of the signed-in user. */
export const workspaceSummary = () => api.get('/api/workspace/summary')
