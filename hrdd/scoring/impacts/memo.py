"""A bounded memo that keeps the entries in use: two generations of a plain dict.

New entries go into the young generation; when it is full it becomes the old one and the
previous old one is dropped. An entry found in the old generation moves back to the young
one, so an entry used again within a generation's lifetime is never dropped, while the memo
never holds more than twice its generation's size. Cheaper than an LRU's per-hit
bookkeeping, and unlike starting again when full it does not throw the hot entries away.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Final, Generic, TypeVar, TypeVarTuple, Unpack

K = TypeVar("K")
V = TypeVar("V")
Args = TypeVarTuple("Args")


class Missing(enum.Enum):
    """The answer of `Memo.find` for a key it does not hold (a value may itself be None)."""

    MISSING = enum.auto()


MISSING: Final = Missing.MISSING


class Memo(Generic[K, V]):
    """A memo of at most ``2 * generation`` entries that keeps those used recently."""

    __slots__ = ("generation", "old", "young")

    def __init__(self, generation: int) -> None:
        """Start empty; each generation holds at most ``generation`` entries."""
        self.generation = generation
        self.young: dict[K, V] = {}
        self.old: dict[K, V] = {}

    def __len__(self) -> int:
        """Return how many entries are held, in both generations."""
        return len(self.young) + len(self.old)

    def find(self, key: K) -> V | Missing:
        """Return the value kept for ``key``, or `MISSING`."""
        found = self.young.get(key, MISSING)
        if found is MISSING:
            found = self.old.get(key, MISSING)
            if found is not MISSING:
                self.keep(key, found)
        return found

    def keep(self, key: K, value: V) -> V:
        """Keep ``value`` for ``key`` and return it."""
        young = self.young
        if len(young) >= self.generation:
            self.old = young
            young = self.young = {}
        young[key] = value
        return value

    def get(self, key: K, make: Callable[[Unpack[Args]], V], *args: *Args) -> V:
        """Return the value kept for ``key``, or keep and return ``make(*args)``."""
        found = self.find(key)
        if found is MISSING:
            found = self.keep(key, make(*args))
        return found
