"""pre-commit: `pre-commit try-repo` of this repository (a snapshot of its files in a
throwaway git repository) on a sample git repository fails on a violation and passes once
it is fixed.

`try-repo` installs the hook into a fresh virtual environment every time (its store is a
temporary folder), which takes most of a minute; the two runs go side by side."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from evaluate.helpers import write_app

ROOT = Path(__file__).resolve().parent.parent
PRE_COMMIT = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")
SNAPSHOT = ("granularity", "rules", "pyproject.toml", "setup.py", "README.md", ".pre-commit-hooks.yaml")

WEB = '''
from flask import Flask

app = Flask(__name__)


@app.route("/")
def index():
    return "ok"
'''
CONFIG = '[rules]\nselect = ["GRA101"]\nfail-on = "warning"\n[functions]\nindex = ["app.web.index"]\n'


def _env(home: Path) -> dict:
    import os

    return dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com", GIT_COMMITTER_NAME="t",
                GIT_COMMITTER_EMAIL="t@example.com",
                PRE_COMMIT_HOME=str(home / "pre-commit-home"))


def _git(cwd: Path, env: dict, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def test_hook_definition_is_what_pre_commit_needs() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    main = next(h for h in hooks if h["id"] == "granularity")
    assert main["pass_filenames"] is False and main["require_serial"] is True and main["types"] == ["python"]
    assert main["entry"].startswith("granularity check")


@pytest.mark.skipif(not Path(PRE_COMMIT).exists(), reason="pre-commit is not installed (pip install pre-commit)")
@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_try_repo_fails_on_a_violation_and_passes_once_fixed(tmp_path) -> None:
    env = _env(tmp_path)
    hook_repo = tmp_path / "hook-repo"
    hook_repo.mkdir()
    for name in SNAPSHOT:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, hook_repo / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, hook_repo / name)
    _git(hook_repo, env, "init", "-q", "-b", "main")
    _git(hook_repo, env, "add", ".")
    _git(hook_repo, env, "commit", "-q", "-m", "snapshot")

    def app_repo(name: str, config: str) -> Path:
        root = write_app(tmp_path / name, {"app/__init__.py": "", "app/web.py": WEB, "granularity.toml": config})
        _git(root, env, "init", "-q", "-b", "main")
        _git(root, env, "add", ".")
        _git(root, env, "commit", "-q", "-m", "app")
        return root

    # the violating and the fixed repository run side by side: each try-repo installs the hook anew
    violating = app_repo("violating", CONFIG)
    fixed = app_repo("fixed", CONFIG + "[rules.GRA101]\nmin_own_sloc = 2\n")
    runs = [subprocess.Popen([PRE_COMMIT, "try-repo", str(hook_repo), "granularity", "--all-files"], cwd=repo,
                             env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            for repo in (violating, fixed)]
    (failing_out, _), (passing_out, _) = (run.communicate(timeout=900) for run in runs)
    assert runs[0].returncode == 1, failing_out
    assert "GRA101 `index` has only 2 line(s)" in failing_out
    assert runs[1].returncode == 0, passing_out
