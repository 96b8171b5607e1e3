"""The figures rules are written over: for each subject kind, a flat dict of named values.

Every metric is declared once by the `@metric` decorator (in metrics_function.py and
metrics_units.py, imported at the end of this module): its subject kind, name, type and
description. That declaration *is* the table `granularity rules --metrics`
prints and docs/metrics.md is generated from, so the list cannot drift from the code.
`@location` declares the named places a rule can point its findings at instead of the
subject's own line (the first write of a shared table, the first sleep...).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable

from granularity.evaluate.subjects import SUBJECT_KINDS, Location, Subject

TYPES = ("int", "float", "bool", "str", "list")


@dataclass(frozen=True)
class Metric:
    subject: str
    name: str
    type: str
    description: str
    compute: Callable[[Any], Any]


METRICS: dict[str, dict[str, Metric]] = {kind: {} for kind in SUBJECT_KINDS}
LOCATIONS: dict[str, dict[str, Callable[[Any], Location | None]]] = {kind: {} for kind in SUBJECT_KINDS}


def metric(subject: str, type_: str, description: str) -> Callable:
    """Declare the decorated function as the metric of that name for `subject`."""
    def register(fn: Callable[[Any], Any]) -> Callable[[Any], Any]:
        name = fn.__name__.split("__", 1)[-1]
        METRICS[subject][name] = Metric(subject, name, type_, description, fn)
        return fn
    return register


def location(subject: str, name: str) -> Callable:
    def register(fn: Callable[[Any], Location | None]) -> Callable[[Any], Location | None]:
        LOCATIONS[subject][name] = fn
        return fn
    return register


def figures(subject: Subject, names: set[str] | frozenset[str]) -> dict[str, Any]:
    """The named figures of one subject (only those asked for, computed on demand)."""
    table = METRICS[subject.kind]
    return {n: table[n].compute(subject.view) for n in sorted(names) if n in table}


def metric_types(subject: str) -> dict[str, str]:
    return {name: m.type for name, m in METRICS[subject].items()}


def metric_table() -> list[Metric]:
    """Every metric, by subject kind then name."""
    return [METRICS[k][n] for k in SUBJECT_KINDS for n in sorted(METRICS[k])]


def names(items: Iterable[str]) -> str:
    """`a`, `b` as text."""
    return ", ".join(f"`{i}`" for i in items)


def few(items: Iterable[str], shown: int = 3) -> str:
    """`a, b, c and 4 more`."""
    ordered = sorted(items)
    rest = len(ordered) - shown
    return ", ".join(ordered[:shown]) + (f" and {rest} more" if rest > 0 else "")


def strip(resource: str) -> str:
    """`table:orders` → `orders`."""
    return resource.split(":", 1)[-1]


# The metric definitions register themselves when imported.
from granularity.evaluate import metrics_function, metrics_units  # noqa: E402,F401
