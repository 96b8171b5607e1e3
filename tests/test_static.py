"""Static means static: analysing an app never imports or runs any of its code."""

from __future__ import annotations

import sys
import textwrap

import pytest

from granularity.partition.propose import Partitioner
from granularity.pipeline import GraphOptions, build

HOSTILE = textwrap.dedent('''
    import os, socket, sys
    open({marker!r}, "w").write("ran")
    socket.create_connection(("127.0.0.1", 9))
    os._exit(3)
    sys.exit(4)

    def handler(event, context):
        return open({marker!r}, "a").write("handler ran")
''')


@pytest.mark.parametrize("jobs", [1, 2])
def test_analysing_hostile_modules_runs_none_of_them(tmp_path, jobs: int) -> None:
    marker = tmp_path / "marker.txt"
    app = tmp_path / "evilapp"
    (app / "evilpkg").mkdir(parents=True)
    (app / "evilpkg" / "__init__.py").write_text(HOSTILE.format(marker=str(marker)))
    (app / "evilpkg" / "handlers.py").write_text(HOSTILE.format(marker=str(marker)))
    (app / "setup.py").write_text(HOSTILE.format(marker=str(marker)))
    (app / "conftest.py").write_text(HOSTILE.format(marker=str(marker)))
    before = set(sys.modules)

    graph = build(app, GraphOptions(jobs=jobs, use_cache=False)).graph
    plan = Partitioner(graph).propose()

    assert not marker.exists()
    assert {"evilpkg", "evilpkg.handlers", "setup", "conftest"} <= set(graph.units)
    assert not ({m for m in set(sys.modules) - before} & {"evilpkg", "evilpkg.handlers", "setup", "conftest"})
    assert plan.functions  # the handlers were found as entry points, by reading them
