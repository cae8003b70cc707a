"""The engine's bounded memo: two generations that keep the entries in use."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from hrdd.scoring.impacts.memo import MISSING, Memo


def test_a_value_of_none_is_kept_and_told_from_a_missing_key() -> None:
    memo: Memo[str, int | None] = Memo(4)
    assert memo.find("closed") is MISSING
    assert memo.keep("closed", None) is None
    assert memo.find("closed") is None
    assert memo.get("closed", lambda: 1) is None


def test_get_makes_a_value_once() -> None:
    memo: Memo[int, str] = Memo(4)
    made: list[int] = []

    def make(n: int) -> str:
        made.append(n)
        return f"v{n}"

    assert [memo.get(n % 3, make, n % 3) for n in range(9)] == ["v0", "v1", "v2"] * 3
    assert made == [0, 1, 2]


def test_an_entry_used_in_every_generation_is_never_dropped() -> None:
    memo: Memo[int, int] = Memo(3)
    memo.keep(-1, -1)
    for n in range(100):
        memo.keep(n, n)
        assert memo.find(-1) == -1
    # A key not used again is dropped after two generations.
    assert memo.find(0) is MISSING


@given(st.lists(st.integers(0, 50), max_size=300), st.integers(1, 8))
def test_the_memo_holds_at_most_two_generations_and_answers_truly(
    keys: list[int], generation: int
) -> None:
    memo: Memo[int, int] = Memo(generation)
    for key in keys:
        assert memo.get(key, lambda k: k * 2, key) == key * 2
        assert len(memo) <= 2 * generation
