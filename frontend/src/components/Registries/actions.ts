/**
 * The buttons a row offers come from the back end's `allowed_actions` (computed for the signed-in user from
 * the row's status, the user's scope and the facts the server knows: deadlines, open objections…). Pure.
 */

export interface HasActions {
  allowed_actions?: readonly string[] | null
}

/** Whether the server lets the current user perform `action` on the row now. */
export function allows(row: HasActions | null | undefined, action: string): boolean {
  return Boolean(row?.allowed_actions?.includes(action))
}

/** The row's allowed actions among `known`, in the order of `known` (unknown actions are ignored). */
export function allowedAmong<A extends string>(row: HasActions | null | undefined, known: readonly A[]): A[] {
  const allowed = new Set(row?.allowed_actions ?? [])
  return known.filter((a) => allowed.has(a))
}
