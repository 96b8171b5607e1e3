"""Which files belong to the app, and what each module is called. Nothing more.

A module's name is its dotted path from its source root: the analysed folder itself,
`src/` in a src layout, or roots the app declares (a SAM `CodeUri`, a serverless.yml
handler path, `source-roots` in config). A file under several roots takes the deepest.
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass
from pathlib import Path

#: Folders never part of an app's own source.
SKIP_DIRS = frozenset({
    ".git", ".hg", ".svn", ".tox", ".nox", ".venv", "venv", "env", ".env", "__pycache__",
    "node_modules", "site-packages", ".mypy_cache", ".pytest_cache", ".ruff_cache",
    ".granularity_cache", "build", "dist", ".eggs", ".aws-sam", ".serverless",
})


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One Python file of the app."""

    #: Absolute path.
    path: Path
    #: Path relative to the analysed root, POSIX separators.
    rel: str
    #: Dotted module name.
    module: str
    #: True for `__init__.py`.
    is_package: bool


@dataclass(frozen=True, slots=True)
class Discovery:
    files: tuple[SourceFile, ...]
    #: (relative path, reason) for what was passed over and why.
    skipped: tuple[tuple[str, str], ...]
    roots: tuple[str, ...]


def _gitignore_patterns(root: Path) -> list[str]:
    try:
        text = (root / ".gitignore").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    return [line.strip() for line in text.splitlines()
            if line.strip() and not line.startswith(("#", "!"))]


def _ignored(rel: str, name: str, patterns: list[str]) -> bool:
    for pattern in patterns:
        bare = pattern.strip("/")
        if "/" in bare:
            if fnmatch.fnmatch(rel, bare) or rel.startswith(bare + "/"):
                return True
        elif fnmatch.fnmatch(name, bare):
            return True
    return False


def _walk(root: Path, excludes: list[str]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Every .py file below root, without following links into loops or skipped folders."""
    patterns = _gitignore_patterns(root) + list(excludes)
    found: list[Path] = []
    skipped: list[tuple[str, str]] = []
    seen_dirs: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        current = stack.pop()
        try:
            st = current.stat()
        except OSError as err:
            skipped.append((_rel(current, root), f"unreadable folder: {err.strerror}"))
            continue
        if (st.st_dev, st.st_ino) in seen_dirs:
            skipped.append((_rel(current, root), "folder already visited (symlink loop)"))
            continue
        seen_dirs.add((st.st_dev, st.st_ino))
        try:
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError as err:
            skipped.append((_rel(current, root), f"unreadable folder: {err.strerror}"))
            continue
        for entry in entries:
            path = Path(entry.path)
            rel = _rel(path, root)
            if _ignored(rel, entry.name, patterns):
                continue
            try:
                is_dir = entry.is_dir()
            except OSError:
                continue
            if is_dir:
                if entry.name in SKIP_DIRS or entry.name.startswith(".") or (path / "pyvenv.cfg").exists():
                    continue
                stack.append(path)
            elif entry.name.endswith(".py"):
                try:
                    if not entry.is_file():
                        continue
                except OSError:
                    continue
                found.append(path)
    return found, skipped


def _rel(path: Path, root: Path) -> str:
    """The path relative to the root, always valid UTF-8: bytes of a file name that are not
    (`caf\xe9.py` on a Latin-1 disk) are shown as `\xe9`, so every output can print it."""
    try:
        rel = path.relative_to(root).as_posix()
    except ValueError:
        rel = path.as_posix()
    rel = os.fsencode(rel).decode("utf-8", "backslashreplace")
    return rel or "."


def default_roots(root: Path) -> list[str]:
    """`src/` in a src layout (a `src` folder that is not itself a package), else the root."""
    src = root / "src"
    if src.is_dir() and not (src / "__init__.py").exists() and not (root / "__init__.py").exists():
        return ["", "src"]
    return [""]


def module_name(rel: str, roots: list[str]) -> tuple[str, bool]:
    """Dotted name of a file from the deepest root that holds it."""
    best = ""
    for r in roots:
        if r == "" or rel.startswith(r.rstrip("/") + "/"):
            if len(r) >= len(best):
                best = r
    inner = rel[len(best.rstrip("/")) + 1:] if best else rel
    parts = inner[:-3].split("/")
    is_package = parts[-1] == "__init__"
    if is_package:
        parts = parts[:-1]
    name = ".".join(p for p in parts if p)
    return name or Path(rel).parent.name or "__init__", is_package


def discover(root: Path, roots: list[str] | None = None, excludes: list[str] | None = None) -> Discovery:
    """The app's Python files below `root`, named, sorted by path."""
    root = root.resolve()
    if root.is_file():
        return Discovery((SourceFile(root, root.name, root.stem, False),), (), ("",))
    all_roots = sorted(set(default_roots(root) + list(roots or [])))
    paths, skipped = _walk(root, list(excludes or []))
    files = []
    for path in paths:
        rel = _rel(path, root)
        module, is_package = module_name(rel, all_roots)
        files.append(SourceFile(path, rel, module, is_package))
    files.sort(key=lambda s: s.rel)
    return Discovery(tuple(files), tuple(sorted(skipped)), tuple(all_roots))
