"""Gathers code patterns that matter for how a FaaS function runs, as `Marker` facts:

- `sleep`: `time.sleep`, `asyncio.sleep` (a function billed while it waits);
- `subprocess`: `subprocess.run/call/Popen...`, `os.system`, `os.popen`, `os.spawn*`, `os.exec*`;
- `unbounded-loop`: `while True:` / `while 1:` with no `break`, `return`, `raise` or `yield` in it;
- `server`: a call that starts a server and returns only when it stops (`uvicorn.run`,
  `werkzeug.serving.run_simple`, `aiohttp.web.run_app`, `waitress.serve`, any
  `.serve_forever()` or `.run_forever()`);
- `cpu-bound`: a call into a numeric library (numpy, pandas, scipy, scikit-learn, torch...),
  once per unit and library;
- `signal`: a call that sends a Django signal to receivers in process, with the signal
  as detail: `django.contrib.auth.login` → `user_logged_in`, `logout` → `user_logged_out`;
- `event-routing`: a read of an API Gateway routing key on the event (`event["path"]`,
  `event["httpMethod"]`, `event["rawPath"]`, `event["routeKey"]`, `event["resource"]`,
  `event["requestContext"]["http"]...`, or the same through `.get("path")`): the
  Lambda-lith pattern, a handler that routes requests itself.

It runs on every file, so each visit does a cheap check first and returns early.
"""

from __future__ import annotations

import libcst as cst

from granularity.extract.context import FileContext, Gatherer
from granularity.extract.refs import dotted, literal_str
from granularity.model import facts as f

SLEEPS = frozenset({"time.sleep", "asyncio.sleep", "gevent.sleep", "trio.sleep", "anyio.sleep"})
SUBPROCESS_MODULE = "subprocess"
SUBPROCESS_CALLS = frozenset({"run", "call", "check_call", "check_output", "Popen", "getoutput", "getstatusoutput"})
OS_PROCESS = frozenset({"system", "popen"})
OS_PROCESS_PREFIXES = ("spawn", "exec")
#: Top-level import names of numeric libraries.
NUMERIC = frozenset({
    "numpy", "pandas", "scipy", "sklearn", "torch", "tensorflow", "polars", "numba", "jax",
    "xgboost", "lightgbm", "cv2", "statsmodels", "pyarrow",
})
#: Calls that send a Django signal synchronously → the signal.
SIGNAL_SENDERS = {
    "django.contrib.auth.login": "user_logged_in", "django.contrib.auth.alogin": "user_logged_in",
    "django.contrib.auth.logout": "user_logged_out", "django.contrib.auth.alogout": "user_logged_out",
}
#: Calls that start a server and return only when it stops.
SERVERS = frozenset({
    "uvicorn.run", "hypercorn.asyncio.serve", "hypercorn.trio.serve", "waitress.serve",
    "werkzeug.serving.run_simple", "werkzeug.run_simple", "aiohttp.web.run_app", "bjoern.run",
})
#: Methods that serve until stopped, whatever the object (`httpd.serve_forever()`,
#: `loop.run_forever()`).
SERVE_METHODS = frozenset({"serve_forever", "run_forever"})
#: Event keys API Gateway routes on.
ROUTING_KEYS = frozenset({"path", "httpMethod", "rawPath", "routeKey", "resource"})
#: Keys under `requestContext` that carry the route.
CONTEXT_ROUTING_KEYS = frozenset({"http", "httpMethod", "resourcePath", "routeKey", "path"})
#: Statements that end a `while True` loop from inside it.
_EXITS = (cst.Break, cst.Return, cst.Raise, cst.Yield)
#: Nodes whose insides cannot end the enclosing loop.
_OPAQUE = (cst.FunctionDef, cst.ClassDef, cst.Lambda)
_INNER_LOOPS = (cst.For, cst.While)


def _is_event_name(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Name) and (node.value in ("event", "evt") or node.value.endswith("_event"))


def _subscript_key(node: cst.Subscript) -> str | None:
    if len(node.slice) != 1 or not isinstance(node.slice[0].slice, cst.Index):
        return None
    return literal_str(node.slice[0].slice.value)


def _chain(node: cst.Subscript) -> tuple[cst.BaseExpression, list[str], list[cst.Subscript]]:
    """The root of `x["a"]["b"]`, its keys from the root outward, and the inner subscripts."""
    keys: list[str] = []
    inner: list[cst.Subscript] = []
    current: cst.BaseExpression = node
    while isinstance(current, cst.Subscript):
        key = _subscript_key(current)
        keys.append(key if key is not None else "")
        if current is not node:
            inner.append(current)
        current = current.value
    keys.reverse()
    return current, keys, inner


