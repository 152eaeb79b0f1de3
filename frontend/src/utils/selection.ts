/** Helpers shared by selection forms (provider selection): deadlines and exact score totals. Pure. */

const pad = (n: number): string => String(n).padStart(2, '0')

/** A Date as local ISO 8601 with its offset, the date picker's value format: 2026-12-26T17:30:00+08:00. */
export function localIso(d: Date): string {
  const off = -d.getTimezoneOffset()
  const sign = off >= 0 ? '+' : '-'
  const tz = `${sign}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}${tz}`
}

/** Default deadline: 30 days from now at 17:30. */
export function defaultDeadline(now: Date = new Date()): string {
  const d = new Date(now.getTime() + 30 * 86400_000)
  d.setHours(17, 30, 0, 0)
  return localIso(d)
}

/** Sum of the marks typed so far (blank items count 0), one decimal. */
export function scoreTotal(marks: Record<string, number | null | undefined>): string {
  const sum = Object.values(marks).reduce<number>((acc, v) => acc + (typeof v === 'number' && Number.isFinite(v) ? v : 0), 0)
  return sum.toFixed(1)
}
