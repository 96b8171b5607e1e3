"""One error hierarchy for everything a user can get wrong; the CLI maps it to exit codes once."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes of the `granularity` command."""

    OK = 0
    #: `check` found something at or above `--fail-on`.
    FINDINGS = 1
    #: Bad usage, a path that is not an app, a configuration mistake.
    USAGE = 2
    #: A bug in granularity itself.
    INTERNAL = 3


class GranularityError(Exception):
    """Base of the errors granularity reports to a person (never with a traceback)."""

    exit_code = ExitCode.USAGE


class UsageError(GranularityError):
    """The command line asks for something that cannot be done (missing path, no Python files)."""


class ConfigError(GranularityError):
    """The configuration is invalid; the message lists every problem at once."""
