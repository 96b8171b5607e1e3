"""Extract every file of the app: from the cache where possible, else in a process pool.

Each file is extracted under a time limit; a file that hits it becomes a diagnostic.
Results come back in discovery order whatever order the workers finish in.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from granularity.discover import SourceFile
from granularity.extract.cache import FactsCache, cache_key
from granularity.model import facts as f

#: Files larger than this are not Python source anyone wrote by hand.
MAX_FILE_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class ExtractOptions:
    #: Worker processes (1 = in this process).
    jobs: int = 0
    #: Seconds one file may take before it is reported and skipped.
    timeout: float = 60.0
    #: Where the cache lives; None = no cache.
    cache_dir: Path | None = None
    #: Digest of the settings that change extraction (part of every cache key).
    settings_digest: str = ""


class _Timeout(BaseException):
    """Raised by the alarm. Not an `Exception`: the parser's catch-all for odd input would
    report a timeout during the parse as a syntax error."""


def _on_alarm(signum: int, frame: object) -> None:
    raise _Timeout()


def failed(module: str, path: str, is_package: bool, code: str, message: str) -> f.ModuleFacts:
    from granularity.extract.driver import failed as make

    return make(module, path, is_package, code, message)


def _read(sf: SourceFile) -> tuple[bytes | None, f.ModuleFacts | None]:
    try:
        size = sf.path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, failed(sf.module, sf.rel, sf.is_package, "too-large",
                                f"{size:,} bytes is over the {MAX_FILE_BYTES:,}-byte limit for a source file")
        return sf.path.read_bytes(), None
    except OSError as err:
        return None, failed(sf.module, sf.rel, sf.is_package, "unreadable", f"cannot read: {err.strerror or err}")


def _extract_limited(data: bytes, sf: tuple[str, str, bool], timeout: float) -> f.ModuleFacts:
    module, rel, is_package = sf
    # libcst loads only on a cache miss, and before the clock starts: its import is not the file's time.
    from granularity.extract.driver import extract_source

    # The limit is a SIGALRM timer, which only the main thread can set: a caller that runs
    # the pipeline in another thread (an editor, a server) extracts without a limit.
    use_alarm = (timeout > 0 and hasattr(signal, "setitimer")
                 and threading.current_thread() is threading.main_thread())
    if use_alarm:
        previous = signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, timeout)
    # The outer handler also catches a timer that fires after the extraction returned but
    # before the inner `finally` stopped it (the timer fires once, so nothing follows it).
    try:
        try:
            return extract_source(data, module, rel, is_package)
        finally:
            if use_alarm:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, previous)
    except _Timeout:
        return failed(module, rel, is_package, "timeout", f"analysis took longer than {timeout:g} s; skipped")
    except MemoryError:
        return failed(module, rel, is_package, "too-large", "ran out of memory analysing this file")


def _work(item: tuple[bytes, tuple[str, str, bool], float, str | None, str]) -> f.ModuleFacts:
    data, sf, timeout, cache_dir, key = item
    facts = _extract_limited(data, sf, timeout)
    if cache_dir is not None and not any(d.code == "timeout" for d in facts.diagnostics):
        FactsCache(Path(cache_dir)).put(key, facts)
    return facts


@dataclass(frozen=True, slots=True)
class Prepared:
    """A file read and keyed, before its facts are looked up or computed."""

    source: SourceFile
    data: bytes | None
    #: The cache key of its facts ("" without a cache).
    key: str
    #: Facts standing for a file that could not be read.
    problem: f.ModuleFacts | None


def prepare(files: tuple[SourceFile, ...], options: ExtractOptions) -> list[Prepared]:
    """Read every file and compute its cache key; reading fails into a diagnostic."""
    out: list[Prepared] = []
    for sf in files:
        data, problem = _read(sf)
        key = ""
        if data is not None and options.cache_dir:
            key = cache_key(data, sf.rel, sf.module, sf.is_package, options.settings_digest)
        out.append(Prepared(sf, data, key, problem))
    return out


def extract_all(files: tuple[SourceFile, ...], options: ExtractOptions) -> list[f.ModuleFacts]:
    """Facts for every file, in the order given."""
    return extract_prepared(prepare(files, options), options)


def extract_prepared(prepared: list[Prepared], options: ExtractOptions) -> list[f.ModuleFacts]:
    """Facts for every file `prepare` read, in its order: from the cache, else extracted.

    When some files must be extracted and others are in the cache, the extraction starts in
    worker processes first and the cached facts are read meanwhile (one changed file in a
    large app: its extraction and the reading of all the others overlap)."""
    cache = FactsCache(options.cache_dir) if options.cache_dir else None
    cache_dir = str(options.cache_dir) if cache else None
    results: list[f.ModuleFacts | None] = [None] * len(prepared)

    def work_item(item: Prepared) -> tuple:
        sf = item.source
        return (item.data, (sf.module, sf.rel, sf.is_package), options.timeout, cache_dir, item.key)

    todo: list[tuple[int, tuple]] = []
    stored: list[int] = []
    for i, item in enumerate(prepared):
        if item.problem is not None:
            results[i] = item.problem
        elif cache is not None and cache.has(item.key):
            stored.append(i)
        else:
            todo.append((i, work_item(item)))
    running = _Started(_largest_first(todo), options.jobs, background=bool(stored))
    late: list[tuple[int, tuple]] = []
    try:
        for i in stored:
            hit = cache.get(prepared[i].key) if cache else None
            if hit is None:  # truncated, corrupt or from another version: extract it again
                late.append((i, work_item(prepared[i])))
            else:
                results[i] = hit
    except BaseException:
        running.cancel()
        raise
    for i, facts in running.results():
        results[i] = facts
    for i, facts in _Started(_largest_first(late), options.jobs, background=False).results():
        results[i] = facts
    return [r for r in results if r is not None]


def _largest_first(todo: list[tuple[int, tuple]]) -> list[tuple[int, tuple]]:
    """Largest files first, so that no worker is left with a big file at the end."""
    return sorted(todo, key=lambda t: (-len(t[1][0]), t[0]))


class _Started:
    """Extraction of `todo`, started in worker processes at once when `background` is asked
    and more than one worker is allowed; otherwise run when its results are asked for."""

    def __init__(self, todo: list[tuple[int, tuple]], jobs: int, background: bool) -> None:
        self.items = [item for _, item in todo]
        self.indexes = [i for i, _ in todo]
        self.jobs = jobs
        self.pool: ProcessPoolExecutor | None = None
        allowed = jobs if jobs > 0 else (os.cpu_count() or 1)
        if self.items and background and allowed > 1 and os.name == "posix":
            self.pool = ProcessPoolExecutor(max_workers=min(allowed, len(self.items)),
                                            mp_context=multiprocessing.get_context("fork"))
            try:
                chunk = max(1, min(16, len(self.items) // (allowed * 8)))
                self.running = self.pool.map(_work, self.items, chunksize=chunk)
            except BaseException:
                self.cancel()
                raise

    def results(self) -> list[tuple[int, f.ModuleFacts]]:
        if self.pool is None:
            return list(zip(self.indexes, _run(self.items, self.jobs)))
        try:
            return list(zip(self.indexes, self.running))
        finally:
            self.pool.shutdown()

    def cancel(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


def _run(items: list[tuple], jobs: int) -> list[f.ModuleFacts]:
    workers = jobs if jobs > 0 else (os.cpu_count() or 1)
    workers = min(workers, len(items))
    if workers <= 1 or len(items) < 4:
        return [_work(item) for item in items]
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    chunk = max(1, min(16, len(items) // (workers * 8)))
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return list(pool.map(_work, items, chunksize=chunk))
