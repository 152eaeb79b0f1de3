import { download, http } from './http'
import type { FileOut } from './types'

/** POST /api/files (multipart `file`, optional `purpose`). */
export function fileUpload(file: File, purpose?: string): Promise<FileOut> {
  const form = new FormData()
  form.append('file', file)
  if (purpose) form.append('purpose', purpose)
  return http.post<FileOut>('/files', form)
}

export const fileDownload = (id: number | string, name?: string) => download(`/files/${id}/download`, undefined, name)
