"""Same input, same bytes: JSON, callgraph and plan outputs do not depend on the hash seed,
the number of workers or the order files are found in."""

from __future__ import annotations

import os
import random
import subprocess
import sys

import pytest
from conftest import SAMPLE_APPS

from granularity.discover import discover
from granularity.extract.runner import ExtractOptions, extract_all
from granularity.link.build import link
from granularity.report import callgraph, graph_json

APPS = ["shop_flask", "orders_lambda"]


def _run(args: list[str], seed: str, tmp_path) -> bytes:
    env = dict(os.environ, PYTHONHASHSEED=seed)
    out = subprocess.run([sys.executable, "-m", "granularity.cli", *args, "--no-cache"],
                         capture_output=True, env=env, cwd=tmp_path, check=True)
    return out.stdout


@pytest.mark.parametrize("app", APPS)
@pytest.mark.parametrize("command", [["graph", "-f", "json"], ["graph", "-f", "callgraph"], ["plan", "-f", "json"]])
def test_output_is_byte_identical_across_hash_seeds_and_workers(app, command, tmp_path) -> None:
    path = str(SAMPLE_APPS / app)
    first = _run([command[0], path, *command[1:], "--jobs", "1"], "0", tmp_path)
    second = _run([command[0], path, *command[1:], "--jobs", "2"], "12345", tmp_path)
    assert first == second
    assert len(first) > 100


@pytest.mark.parametrize("app", APPS)
def test_link_does_not_depend_on_file_order(app) -> None:
    found = discover(SAMPLE_APPS / app)
    facts = extract_all(found.files, ExtractOptions(jobs=1))
    expected_json = graph_json.render(link(facts, app))
    expected_cg = callgraph.render(link(facts, app))
    for seed in (1, 2, 3):
        shuffled = facts[:]
        random.Random(seed).shuffle(shuffled)
        graph = link(shuffled, app)
        assert graph_json.render(graph) == expected_json
        assert callgraph.render(graph) == expected_cg