def _is_routing(keys: list[str]) -> bool:
    if not keys:
        return False
    if keys[0] in ROUTING_KEYS:
        return True
    return keys[0] == "requestContext" and len(keys) > 1 and keys[1] in CONTEXT_ROUTING_KEYS


def _exits(node: cst.CSTNode, in_inner_loop: bool = False) -> bool:
    """True when something inside `node` leaves the enclosing `while` loop."""
    for child in node.children:
        if isinstance(child, _OPAQUE):
            continue
        if isinstance(child, cst.Break):
            if not in_inner_loop:
                return True
            continue
        if isinstance(child, _EXITS):
            return True
        if _exits(child, in_inner_loop or isinstance(child, _INNER_LOOPS)):
            return True
    return False


def _always_true(test: cst.BaseExpression) -> bool:
    if isinstance(test, cst.Name):
        return test.value == "True"
    return isinstance(test, cst.Integer) and test.value not in ("0", "0x0", "0o0", "0b0")


class WorkloadGatherer(Gatherer):
    """Appends sleep, subprocess, unbounded-loop, cpu-bound, signal and event-routing markers to `ctx.markers`."""

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        self._aliases: dict[str, str] = {}
        self._seen_imports = 0
        self._skip: set[int] = set()
        self._emitted: set[tuple[str, str, str]] = set()

    def _mark(self, kind: str, detail: str, once_per_scope: bool = False) -> None:
        scope = self.ctx.scope
        key = (scope, kind, detail if once_per_scope else f"{detail}@{self.ctx.line}")
        if key in self._emitted:
            return
        self._emitted.add(key)
        self.ctx.markers.append(f.Marker(scope, kind, detail, self.ctx.line))

    def _resolve(self, name: str) -> str:
        """`np.linalg.solve` → `numpy.linalg.solve`, through the file's imports so far."""
        imports = self.ctx.imports
        if len(imports) != self._seen_imports:
            for imp in imports[self._seen_imports:]:
                if imp.alias == "*":
                    continue
                if imp.name:
                    self._aliases[imp.alias] = f"{imp.module}.{imp.name}"
                else:  # `import a.b` binds `a`; `import a.b as c` binds `c` to `a.b`
                    self._aliases[imp.alias] = imp.alias if imp.alias == imp.module.split(".")[0] else imp.module
            self._seen_imports = len(imports)
        head, _, rest = name.partition(".")
        base = self._aliases.get(head)
        if base is None:
            return name
        return f"{base}.{rest}" if rest else base

    def visit_Call(self, node: cst.Call) -> None:
        name = dotted(node.func)
        if name is None:
            return
        if name.endswith(".get") and node.args and _is_event_name(node.func.value):  # type: ignore[attr-defined]
            key = literal_str(node.args[0].value)
            if key in ROUTING_KEYS:
                self._mark("event-routing", f'{name}("{key}")')
            return
        self._classify(self._resolve(name))

    def _classify(self, full: str) -> None:
        if full in SLEEPS:
            self._mark("sleep", full)
            return
        if full in SIGNAL_SENDERS:
            self._mark("signal", SIGNAL_SENDERS[full], once_per_scope=True)
            return
        module, _, attr = full.rpartition(".")
        if (module == SUBPROCESS_MODULE and attr in SUBPROCESS_CALLS) or (
                module == "os" and (attr in OS_PROCESS or attr.startswith(OS_PROCESS_PREFIXES))):
            self._mark("subprocess", full)
            return
        if full in SERVERS or attr in SERVE_METHODS:
            self._mark("server", full)
            return
        top = full.split(".", 1)[0]
        if top in NUMERIC and "." in full:
            self._mark("cpu-bound", top, once_per_scope=True)

    def visit_Subscript(self, node: cst.Subscript) -> None:
        if id(node) in self._skip:
            return
        if not isinstance(node.value, (cst.Subscript, cst.Name)):
            return
        root, keys, inner = _chain(node)
        if not _is_event_name(root):
            return
        self._skip.update(id(n) for n in inner)
        if _is_routing(keys):
            path = "".join(f'["{k}"]' for k in keys)
            self._mark("event-routing", f"{root.value}{path}")  # type: ignore[attr-defined]

    def visit_While(self, node: cst.While) -> None:
        if not _always_true(node.test) or _exits(node.body):
            return
        self._mark("unbounded-loop", "while True without break")
