/** Project endpoints added for my_actions follow-ups (assessment picker, expert scores, satisfaction). */
import { download } from '@/api/http'
import type { components } from '@/api/schema'
import { api } from '@/api/typed'

type S = components['schemas']
export type AssessmentOption = S['AssessmentOptionOut']
export type ExpertScoring = S['ExpertScoringOut']
export type Satisfaction = S['SatisfactionOut']

const pid = (project_id: number) => ({ path: { project_id } })

/** Submitted self-assessments and on-site ratings of the project's enterprise (parties only). */
export const assessmentCandidates = (id: number) => api.get('/api/projects/{project_id}/assessments', pid(id))
export const expertScoreSubmit = (id: number, marks: Record<string, string>, opinion: string) =>
  api.post('/api/projects/{project_id}/expert-scores', { ...pid(id), body: { marks, opinion } })
export const satisfactionRate = (id: number, stars: number, comment: string) =>
  api.post('/api/projects/{project_id}/satisfaction', { ...pid(id), body: { stars, comment } })

/** One of the project's documents (diagnosis report, log attachment, invoice, payment proof), readable by
 *  everyone who sees the project — /api/files/{id}/download only serves the uploader's side. */
export const projectFileDownload = (projectId: number, fileId: string, name?: string) =>
  download(`/api/projects/${projectId}/files/${encodeURIComponent(fileId)}`, undefined, name)
