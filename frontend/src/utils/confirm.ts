import { ElMessage, ElMessageBox } from 'element-plus'

import { isApiError } from '@/api/http'

/** Asks before a destructive or important action; resolves false when the user cancels. */
export async function confirm(message: string, title = '请确认', type: 'warning' | 'info' = 'warning'): Promise<boolean> {
  try {
    await ElMessageBox.confirm(message, title, {
      type,
      confirmButtonText: '确定',
      cancelButtonText: '取消',
      autofocus: false,
    })
    return true
  } catch {
    return false
  }
}

/**
 * confirm → run → success message. Returns whether the action ran and succeeded.
 * API errors were already shown by the http layer.
 */
export async function confirmAction(
  message: string,
  action: () => Promise<unknown>,
  successMessage = '操作成功',
): Promise<boolean> {
  if (!(await confirm(message))) return false
  try {
    await action()
  } catch (err) {
    if (!isApiError(err)) ElMessage.error('操作失败')
    return false
  }
  ElMessage.success(successMessage)
  return true
}
