"""A content-addressed cache of per-file facts under `.granularity_cache/`.

An entry's key hashes the file's bytes, its path and module name, the tool version,
the facts version and the settings that change extraction; timestamps play no part.
Entries are written atomically (temporary file, then rename), so runs that share the
cache never see half an entry; an entry that fails to load is recomputed.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import tempfile
from pathlib import Path

from granularity import __version__
from granularity.model import facts as f

CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by granularity.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)


def code_digest(paths: list[Path]) -> str:
    """A short digest of some source files of this tool (names and bytes, in the order given)."""
    h = hashlib.sha256()
    for path in paths:
        h.update(path.name.encode())
        try:
            h.update(path.read_bytes())
        except OSError:
            pass
    return h.hexdigest()[:16]


@functools.lru_cache(maxsize=1)
def extractor_digest() -> str:
    """A digest of the extraction code itself, so that a changed gatherer never reads
    facts an older one wrote, even before the version number moves."""
    package = Path(__file__).resolve().parent
    return code_digest(sorted([*package.rglob("*.py"), package.parent / "model" / "facts.py"]))


def cache_key(data: bytes, rel: str, module: str, is_package: bool, settings_digest: str) -> str:
    h = hashlib.sha256()
    for part in (__version__, str(f.FACTS_VERSION), extractor_digest(), settings_digest, rel, module,
                 str(is_package)):
        h.update(part.encode("utf-8", "surrogateescape"))
        h.update(b"\0")
    h.update(data)
    return h.hexdigest()


class FactsCache:
    """Reads and writes `ModuleFacts` by key. Never raises on a bad entry."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._ready = False

    def _entry(self, key: str) -> Path:
        return self.directory / "facts" / key[:2] / f"{key}.pickle"

    def has(self, key: str) -> bool:
        """Whether an entry is stored under the key (it may still turn out unreadable)."""
        return self._entry(key).is_file()

    def get(self, key: str) -> f.ModuleFacts | None:
        try:
            with open(self._entry(key), "rb") as fh:
                stored = pickle.load(fh)
        except FileNotFoundError:
            return None
        except Exception:  # truncated, corrupt or from another version: recompute
            return None
        if (not isinstance(stored, tuple) or len(stored) != 4 or stored[0] != "granularity-facts"
                or stored[1] != __version__ or stored[2] != key or not isinstance(stored[3], f.ModuleFacts)):
            return None
        return stored[3]

    def put(self, key: str, facts: f.ModuleFacts) -> None:
        try:
            self.prepare_folder()
            target = self._entry(key)
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".pickle")
            try:
                with os.fdopen(fd, "wb") as fh:
                    pickle.dump(("granularity-facts", __version__, key, facts), fh, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(tmp, target)
            except BaseException:
                _unlink(tmp)
                raise
        except OSError:
            return  # a read-only or full disk costs speed, never the result

    def prepare_folder(self) -> None:
        if self._ready:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        for name, text in (("CACHEDIR.TAG", CACHEDIR_TAG), (".gitignore", "# Created by granularity.\n*\n")):
            path = self.directory / name
            if not path.exists():
                fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".tmp-")
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    fh.write(text)
                os.replace(tmp, path)
        self._ready = True


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
