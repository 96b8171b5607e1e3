"""Odd and hostile input: each gives a clear diagnostic or is analysed, the rest of the app
is analysed, and nothing hangs."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from typer.testing import CliRunner

from granularity.cli import app

runner = CliRunner()
#: The unprivileged user of most systems.
NOBODY = 65534


def _graph(path) -> dict:
    result = runner.invoke(app, ["graph", str(path), "-f", "json", "--no-cache", "-j", "1", "--timeout", "60"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _app(tmp_path):
    root = tmp_path / "app"
    root.mkdir()
    (root / "ok.py").write_text("def ok():\n    return 1\n")
    return root


def test_bom_crlf_and_cr_line_endings_are_analysed(tmp_path) -> None:
    root = _app(tmp_path)
    (root / "bom.py").write_bytes(b"\xef\xbb\xbfdef f():\n    return 1\n")
    (root / "crlf.py").write_bytes(b"def g():\r\n    return 1\r\n\r\ndef h():\r\n    return g()\r\n")
    (root / "cr.py").write_bytes(b"def k():\r    return 1\r")
    data = _graph(root)
    units = {u["name"]: u for u in data["units"]}
    assert {"bom.f", "crlf.g", "crlf.h", "ok.ok"} <= set(units)
    assert units["crlf.h"]["line"] == 4
    assert {"caller": "crlf.h", "callee": "crlf.g"}.items() <= next(c for c in data["calls"]
                                                                    if c["caller"] == "crlf.h").items()


def test_a_50000_line_module_is_analysed(tmp_path) -> None:
    root = _app(tmp_path)
    body = "".join(f"def f{i}():\n    return f{i - 1}() if {i} else 0\n\n" for i in range(1, 16_667))
    (root / "big.py").write_text("def f0():\n    return 0\n\n" + body)
    data = _graph(root)
    assert data["app"]["lines"] > 50_000
    assert sum(1 for u in data["units"] if u["module"] == "big") == 16_668


def test_expressions_nested_1000_deep_are_a_diagnostic_not_a_crash(tmp_path) -> None:
    root = _app(tmp_path)
    (root / "deep.py").write_text("x = " + "(" * 1000 + "1" + ")" * 1000 + "\n")
    (root / "deeplist.py").write_text("x = " + "[" * 1000 + "]" * 1000 + "\n")
    data = _graph(root)
    assert "ok.ok" in {u["name"] for u in data["units"]}
    codes = {d["path"]: d["code"] for d in data["diagnostics"]}
    for path in ("deep.py", "deeplist.py"):
        assert path in codes or path.removesuffix(".py") in {u["name"] for u in data["units"]}


def test_symlink_loops_and_an_empty_package_are_harmless(tmp_path) -> None:
    root = _app(tmp_path)
    (root / "pkg").mkdir()
    (root / "pkg" / "__init__.py").write_text("")
    os.symlink(root, root / "pkg" / "loop")
    data = _graph(root)
    assert {"ok", "pkg"} <= {u["name"] for u in data["units"]}


def test_mutually_recursive_imports_and_self_inheriting_aliases_terminate(tmp_path) -> None:
    root = _app(tmp_path)
    (root / "a.py").write_text("from b import B\nclass A(B):\n    def m(self):\n        return self.n()\n")
    (root / "b.py").write_text("from a import A\nclass B(A):\n    def n(self):\n        return self.m()\n")
    (root / "c.py").write_text("class C(D):\n    pass\nD = C\nclass E(E):\n    pass\n")
    data = _graph(root)
    assert {"a.A.m", "b.B.n"} <= {u["name"] for u in data["units"]}


@contextmanager
def _unprivileged() -> Iterator[None]:
    """Run the block as user nobody: root reads files whatever their permission bits. Only
    the effective ids change, so they can be restored; the block must import nothing new
    (root's own files, the interpreter's included, may be closed to nobody)."""
    if os.geteuid() != 0:
        yield
        return
    groups = os.getgroups()
    os.setgroups([])
    os.setegid(NOBODY)
    os.seteuid(NOBODY)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)
        os.setgroups(groups)


def test_unreadable_file_is_listed() -> None:
    with tempfile.TemporaryDirectory() as tmp:  # not tmp_path: its parents are private to their owner
        os.chmod(tmp, 0o755)
        root = _app(Path(tmp))
        secret = root / "secret.py"
        secret.write_text("x = 1\n")
        assert "secret" in {u["name"] for u in _graph(root)["units"]}  # readable, and every module is loaded
        secret.chmod(0)
        with _unprivileged():
            with pytest.raises(PermissionError):
                secret.read_bytes()
            data = _graph(root)
    assert [(d["path"], d["code"], d["message"]) for d in data["diagnostics"]] == [
        ("secret.py", "unreadable", "cannot read: Permission denied")]
    assert {u["name"] for u in data["units"]} == {"ok", "ok.ok"}


def test_non_utf8_file_name_is_analysed(tmp_path) -> None:
    root = _app(tmp_path)
    name = os.fsdecode(b"caf\xe9.py")
    (root / name).write_text("def latin():\n    return 1\n")
    data = _graph(root)
    assert "caf\\xe9.latin" in {u["name"] for u in data["units"]}
    assert "caf\\xe9.py" in {u["path"] for u in data["units"]}


def test_a_huge_data_file_with_a_py_name_is_skipped_with_a_reason(tmp_path) -> None:
    root = _app(tmp_path)
    with open(root / "data.py", "wb") as fh:
        fh.truncate(20 * 1024 * 1024)
    data = _graph(root)
    assert {d["path"]: d["code"] for d in data["diagnostics"]}.get("data.py") == "too-large"
