"""Deployment size of third-party packages: measured from installed distributions'
RECORD files when the app's environment is at hand, otherwise an estimate.

Estimates are unzipped sizes in MB of recent wheels for Linux x86_64, one distribution
each, rounded; `DEPENDENCIES` adds the distributions a package always pulls in
(pandas brings numpy, Flask brings Werkzeug). They are labelled "estimate" wherever they are shown.

boto3 and botocore ship with the AWS Lambda Python runtime: they cost import time but
not deployment size, so they are listed with size 0 and source "runtime".
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from granularity.model.plan import PackageUse

ESTIMATES_MB: dict[str, float] = {
    "boto3": 0.5, "botocore": 84.0, "s3transfer": 0.5, "aioboto3": 1.0, "aiobotocore": 3.0,
    "pandas": 70.0, "numpy": 40.0,
    "scipy": 110.0, "matplotlib": 45.0, "scikit-learn": 150.0, "torch": 800.0,
    "tensorflow": 1200.0, "transformers": 110.0, "polars": 90.0, "pyarrow": 120.0,
    "opencv-python": 90.0, "Pillow": 12.0, "lxml": 15.0, "cryptography": 12.0,
    "sqlalchemy": 12.0, "django": 30.0, "djangorestframework": 4.0, "flask": 1.5,
    "flask_sqlalchemy": 13.5, "flask_login": 0.2, "werkzeug": 2.0, "jinja2": 1.0,
    "fastapi": 2.0, "starlette": 1.0, "pydantic": 13.0, "uvicorn": 1.0, "celery": 15.0,
    "kombu": 3.0, "redis": 3.5, "psycopg2": 8.0, "psycopg": 3.5, "pymysql": 1.0,
    "stripe": 15.0, "requests": 2.5, "httpx": 2.0, "aiohttp": 8.0, "PyYAML": 2.0,
    "click": 1.0, "typer": 4.0, "rich": 3.0, "PyJWT": 0.2, "marshmallow": 1.0,
    "openai": 8.0, "anthropic": 6.0, "langchain": 25.0, "google-api-core": 20.0,
    "sentry_sdk": 3.0, "structlog": 0.5, "chalice": 3.0, "mangum": 0.1, "jsonschema": 1.5,
    "beautifulsoup4": 1.0, "markdown": 1.0, "bleach": 0.5, "python-dateutil": 0.7,
    "pytz": 1.0, "alembic": 2.0, "peewee": 1.0, "pymongo": 8.0, "elasticsearch": 8.0,
}
#: Estimate for a package not in the table.
DEFAULT_MB = 2.0
#: Distributions a package always brings with it (its required dependencies), where they
#: weigh or where the app also imports them by name (Flask's Werkzeug and click).
DEPENDENCIES: dict[str, tuple[str, ...]] = {
    "flask": ("werkzeug", "jinja2", "itsdangerous", "click", "blinker"), "typer": ("click",),
    "boto3": ("botocore", "s3transfer"), "aioboto3": ("aiobotocore", "botocore"),
    "pandas": ("numpy",), "scipy": ("numpy",), "scikit-learn": ("scipy", "numpy"),
    "matplotlib": ("numpy",), "flask_sqlalchemy": ("sqlalchemy",), "celery": ("kombu",),
    "djangorestframework": ("django",), "fastapi": ("starlette", "pydantic"),
    "transformers": ("numpy",), "pyarrow": ("numpy",),
}
#: Provided by the AWS Lambda Python runtime: nothing to deploy.
RUNTIME_PROVIDED = frozenset({"boto3", "botocore", "s3transfer"})


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


_ESTIMATES = {_norm(k): v for k, v in ESTIMATES_MB.items()}


def measured_sizes(root: Path) -> dict[str, float]:
    """Sizes in MB from RECORD files of a virtual environment inside the app, if any.
    Only reads files; never imports the environment's packages."""
    sizes: dict[str, float] = {}
    for venv in (root / ".venv", root / "venv", root / "env"):
        for record in sorted(venv.glob("lib/python3*/site-packages/*.dist-info/RECORD")):
            name = record.parent.name.split("-")[0]
            total = 0
            try:
                with open(record, newline="", encoding="utf-8") as fh:
                    for row in csv.reader(fh):
                        if len(row) >= 3 and row[2].isdigit():
                            total += int(row[2])
            except OSError:
                continue
            tops = _top_levels(record.parent)
            for key in {_norm(name), *map(_norm, tops)}:
                sizes[key] = round(total / 1e6, 1)
    return sizes


def _top_levels(dist_info: Path) -> list[str]:
    try:
        return (dist_info / "top_level.txt").read_text(encoding="utf-8").split()
    except OSError:
        return []


def with_dependencies(names) -> set[str]:
    """The packages plus the heavy distributions they always pull in."""
    out = set(names)
    stack = list(out)
    while stack:
        for dep in DEPENDENCIES.get(stack.pop(), ()):
            if dep not in out:
                out.add(dep)
                stack.append(dep)
    return out


def package_use(name: str, measured: dict[str, float]) -> PackageUse:
    key = _norm(name)
    if name in RUNTIME_PROVIDED:
        return PackageUse(name, 0.0, "runtime")
    if key in measured:
        return PackageUse(name, measured[key], "installed")
    return PackageUse(name, _ESTIMATES.get(key, DEFAULT_MB), "estimate")
