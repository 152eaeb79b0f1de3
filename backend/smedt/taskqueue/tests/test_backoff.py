"""The retry delay: exponential, capped, jittered — a pure function, tested without a database."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smedt.taskqueue.retry import RetryPolicy, backoff_seconds

attempts = st.integers(min_value=1, max_value=10_000)
delays = st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False)
jitters = st.floats(min_value=0, max_value=1)


@given(a=attempts, b=attempts, base=delays, cap=delays, jitter=jitters)
def test_backoff_never_decreases_with_the_attempt(a: int, b: int, base: float, cap: float, jitter: float) -> None:
    low, high = sorted((a, b))
    assert backoff_seconds(low, base_delay=base, max_delay=cap, jitter=jitter) <= backoff_seconds(
        high, base_delay=base, max_delay=cap, jitter=jitter
    )


@given(attempt=attempts, base=delays, cap=delays, jitter=jitters)
def test_backoff_stays_within_half_the_delay_and_the_cap(attempt: int, base: float, cap: float, jitter: float) -> None:
    delay = backoff_seconds(attempt, base_delay=base, max_delay=cap, jitter=jitter)
    full = min(cap, base * 2 ** min(attempt - 1, 63))
    assert 0 <= delay <= cap
    assert full / 2 <= delay <= full * (1 + 1e-12)


@given(attempt=attempts, base=delays, cap=delays)
def test_policy_delay_is_jittered_but_bounded(attempt: int, base: float, cap: float) -> None:
    seconds = RetryPolicy(base_delay=base, max_delay=cap).delay_after(attempt).total_seconds()
    assert 0 <= seconds <= cap + 1e-6


def test_backoff_doubles_until_the_cap() -> None:
    # given no jitter spread, when attempts go on, then 5, 10, 20, … seconds up to the cap
    delays = [backoff_seconds(n, base_delay=5, max_delay=60, jitter=1.0) for n in range(1, 7)]
    assert delays == [5, 10, 20, 40, 60, 60]


@pytest.mark.parametrize("kwargs", [{"attempt": 0}, {"attempt": 1, "jitter": 1.5}, {"attempt": 1, "base_delay": -1}])
def test_backoff_refuses_nonsense(kwargs: dict[str, float]) -> None:
    args = {"base_delay": 5.0, "max_delay": 60.0, **kwargs}
    attempt = int(args.pop("attempt"))
    with pytest.raises(ValueError):
        backoff_seconds(attempt, **args)
