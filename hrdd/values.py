"""Answer values and the sentinels every stage shares, each defined once."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

Value = str | int | float | frozenset[str]
"""An answer in memory, as conditions and scoring read it: an option value, a text or
don't know (str), the options chosen in a multi question (frozenset), a number."""

StoredValue = str | list[str] | int | float
"""An answer as a file writes it: a multi question's options are a list, in file order."""

YES_NO_VALUES: tuple[str, str] = ("yes", "no")
"""The options of a yes/no question that leaves its options implicit."""

DONT_KNOW = "dont_know"
"""The stored value of a "don't know" answer; never a valid option value of its own."""

PREFER_NOT_TO_SAY = "prefer_not_to_say"
"""The stored value of "prefer not to say", offered by sensitive questions; scored as a gap."""


class FrozenModel(BaseModel):
    """Base of every file-format model: immutable, and unknown keys are errors."""

    model_config = ConfigDict(frozen=True, extra="forbid")
