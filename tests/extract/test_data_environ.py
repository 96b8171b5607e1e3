"""Environment variables read and written through os.environ, os.getenv and putenv."""

from __future__ import annotations

from .data_helpers import accesses, facts

M = "pkg.mod"


def env(src: str) -> set[tuple[str, str, str, str]]:
    return accesses(src, "env")


def test_reads() -> None:
    src = """
        import os

        DEBUG = os.environ.get("DEBUG", "0")

        def f():
            a = os.environ["DATABASE_URL"]
            b = os.getenv("SECRET")
            if "FEATURE_X" in os.environ:
                pass
    """
    assert env(src) == {
        (M, "env", "DEBUG", "read"),
        (f"{M}.f", "env", "DATABASE_URL", "read"),
        (f"{M}.f", "env", "SECRET", "read"),
        (f"{M}.f", "env", "FEATURE_X", "read"),
    }


def test_writes() -> None:
    src = """
        import os

        def setup():
            os.environ["MODE"] = "test"
            os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site.settings")
            os.putenv("TZ", "UTC")
            del os.environ["TMP"]
            os.environ.pop("OLD", None)
            os.environ.update(LANG="C", **extra)
    """
    assert env(src) == {
        (f"{M}.setup", "env", "MODE", "write"),
        (f"{M}.setup", "env", "DJANGO_SETTINGS_MODULE", "write"),
        (f"{M}.setup", "env", "TZ", "write"),
        (f"{M}.setup", "env", "TMP", "write"),
        (f"{M}.setup", "env", "OLD", "write"),
        (f"{M}.setup", "env", "LANG", "write"),
    }


def test_imported_names_and_aliases() -> None:
    src = """
        import os as _os
        from os import environ, getenv as ge

        def g():
            environ["A"]
            ge("B")
            _os.environ.get("C")
    """
    assert env(src) == {
        (f"{M}.g", "env", "A", "read"),
        (f"{M}.g", "env", "B", "read"),
        (f"{M}.g", "env", "C", "read"),
    }


def test_near_misses_stay_silent() -> None:
    src = """
        import os

        def h(name, environ, config):
            os.environ[name]
            os.getenv(name)
            environ["X"]
            config.get("Y")
            cache.get("x")
            settings.environ["Z"]
    """
    assert env(src) == set()


def test_via() -> None:
    assert {a.via for a in facts("import os\nos.getenv('X')\n").accesses if a.kind == "env"} == {"os.environ"}
