"""The linked program graph, cached whole for a run in which no input changed.

Linking reads every file's facts and resolves every call of the app, so on a large
app it costs more than loading the facts of the one file that changed. When nothing
changed at all (the second `check` in a row, a pre-commit run on a clean tree) the
graph itself is loaded instead. Its key hashes everything `link` reads: the key of
every file's facts (which already covers the file's bytes, path, settings and the
extraction code), the files that could not be read and why, the deployment
descriptors, the files discovery skipped, and the linking code itself. A changed
input gives a new key; the few newest graphs are kept, older ones are removed.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import tempfile
from pathlib import Path

from granularity import __version__
from granularity.extract.cache import FactsCache, code_digest
from granularity.model.graph import ProgramGraph

#: Graphs kept in the cache (a branch switch back and forth finds both).
KEEP = 3
_TAG = "granularity-graph"


@functools.lru_cache(maxsize=1)
def linker_digest() -> str:
    """A digest of the code that turns facts into a graph."""
    package = Path(__file__).resolve().parent.parent
    return code_digest([*sorted((package / "link").glob("*.py")), *sorted((package / "model").glob("*.py")),
                        package / "deploy.py"])


def graph_key(parts: list[str]) -> str:
    """One key over every input of `link`, given as text in a fixed order."""
    h = hashlib.sha256()
    for part in (__version__, linker_digest(), *parts):
        h.update(part.encode("utf-8", "surrogateescape"))
        h.update(b"\0")
    return h.hexdigest()


class GraphCache:
    """Reads and writes whole program graphs by key. Never raises on a bad entry."""

    def __init__(self, directory: Path) -> None:
        self.folder = directory / "graph"

    def _entry(self, key: str) -> Path:
        return self.folder / f"{key}.pickle"

    def get(self, key: str) -> ProgramGraph | None:
        try:
            with open(self._entry(key), "rb") as fh:
                stored = pickle.load(fh)
        except Exception:  # missing, truncated, corrupt or from another version: link again
            return None
        if (not isinstance(stored, tuple) or len(stored) != 4 or stored[0] != _TAG
                or stored[1] != __version__ or stored[2] != key or not isinstance(stored[3], ProgramGraph)):
            return None
        try:
            os.utime(self._entry(key))  # most recently used: kept longest
        except OSError:
            pass
        return stored[3]

    def put(self, key: str, graph: ProgramGraph) -> None:
        """Store the graph atomically, then drop all but the newest few."""
        try:
            FactsCache(self.folder.parent).prepare_folder()  # tagged and git-ignored like the facts
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".pickle")
            try:
                with os.fdopen(fd, "wb") as fh:
                    pickle.dump((_TAG, __version__, key, graph), fh, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(tmp, self._entry(key))
            except BaseException:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
                raise
            self._prune()
        except OSError:
            return  # a read-only or full disk costs speed, never the result

    def _prune(self) -> None:
        entries = []
        for path in self.folder.glob("*.pickle"):
            try:
                entries.append((path.stat().st_mtime_ns, path.name, path))
            except OSError:
                continue
        for _, _, path in sorted(entries, reverse=True)[KEEP:]:
            try:
                path.unlink()
            except OSError:
                pass
