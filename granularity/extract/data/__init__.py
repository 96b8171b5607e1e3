"""Data-access gatherers: ORM models and queries, raw SQL, environment variables, files,
external service clients and remote invocations, and the writes generic views make in
framework code. One module per concern."""

from __future__ import annotations

from granularity.extract.context import Gatherer
from granularity.extract.data.environ import EnvironGatherer
from granularity.extract.data.files import FileGatherer
from granularity.extract.data.generic_views import GenericViewGatherer
from granularity.extract.data.http import HttpGatherer
from granularity.extract.data.orm import OrmGatherer
from granularity.extract.data.services import ServiceGatherer
from granularity.extract.data.sql import SqlGatherer

GATHERERS: list[type[Gatherer]] = [
    OrmGatherer, SqlGatherer, EnvironGatherer, FileGatherer, HttpGatherer, ServiceGatherer,
    GenericViewGatherer,
]
