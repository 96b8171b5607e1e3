"""Data-access gatherers: ORM models and queries, raw SQL, environment variables, files,
external service clients and remote invocations. One module per concern."""

from __future__ import annotations

from granularity.extract.context import Gatherer

GATHERERS: list[type[Gatherer]] = []
