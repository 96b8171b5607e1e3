"""Entry-point gatherers, one module per framework, all with the same small interface:
a `Gatherer` subclass that appends `EntryPoint`, `Router`, `Mount` or `UrlPattern` facts.
Adding a framework is adding a module here and listing its gatherer in `GATHERERS`."""

from __future__ import annotations

from granularity.extract.context import Gatherer

GATHERERS: list[type[Gatherer]] = []

from granularity.extract.frameworks.chalice import ChaliceGatherer  # noqa: E402
from granularity.extract.frameworks.django import DjangoGatherer  # noqa: E402
from granularity.extract.frameworks.fastapi import DependsGatherer, FastAPIGatherer  # noqa: E402
from granularity.extract.frameworks.flask import FlaskGatherer, RequestHookGatherer  # noqa: E402

GATHERERS += [FlaskGatherer, RequestHookGatherer, FastAPIGatherer, DependsGatherer, DjangoGatherer, ChaliceGatherer]

from granularity.extract.frameworks.aws import LambdaHandlerGatherer  # noqa: E402
from granularity.extract.frameworks.celery import CeleryGatherer  # noqa: E402
from granularity.extract.frameworks.cli import CliGatherer  # noqa: E402
from granularity.extract.frameworks.signals import SignalGatherer  # noqa: E402

GATHERERS += [CeleryGatherer, CliGatherer, SignalGatherer, LambdaHandlerGatherer]
