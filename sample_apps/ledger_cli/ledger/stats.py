"""Counters and timings for the current run, written to the audit log."""
import time
from collections import Counter

_counters: Counter = Counter()
_timings: dict[str, float] = {}


def bump(name: str, amount: int = 1) -> None:
    _counters[name] += amount


class timed:
    """``with timed("match"):`` adds the block's wall time to the ``match`` timing."""

    def __init__(self, name: str):
        self.name = name
        self.started = 0.0

    def __enter__(self) -> "timed":
        self.started = time.perf_counter()
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        elapsed = time.perf_counter() - self.started
        _timings[self.name] = _timings.get(self.name, 0.0) + elapsed
        return False


def snapshot() -> dict:
    return {"counters": dict(_counters), "timings": {k: round(v, 4) for k, v in _timings.items()}}
