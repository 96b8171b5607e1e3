"""discover → extract → link: the stages wired together, with no terminal I/O."""

from __future__ import annotations

from pathlib import Path

from granularity.discover import discover
from granularity.extract.driver import extract_source, failed
from granularity.link.build import link
from granularity.model import facts as f
from granularity.model.graph import ProgramGraph


def read_facts(source_file) -> f.ModuleFacts:
    try:
        data = source_file.path.read_bytes()
    except OSError as err:
        return failed(source_file.module, source_file.rel, source_file.is_package,
                      "unreadable", f"cannot read: {err.strerror or err}")
    return extract_source(data, source_file.module, source_file.rel, source_file.is_package)


def build_graph(root: Path, use_cache: bool = True, jobs: int | None = None) -> ProgramGraph:
    found = discover(root)
    facts = [read_facts(sf) for sf in found.files]
    return link(facts, str(root))
