import { computed, onBeforeUnmount, ref } from 'vue'

/** A seconds countdown (the "resend the SMS code in 60 s" button); stops itself and on unmount. */
export function useCountdown(seconds = 60) {
  const left = ref(0)
  let timer: ReturnType<typeof setInterval> | null = null

  function stop(): void {
    if (timer !== null) clearInterval(timer)
    timer = null
    left.value = 0
  }

  function start(): void {
    stop()
    left.value = seconds
    timer = setInterval(() => {
      left.value -= 1
      if (left.value <= 0) stop()
    }, 1000)
  }

  onBeforeUnmount(stop)

  return { left, running: computed(() => left.value > 0), start, stop }
}
