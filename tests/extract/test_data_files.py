"""Files opened, read, written, copied or removed through a path written in the code."""

from __future__ import annotations

from .data_helpers import accesses

M = "pkg.mod"


def files(src: str) -> set[tuple[str, str, str, str]]:
    return accesses(src, "file")


def test_open_modes() -> None:
    src = """
        import io

        def f():
            open("data/in.csv")
            open("data/out.csv", "w")
            open("log.txt", mode="a")
            io.open("cfg.ini", "r+")
            open("blob.bin", "rb")
    """
    assert files(src) == {
        (f"{M}.f", "file", "data/in.csv", "read"),
        (f"{M}.f", "file", "data/out.csv", "write"),
        (f"{M}.f", "file", "log.txt", "write"),
        (f"{M}.f", "file", "cfg.ini", "write"),
        (f"{M}.f", "file", "blob.bin", "read"),
    }


def test_constants_fstrings_and_joins() -> None:
    src = """
        import os

        REPORT_PATH = "var/reports/daily.csv"
        EXPORT_DIR = "exports"

        def g(order):
            with open(REPORT_PATH, "a", newline="") as fh:
                pass
            open(f"exports/invoices/{order.number}.txt", "w")
            open(os.path.join(EXPORT_DIR, "summary.json"), "w")
            local = "tmp/scratch.txt"
            open(local)
    """
    scope = f"{M}.g"
    assert files(src) == {
        (scope, "file", "var/reports/daily.csv", "write"),
        (scope, "file", "exports/invoices/", "write"),
        (scope, "file", "exports/summary.json", "write"),
        (scope, "file", "tmp/scratch.txt", "read"),
    }


def test_pathlib() -> None:
    src = """
        from pathlib import Path

        BASE = Path("var/data")

        def h():
            Path("notes.md").write_text("x")
            Path("config.toml").read_text()
            (BASE / "cache.json").write_bytes(b"")
            p = Path("state.json")
            with p.open("w") as fh:
                pass
            p.read_bytes()
    """
    scope = f"{M}.h"
    assert files(src) == {
        (scope, "file", "notes.md", "write"),
        (scope, "file", "config.toml", "read"),
        (scope, "file", "var/data/cache.json", "write"),
        (scope, "file", "state.json", "write"),
        (scope, "file", "state.json", "read"),
    }


def test_shutil_and_os() -> None:
    src = """
        import os, shutil

        def k():
            shutil.copy("a.txt", "backup/a.txt")
            os.remove("stale.lock")
            os.rename("tmp.out", "final.out")
    """
    assert files(src) == {
        (f"{M}.k", "file", "a.txt", "read"),
        (f"{M}.k", "file", "backup/a.txt", "write"),
        (f"{M}.k", "file", "stale.lock", "write"),
        (f"{M}.k", "file", "tmp.out", "write"),
        (f"{M}.k", "file", "final.out", "write"),
    }


def test_near_misses_stay_silent() -> None:
    src = """
        import webbrowser
        from pathlib import Path

        def m(path, name, cache):
            open(path)
            open(path, "w")
            open(f"{name}.txt", "w")
            webbrowser.open("http://example.com")
            Path(__file__).parent.joinpath("x").read_text()
            Path(path).write_text("x")
            cache.get("x")
            self.open("x")
    """
    assert files(src) == set()


def test_a_local_name_hides_a_module_path() -> None:
    src = """
        from pathlib import Path

        OUT = Path("out.txt")

        def a():
            OUT.write_text("x")

        def b(other):
            OUT = other
            OUT.write_text("y")
    """
    assert files(src) == {(f"{M}.a", "file", "out.txt", "write")}
