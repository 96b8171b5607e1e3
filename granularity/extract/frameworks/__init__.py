"""Entry-point gatherers, one module per framework, all with the same small interface:
a `Gatherer` subclass that appends `EntryPoint`, `Router`, `Mount` or `UrlPattern` facts.
Adding a framework is adding a module here and listing its gatherer in `GATHERERS`."""

from __future__ import annotations

from granularity.extract.context import Gatherer

GATHERERS: list[type[Gatherer]] = []
