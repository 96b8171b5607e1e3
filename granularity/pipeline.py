"""discover → extract → link: the stages wired together. No terminal I/O here."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from granularity.discover import Discovery, discover
from granularity.errors import UsageError
from granularity.extract.runner import ExtractOptions, extract_prepared, prepare
from granularity.link.build import link
from granularity.link.cache import GraphCache, graph_key
from granularity.model.graph import ProgramGraph

CACHE_DIR_NAME = ".granularity_cache"


@dataclass(frozen=True)
class GraphOptions:
    """How to build the program graph."""

    #: Worker processes for extraction (0 = one per core).
    jobs: int = 0
    use_cache: bool = True
    #: Cache folder; default `<root>/.granularity_cache`.
    cache_dir: Path | None = None
    #: Seconds one file may take.
    timeout: float = 60.0
    #: Extra source roots and exclude patterns (relative to the root).
    roots: tuple[str, ...] = ()
    excludes: tuple[str, ...] = ()
    #: Digest of settings that change extraction.
    settings_digest: str = ""


@dataclass(frozen=True)
class Analysis:
    root: Path
    discovery: Discovery
    graph: ProgramGraph


def check_root(root: Path) -> Path:
    if not os.path.lexists(root):
        raise UsageError(f"{root}: no such file or folder")
    if not root.exists():
        raise UsageError(f"{root}: a broken link")
    if root.is_file() and root.suffix != ".py":
        raise UsageError(f"{root}: not a Python file or a folder")
    return root.resolve()


def build(root: Path, options: GraphOptions | None = None) -> Analysis:
    """Analyse the app at `root` and return its program graph."""
    options = options or GraphOptions()
    root = check_root(root)
    from granularity.deploy import read_descriptors  # deployment descriptors name code roots

    base = root if root.is_dir() else root.parent
    descriptors, descriptor_diags = read_descriptors(base) if root.is_dir() else (None, [])
    roots = list(options.roots) + (list(descriptors.code_roots()) if descriptors else [])
    found = discover(root, roots=roots, excludes=list(options.excludes))
    if not found.files:
        raise UsageError(f"{root}: no Python files found")
    cache_dir = None
    if options.use_cache and root.is_dir():
        cache_dir = options.cache_dir or root / CACHE_DIR_NAME
    extract_options = ExtractOptions(jobs=options.jobs, timeout=options.timeout, cache_dir=cache_dir,
                                     settings_digest=options.settings_digest)
    prepared = prepare(found.files, extract_options)
    key = None
    if cache_dir is not None:
        key = graph_key([root.name, repr(descriptors), repr(descriptor_diags), repr(found.skipped),
                         *(f"{p.source.rel}\0{p.key}\0{p.problem!r}" for p in prepared)])
        graph = GraphCache(cache_dir).get(key)
        if graph is not None:
            return Analysis(root, found, graph)
    facts = extract_prepared(prepared, extract_options)
    graph = link(facts, root.name, descriptors=descriptors, extra_diagnostics=tuple(descriptor_diags),
                 skipped=found.skipped)
    if key is not None and cache_dir is not None and not _timed_out(facts):
        GraphCache(cache_dir).put(key, graph)
    return Analysis(root, found, graph)


def _timed_out(facts) -> bool:
    """A file that hit the time limit may finish next time: such a graph is not kept."""
    return any(d.code == "timeout" for m in facts for d in m.diagnostics)


def build_graph(root: Path, use_cache: bool = True, jobs: int = 0) -> ProgramGraph:
    return build(root, GraphOptions(jobs=jobs, use_cache=use_cache)).graph
