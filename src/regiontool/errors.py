"""One exception hierarchy: the CLI turns each into a one-line message and an exit code."""

from __future__ import annotations


class RegiontoolError(Exception):
    """Base of every error a user can cause; never shown with a traceback."""

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None, *, zh: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.zh = zh  # the whole line in Chinese, for what is read in Chinese (the report's sheets)

    def __str__(self) -> str:
        return f"{self.message} — {self.hint}" if self.hint else self.message

    def text(self, lang: str = "zh") -> str:
        """The line in the output's language: the Chinese one when there is one and lang is zh."""
        return self.zh if lang == "zh" and self.zh else str(self)


class DataError(RegiontoolError):
    """The input data cannot be used as it is (exit code 1)."""

    exit_code = 1


class UsageError(RegiontoolError):
    """The command line asks for something impossible (exit code 2)."""

    exit_code = 2


class FileReadError(DataError):
    """A file is missing, unreadable, encrypted, corrupt or empty."""


class LayoutError(DataError):
    """No contact table can be found in the file."""


class OwnOutputError(LayoutError):
    """The table is one regiontool wrote (a plan, list or problems table saved again by the user):
    no input. `why` is its io.read.set_aside reason (own_plan, own_table)."""

    def __init__(self, message: str, *args, why: str = "", **kwargs):
        super().__init__(message, *args, **kwargs)
        self.why = why


class WorkspaceError(DataError):
    """The workspace database is unusable (wrong schema, locked, corrupt)."""


class OutputError(UsageError):
    """An output path is refused (it is an input file, or its folder is missing)."""


class OutputWriteError(DataError):
    """An output file cannot be written where it was asked for (a read-only folder, a full disk,
    a name too long): the system refused it, not the command line (exit code 1)."""

    path = None  # the file that failed (io.write.cannot_write_file): an outer write relabels only its own


class Terminated(KeyboardInterrupt):
    """SIGTERM (kill, timeout, a service stopping): the command stops as it does on Ctrl-C — the
    same clean-up and one line — with exit code 143 (128 + 15) instead of 130."""

    exit_code = 143
