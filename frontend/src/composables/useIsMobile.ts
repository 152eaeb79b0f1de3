import { onBeforeUnmount, ref, type Ref } from 'vue'

/** Phone width: below this the workspace menu becomes a drawer and forms stack. */
export const MOBILE_QUERY = '(max-width: 768px)'

/** Reactive "is this a phone-width screen", following rotations and window resizes. */
export function useIsMobile(): Ref<boolean> {
  const media = typeof window !== 'undefined' && window.matchMedia ? window.matchMedia(MOBILE_QUERY) : null
  const mobile = ref(media?.matches ?? false)
  const onChange = (e: MediaQueryListEvent) => {
    mobile.value = e.matches
  }
  media?.addEventListener('change', onChange)
  onBeforeUnmount(() => media?.removeEventListener('change', onChange))
  return mobile
}
