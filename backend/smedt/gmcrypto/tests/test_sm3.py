"""SM3 against the GB/T 32905-2016 examples and two independent implementations."""

from __future__ import annotations

import gmssl_fast
from gmssl import sm3 as pure_sm3  # type: ignore[import-untyped,unused-ignore]
from hypothesis import given
from hypothesis import strategies as st

from smedt.gmcrypto.sm3 import Sm3Hasher, sm3_digest, sm3_hex

# GB/T 32905-2016, Appendix A: example 1 ("abc") and example 2 (64 bytes).
ABC_DIGEST = "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
ABCD16_DIGEST = "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"
EMPTY_DIGEST = "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b"


def test_standard_example_abc() -> None:
    assert sm3_hex(b"abc") == ABC_DIGEST
    assert sm3_digest(b"abc") == bytes.fromhex(ABC_DIGEST)


def test_standard_example_64_bytes() -> None:
    assert sm3_hex(b"abcd" * 16) == ABCD16_DIGEST


def test_empty_input() -> None:
    assert sm3_hex(b"") == EMPTY_DIGEST


def test_hasher_matches_one_shot_and_can_continue_after_digest() -> None:
    # given a hasher fed in pieces, with a digest taken midway
    hasher = Sm3Hasher(b"ab")
    hasher.update(b"c")
    midway = hasher.hexdigest()
    hasher.update(b"d" * 100)

    # then the midway digest is that of the prefix and the state carried on
    assert midway == ABC_DIGEST
    assert hasher.hexdigest() == sm3_hex(b"abc" + b"d" * 100)
    assert hasher.digest() == sm3_digest(b"abc" + b"d" * 100)  # repeatable


def test_hasher_copy_is_independent() -> None:
    original = Sm3Hasher(b"ab")
    clone = original.copy()
    clone.update(b"c")
    original.update(b"x")
    assert clone.hexdigest() == ABC_DIGEST
    assert original.hexdigest() == sm3_hex(b"abx")
    assert (Sm3Hasher.name, Sm3Hasher.digest_size, Sm3Hasher.block_size) == (
        "sm3",
        32,
        64,
    )


@given(
    data=st.binary(max_size=300),
    cuts=st.lists(st.integers(min_value=0, max_value=300), max_size=5),
)
def test_streaming_in_any_chunks_equals_one_shot(data: bytes, cuts: list[int]) -> None:
    hasher = Sm3Hasher()
    start = 0
    for cut in sorted(min(c, len(data)) for c in cuts):
        hasher.update(data[start:cut])
        start = cut
    hasher.update(data[start:])
    assert hasher.digest() == sm3_digest(data)


@given(data=st.binary(max_size=200))
def test_agrees_with_gmssl_fast_and_pure_python_gmssl(data: bytes) -> None:
    expected = sm3_hex(data)
    assert gmssl_fast.sm3_hex(data) == expected
    assert pure_sm3.sm3_hash(list(data)) == expected
