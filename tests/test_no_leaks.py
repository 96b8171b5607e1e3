"""Many runs in one process leak nothing: no file descriptors, no child processes, no
threads. What an editor integration or a long CI job that calls the commands in-process
relies on."""

from __future__ import annotations

import multiprocessing
import os
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from granularity.cli import app

runner = CliRunner()
ROUNDS = 8
#: Descriptors a run may leave open for good (none is expected; a leak grows with ROUNDS).
SLACK = 2

APP = {
    "shop/__init__.py": "",
    "shop/web.py": "from flask import Flask\n\nfrom shop.orders import place\n\napp = Flask(__name__)\n\n\n"
                   "@app.route('/orders', methods=['POST'])\ndef create():\n    return place()\n\n\n"
                   "@app.route('/health')\ndef health():\n    return 'ok'\n",
    "shop/orders.py": "from shop.db import save\n\n\ndef place():\n    return save({'id': 1})\n",
    "shop/db.py": "import sqlite3\n\n\ndef save(row):\n    con = sqlite3.connect('shop.db')\n"
                  "    con.execute('INSERT INTO orders VALUES (?)', (row['id'],))\n    return row\n",
    "shop/tasks.py": "from celery import Celery\n\nfrom shop.db import save\n\ncelery = Celery()\n\n\n"
                     "@celery.task\ndef nightly():\n    return save({'id': 0})\n",
}


def _app(tmp_path: Path) -> Path:
    root = tmp_path / "app"
    for rel, text in APP.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


def _fds() -> dict[str, str]:
    out = {}
    for fd in os.listdir("/proc/self/fd"):
        try:
            out[fd] = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:  # the listing's own descriptor, closed by now
            pass
    return out


def _commands(root: Path, tmp_path: Path, options: list[str]) -> list[list[str]]:
    return [
        ["graph", str(root), "-f", "json", "-o", str(tmp_path / "g.json"), *options],
        ["plan", str(root), "-f", "json", "-o", str(tmp_path / "p.json"), *options],
        ["check", str(root), "--exit-zero", "-o", f"sarif:{tmp_path / 'c.sarif'}", "-o", "json", *options],
        ["report", str(root), "-o", str(tmp_path / "r.html"), *options],
    ]


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="counts descriptors through /proc")
@pytest.mark.parametrize("options", [["--no-cache", "-j", "1"], ["--no-cache", "-j", "2"], ["-j", "2"]],
                         ids=["in-process", "pool", "cache"])
def test_repeated_runs_leave_no_descriptors_processes_or_threads(tmp_path, options: list[str]) -> None:
    root = _app(tmp_path)
    commands = _commands(root, tmp_path, options)
    for args in commands:  # first runs load modules and fill the cache
        assert runner.invoke(app, args).exit_code == 0
    before, threads = _fds(), threading.active_count()
    for _ in range(ROUNDS):
        for args in commands:
            result = runner.invoke(app, args)
            assert result.exit_code == 0, (args, result.output)
    after = _fds()
    new = {fd: target for fd, target in after.items() if fd not in before}
    assert len(after) <= len(before) + SLACK, new
    assert multiprocessing.active_children() == []
    assert threading.active_count() == threads
    assert (tmp_path / "r.html").stat().st_size > 1000 and (tmp_path / "c.sarif").exists()
