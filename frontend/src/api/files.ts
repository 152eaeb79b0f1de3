import { download } from './http'
import { api } from './typed'

/** POST /api/files (multipart `file`, optional `purpose`). */
export function fileUpload(file: File, purpose?: string) {
  const form = new FormData()
  form.append('file', file)
  if (purpose) form.append('purpose', purpose)
  return api.post('/api/files', { body: form })
}

export const fileDownload = (fileId: string, name?: string) =>
  download(`/api/files/${encodeURIComponent(fileId)}/download`, undefined, name)
