"""The one exception root: every HrddError's text is meant for the user."""

from __future__ import annotations


class HrddError(Exception):
    """An expected error whose message is shown to the user as it is, without a traceback.

    The CLI maps it to exit code 2 (usage or input error) unless a subclass says otherwise.
    """

    exit_code: int = 2


class InputError(HrddError):
    """A file the user named cannot be read, decoded or parsed well enough to go on."""


class UsageError(HrddError):
    """The command line asks for something that cannot be done."""


class TemplateError(HrddError):
    """A report template failed to load or render; the message names template and line."""


class OutputClosedError(HrddError):
    """The program reading hrdd's output went away (``hrdd ... | head``); nothing to say."""

    exit_code = 141
