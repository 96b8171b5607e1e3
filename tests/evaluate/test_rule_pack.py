"""Every built-in rule on a snippet app: the exact (rule, subject, line) findings, and
near misses in the same app that must stay silent."""

from __future__ import annotations

import pytest

from .helpers import check_path, found, line_of, write_app

WEB = '''
import sqlite3
import subprocess
import time
from flask import Flask
from celery import Celery

app = Flask(__name__)
celery = Celery("app")
conn = sqlite3.connect("db.sqlite")
'''


def config(functions: dict[str, list[str]], **rules: dict) -> str:
    lines = ["[functions]"] + [f'{name} = {patterns!r}'.replace("'", '"') for name, patterns in functions.items()]
    for rule, params in rules.items():
        lines.append(f"[rules.{rule}]")
        lines += [f"{k} = {v!r}".replace("'", '"') for k, v in params.items()]
    return "\n".join(lines) + "\n"


CASES = {
    "GRA101": dict(
        files={"app/web.py": WEB + '''
@app.route("/tiny")
def tiny():
    return "ok"


@app.route("/exact")
def exact():
    value = 1
    return str(value)
'''},
        config=config({"tiny": ["app.web.tiny"], "exact": ["app.web.exact"]}, GRA101={"min_own_sloc": 3}),
        expected=[("tiny", "app/web.py", "def tiny")],
    ),
    "GRA102": dict(
        files={"app/web.py": WEB + '''
@app.route("/m1")
def m1():
    return "1"


@app.route("/m2")
def m2():
    return "2"


@app.route("/m3")
def m3():
    return "3"


@app.route("/t1")
def t1():
    return "1"


@app.route("/t2")
def t2():
    return "2"
'''},
        config=config({"many": ["app.web.m*"], "two": ["app.web.t*"]}, GRA102={"max_entry_points": 2}),
        expected=[("many", "app/web.py", "def m1")],
    ),
    "GRA103": dict(
        files={"app/web.py": WEB + '''
@app.route("/big")
def big():
    a = 1
    b = 2
    return big_helper(a + b)


def big_helper(x):
    y = x + 1
    z = y + 1
    w = z + 1
    return w


@app.route("/fits")
def fits():
    a = 1
    b = 2
    return fits_helper(a + b)


def fits_helper(x):
    y = x + 1
    z = y + 1
    return z
'''},
        config=config({"big": ["app.web.big"], "fits": ["app.web.fits"]}, GRA103={"max_reach_sloc": 8}),
        expected=[("big", "app/web.py", "def big")],
    ),
    "GRA104": dict(
        files={"app/web.py": WEB + '''
@app.route("/two")
def two():
    conn.execute("INSERT INTO orders VALUES (1)")
    conn.execute("UPDATE customers SET name = 'x'")
    return "ok"


@app.route("/one")
def one():
    conn.execute("INSERT INTO audit VALUES (1)")
    return "ok"
'''},
        config=config({"two": ["app.web.two"], "one": ["app.web.one"]}, GRA104={"max_tables_written": 1}),
        expected=[("two", "app/web.py", "def two")],
    ),
    "GRA105": dict(
        files={"app/web.py": WEB, "app/heavy.py": '''
import torch
from app.web import app


@app.route("/predict")
def predict():
    return str(torch.zeros(1))
''', "app/light.py": '''
import pandas as pd
from app.web import app


@app.route("/table")
def table():
    return pd.DataFrame().to_json()
'''},
        config=config({"heavy": ["app.heavy"], "light": ["app.light"]}),
        expected=[("heavy", "app/heavy.py", "def predict")],
    ),
    "GRA106": dict(
        files={"app/web.py": WEB + '''
@app.route("/page")
def page():
    return "page"


@celery.task
def cleanup():
    conn.execute("DELETE FROM sessions")


@app.route("/orders")
def orders():
    conn.execute("INSERT INTO orders VALUES (1)")
    return "ok"


@celery.task
def expire_orders():
    conn.execute("UPDATE orders SET status = 'expired'")


@app.route("/rebuild")
def rebuild():
    reindex()
    return "ok"


@celery.task
def reindex():
    return sorted(range(10))


def slugify(text):
    return text.lower().replace(" ", "-")


@app.route("/tags")
def tags():
    return slugify("A Tag")


@celery.task
def normalise_tags():
    return slugify("Other Tag")


@app.route("/prices")
def prices():
    return conn.execute("SELECT * FROM prices").fetchall()


@celery.task
def price_digest():
    return len(conn.execute("SELECT * FROM prices").fetchall())
'''},
        # reasons: a table one writes and the other uses; one waits on the other; shared
        # code. Reading the same table is none.
        config=config({"mixed": ["app.web.page", "app.web.cleanup"],
                       "reasoned": ["app.web.orders", "app.web.expire_orders"],
                       "waits": ["app.web.rebuild", "app.web.reindex"],
                       "shares": ["app.web.tags", "app.web.normalise_tags"],
                       "reads": ["app.web.prices", "app.web.price_digest"]}),
        expected=[("mixed", "app/web.py", "def page"), ("reads", "app/web.py", "def prices")],
    ),
    "GRA109": dict(
        files={"app/web.py": WEB + '''
_CACHE = {}
_PRICES = {"a": 1}
_REGISTRY = []
_REGISTRY.append("loaded at import")


@app.route("/remember")
def remember(key):
    if key not in _CACHE:
        _CACHE[key] = len(_CACHE)
    return str(_CACHE[key])


@app.route("/lookup")
def lookup(key):
    return str(_PRICES.get(key))


# Near misses: a connection made once per instance and reused (as if made at import),
# and a write through a per-request proxy.
_POOL = None


@app.route("/pooled")
def pooled():
    global _POOL
    if _POOL is None:
        _POOL = object()
    return str(id(_POOL))


from werkzeug.local import LocalProxy


class CurrentRequest(LocalProxy[dict]):
    pass


current = CurrentRequest(dict)


@app.route("/mark")
def mark():
    current.flag = True
    return "ok"
'''},
        config=config({"remember": ["app.web.remember"],
                       "lookup": ["app.web.lookup", "app.web.pooled", "app.web.mark"]}),
        expected=[("app.web.remember", "app/web.py", "def remember")],
    ),
    "GRA110": dict(
        files={"app/web.py": WEB + '''
@app.route("/a")
def a():
    conn.execute("INSERT INTO orders VALUES (1)")
    return "a"


@app.route("/b")
def b():
    conn.execute("UPDATE orders SET paid = 1")
    return "b"


@app.route("/c")
def c():
    conn.execute("INSERT INTO audit VALUES (1)")
    return "c"


@app.route("/d")
def d():
    return str(conn.execute("SELECT * FROM orders").fetchall())
'''},
        config=config({"fa": ["app.web.a"], "fb": ["app.web.b"], "fc": ["app.web.c"], "fd": ["app.web.d"]}),
        expected=[("fa", "app/web.py", "INSERT INTO orders"), ("fb", "app/web.py", "UPDATE orders")],
    ),
    "GRA111": dict(
        files={"app/web.py": WEB, "app/orders.py": '''
from app.web import app, conn


@app.route("/orders/<oid>")
def get_order(oid):
    row = conn.execute("SELECT * FROM orders WHERE id = ?", (oid,)).fetchone()
    if row is None:
        return "not found", 404
    lines = conn.execute("SELECT * FROM lines WHERE order_id = ?", (oid,)).fetchall()
    total = 0
    for line in lines:
        total += line[2] * line[3]
    status = row[1]
    if status == "paid":
        label = "Paid"
    elif status == "new":
        label = "New"
    else:
        label = "Other"
    return {"id": oid, "total": total, "label": label}
''', "app/reports.py": '''
import pandas as pd
from app.web import app


@app.route("/reports")
def report():
    return pd.DataFrame().to_json()
''', "app/analytics.py": '''
import pandas as pd
from app.web import app


@app.route("/analytics")
def analytics():
    frame = pd.DataFrame({"a": [1, 2, 3]})
    frame["b"] = frame["a"] * 2
    frame["c"] = frame["b"] + frame["a"]
    summary = frame.describe()
    return summary.to_json()
'''},
        config=config({"api": ["app.orders", "app.reports"], "analytics": ["app.analytics"]}),
        expected=[("api", "app/orders.py", "def get_order")],
    ),
    "GRA112": dict(
        files={"app/web.py": WEB, "app/heavy.py": '''
import torch
from app.web import app


@app.route("/predict")
def predict():
    return str(torch.zeros(1))
''', "app/light.py": '''
import pandas as pd
from app.web import app


@app.route("/table")
def table():
    return pd.DataFrame().to_json()
'''},
        config=config({"heavy": ["app.heavy"], "light": ["app.light"]}),
        expected=[("heavy", "app/heavy.py", "def predict")],
    ),
    "GRA113": dict(
        files={"app/web.py": WEB + '''
def wait_for_it():
    time.sleep(2)


@app.route("/sleepy")
def sleepy():
    wait_for_it()
    return "late"


@app.route("/shell")
def shell():
    return subprocess.run(["ls"], capture_output=True).stdout


@celery.task
def background():
    time.sleep(60)


@app.route("/poll")
def poll():
    while True:
        if conn.execute("SELECT 1").fetchone():
            break
    return "ok"
'''},
        config=config({"sleepy": ["app.web.sleepy"], "shell": ["app.web.shell"],
                       "background": ["app.web.background"], "poll": ["app.web.poll"]}),
        expected=[("sleepy", "app/web.py", "time.sleep(2)"), ("shell", "app/web.py", "subprocess.run")],
    ),
    "GRA114": dict(
        files={"app/lith.py": '''
def handler(event, context):
    route = (event["httpMethod"], event["path"])
    if route == ("GET", "/orders"):
        return list_orders(event)
    if route == ("POST", "/orders"):
        return create_order(event)
    return not_found(event)


def list_orders(event):
    return []


def create_order(event):
    return {}


def not_found(event):
    return None
''', "app/logged.py": '''
import logging


def handler(event, context):
    logging.info("called on %s", event["path"])
    return process(event)


def process(event):
    return event
''', "app/webhook.py": '''
def handler(event, context):
    kind = event["type"]
    if kind == "paid":
        return paid(event)
    if kind == "failed":
        return failed(event)
    return other(event)


def paid(event):
    return 1


def failed(event):
    return 2


def other(event):
    return 3
'''},
        config="",
        expected=[("app.lith.handler", "app/lith.py", 'event["httpMethod"]')],
    ),
    "GRA115": dict(
        files={"app/web.py": WEB + '''
@app.route("/branchy")
def branchy(a):
    if a == 1:
        return "1"
    if a == 2:
        return "2"
    if a == 3:
        return "3"
    return "x"


@app.route("/fine")
def fine(a):
    if a == 1:
        return "1"
    if a == 2:
        return "2"
    return "x"


def helper(a):
    if a == 1:
        return 1
    if a == 2:
        return 2
    if a == 3:
        return 3
    if a == 4:
        return 4
    return 0
'''},
        config="[rules.GRA115]\nmax_complexity = 3\n",
        expected=[("app.web.branchy", "app/web.py", "def branchy")],
    ),
}


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule_finds_exactly_its_subjects_and_not_the_near_misses(rule, tmp_path) -> None:
    case = CASES[rule]
    root = write_app(tmp_path / "app_root", {**case["files"], "app/__init__.py": "",
                                             "granularity.toml": case["config"]})
    result = check_path(root)
    expected = {(rule, subject, line_of(root, rel, needle)) for subject, rel, needle in case["expected"]}
    assert found(result, rule) == expected


def test_mixed_triggers_forbid_flags_even_functions_with_a_reason(tmp_path) -> None:
    case = CASES["GRA106"]
    root = write_app(tmp_path / "app_root", {**case["files"], "app/__init__.py": "",
                                             "granularity.toml": case["config"] + '[rules.GRA106]\nmixed_triggers = "forbid"\n'})
    assert {s for _, s, _ in found(check_path(root), "GRA106")} == {"mixed", "reasoned", "waits", "shares", "reads"}


def test_band_settings_are_the_defaults_of_rule_parameters(tmp_path) -> None:
    case = CASES["GRA101"]
    text = case["config"].split("[rules.GRA101]")[0] + "[band]\nmin-own-sloc = 4\n"
    root = write_app(tmp_path / "app_root", {**case["files"], "app/__init__.py": "", "granularity.toml": text})
    assert {s for _, s, _ in found(check_path(root), "GRA101")} == {"tiny", "exact"}
