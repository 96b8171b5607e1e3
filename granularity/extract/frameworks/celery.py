"""Celery: tasks, beat schedules and dispatch by task name.

Recognised:

- `@app.task`, `@app.task(name="x", queue="q", bind=True)`, `@shared_task(...)` and the old
  `@periodic_task(run_every=...)` → `EntryPoint(unit=<the function>, kind="queue",
  framework="celery")` with `name` (`name=` or the function's qualified name) and `queue`
  where given; `periodic_task` adds a "schedule" entry point with `schedule` = `run_every`.
  `@X.task` and a bare `@shared_task` are taken unless plainly something else (bound to
  another constructor, or imported from invoke, fabric, prefect, huey...); a bare `@task` or
  `@periodic_task` only when imported from celery.
- Beat schedules: a dict assigned to `beat_schedule`, `CELERY_BEAT_SCHEDULE` or
  `CELERYBEAT_SCHEDULE` (a name, an attribute such as `app.conf.beat_schedule`, a dict key
  or a keyword argument), `X.beat_schedule["name"] = {...}` and `X.beat_schedule.update({...})`.
  Each entry `{"task": "pkg.tasks.cleanup", "schedule": crontab(minute=0)}` →
  `EntryPoint(unit="", target="task:pkg.tasks.cleanup", kind="schedule")` with `schedule`
  (the expression as written) and `name` (the entry's key).
- `sender.add_periodic_task(3600.0, cleanup.s(), name="x")` → a "schedule" entry point whose
  target is the task's reference text (`cleanup`), or `task:NAME` for `signature("NAME")`.
- `app.send_task("pkg.tasks.cleanup")` on an object that is evidently Celery's →
  `Call(target="task:pkg.tasks.cleanup", kind="dispatch")`.
"""

from __future__ import annotations

import libcst as cst

from granularity.extract.context import FileContext, Gatherer
from granularity.extract.refs import arg, dotted, expr_text, literal_str
from granularity.model import facts as f

TASK_DECORATORS = frozenset({"task", "shared_task", "periodic_task"})
BEAT_NAMES = frozenset({"beat_schedule", "CELERY_BEAT_SCHEDULE", "CELERYBEAT_SCHEDULE"})
#: Packages with a `task` decorator or object that is not a Celery task queue.
NOT_CELERY = frozenset({
    "invoke", "fabric", "prefect", "airflow", "dagster", "luigi", "huey", "dramatiq", "rq",
    "asyncio", "trio", "anyio", "flask", "fastapi", "django", "typer", "click", "pytest",
})
#: Constructors of objects whose `.task` is not a Celery task.
OTHER_CONSTRUCTORS = frozenset({
    "Flask", "FastAPI", "Quart", "Sanic", "Starlette", "Chalice", "Typer", "Huey", "RedisHuey",
    "SqliteHuey", "MemoryHuey", "PriorityRedisHuey", "Collection", "Flow", "DAG",
})
SIGNATURE_METHODS = frozenset({"s", "si", "signature"})


def origin(ctx: FileContext, name: str) -> str | None:
    """Where an imported local name comes from (`celery.shared_task`, `proj.celery.app`), or None."""
    for imp in reversed(ctx.imports):
        if imp.alias == name:
            return f"{imp.module}.{imp.name}" if imp.name and imp.name != "*" else imp.module
    return None


def celery_evidence(ctx: FileContext, name: str) -> bool | None:
    """True when the local `name` is evidently a Celery app, False when evidently not, else None."""
    if "celery" in name.lower():
        return True
    for binding in reversed(ctx.bindings):
        if binding.name == name and binding.value.endswith("()"):
            callee = binding.value[:-2]
            if "celery" in callee.lower():
                return True
            leaf, root = callee.rsplit(".", 1)[-1], callee.split(".", 1)[0]
            return False if leaf in OTHER_CONSTRUCTORS or root in NOT_CELERY else None
    source = origin(ctx, name)
    if source is None:
        return None
    if "celery" in source.lower():
        return True
    return False if source.split(".", 1)[0] in NOT_CELERY else None


def _details(**values: str | None) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((k, v) for k, v in values.items() if v is not None))


def _fields(node: cst.BaseExpression) -> dict[str, cst.BaseExpression]:
    """The literal-keyed items of a dict display or a `dict(k=v)` call."""
    if isinstance(node, cst.Dict):
        return {key: el.value for el in node.elements
                if isinstance(el, cst.DictElement) and (key := literal_str(el.key)) is not None}
    if isinstance(node, cst.Call) and dotted(node.func) == "dict":
        return {a.keyword.value: a.value for a in node.args if a.keyword is not None}
    return {}


class CeleryGatherer(Gatherer):
    """Celery tasks, beat schedules and `send_task` (see the module docstring)."""

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        #: Decorator node id → qualified name of the function it decorates.
        self._decorated: dict[int, str] = {}
        #: Node id of a beat schedule entry (DictElement or Arg) → the entry's name.
        self._entries: dict[int, str] = {}

    # -- tasks ---------------------------------------------------------------------------

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        for decorator in node.decorators:
            self._decorated[id(decorator)] = f"{self.ctx.namespace}.{node.name.value}"

    def visit_Decorator(self, node: cst.Decorator) -> None:
        unit = self._decorated.pop(id(node), None)
        expr = node.decorator
        call = expr if isinstance(expr, cst.Call) else None
        ref = dotted(call.func if call else expr)
        if unit is None or ref is None or not self._is_task(ref):
            return
        line = self.ctx.line + len(node.leading_lines)
        name = literal_str(arg(call, keyword="name")) if call else None
        queue = literal_str(arg(call, keyword="queue")) if call else None
        add = self.ctx.entry_points.append
        add(f.EntryPoint(unit, "queue", "celery", _details(name=name or unit, queue=queue), line=line))
        every = arg(call, 0, "run_every") if call and ref.endswith("periodic_task") else None
        if every is not None:
            add(f.EntryPoint(unit, "schedule", "celery", _details(schedule=expr_text(every)), line=line))

    def _is_task(self, ref: str) -> bool:
        head, _, last = ref.rpartition(".")
        if last not in TASK_DECORATORS:
            return False
        if not head:
            source = origin(self.ctx, ref) or ""
            if last == "shared_task":
                return source.split(".", 1)[0] not in NOT_CELERY
            return "celery" in source
        return celery_evidence(self.ctx, head.split(".", 1)[0]) is not False

    # -- beat schedules ------------------------------------------------------------------

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self._assigned(target.target, node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None:
            self._assigned(node.target, node.value)

    def _assigned(self, target: cst.BaseExpression, value: cst.BaseExpression) -> None:
        if isinstance(target, cst.Subscript) and len(target.slice) == 1:
            index = target.slice[0].slice
            key = literal_str(index.value) if isinstance(index, cst.Index) else None
            if key in BEAT_NAMES:
                self._register(value)
            elif key is not None and (dotted(target.value) or "").rsplit(".", 1)[-1] in BEAT_NAMES:
                self._entry(key, value)
        elif (dotted(target) or "").rsplit(".", 1)[-1] in BEAT_NAMES:
            self._register(value)

    def visit_DictElement(self, node: cst.DictElement) -> None:
        name = self._entries.pop(id(node), None)
        if name is not None:
            self._entry(name, node.value)
        elif literal_str(node.key) in BEAT_NAMES:
            self._register(node.value)

    def visit_Arg(self, node: cst.Arg) -> None:
        name = self._entries.pop(id(node), None)
        if name is not None:
            self._entry(name, node.value)
        elif node.keyword is not None and node.keyword.value in BEAT_NAMES:
            self._register(node.value)

    def _register(self, schedule: cst.BaseExpression) -> None:
        """Mark the entries of a beat schedule dict, to be read when the walk reaches them."""
        if isinstance(schedule, cst.Dict):
            for el in schedule.elements:
                key = literal_str(el.key) if isinstance(el, cst.DictElement) else None
                if key is not None:
                    self._entries[id(el)] = key
        elif isinstance(schedule, cst.Call) and dotted(schedule.func) == "dict":
            for a in schedule.args:
                if a.keyword is not None:
                    self._entries[id(a)] = a.keyword.value

    def _entry(self, name: str, value: cst.BaseExpression) -> None:
        fields = _fields(value)
        task = literal_str(fields.get("task"))
        schedule = fields.get("schedule")
        if task and schedule is not None:
            self._schedule(f"task:{task}", _details(name=name, schedule=expr_text(schedule)))

    def _schedule(self, target: str, details: tuple[tuple[str, str], ...]) -> None:
        ctx = self.ctx
        ctx.entry_points.append(f.EntryPoint(
            "", "schedule", "celery", details, line=ctx.line, target=target, scope=ctx.namespace,
        ))

    # -- calls: add_periodic_task, send_task, beat_schedule.update -----------------------

    def visit_Call(self, node: cst.Call) -> None:
        ref = dotted(node.func)
        if ref is None or "." not in ref:
            return
        head, _, method = ref.rpartition(".")
        if method == "add_periodic_task":
            self._periodic(node)
        elif method == "send_task":
            self._send_task(node, head)
        elif method == "update" and head.rsplit(".", 1)[-1] in BEAT_NAMES:
            schedule = arg(node, 0)
            if schedule is not None:
                self._register(schedule)

    def _periodic(self, node: cst.Call) -> None:
        schedule, task = arg(node, 0, "schedule"), _task_of(arg(node, 1, "sig"))
        if schedule is not None and task:
            name = literal_str(arg(node, keyword="name"))
            self._schedule(task, _details(name=name, schedule=expr_text(schedule)))

    def _send_task(self, node: cst.Call, head: str) -> None:
        name = literal_str(arg(node, 0, "name"))
        if not name or not self._is_celery_object(head):
            return
        ctx = self.ctx
        ctx.calls.append(f.Call(ctx.scope, f"task:{name}", ctx.line, "dispatch"))

    def _is_celery_object(self, head: str) -> bool:
        root = head.split(".", 1)[0]
        evidence = celery_evidence(self.ctx, root)
        if evidence is not None:
            return evidence
        return any(i.module.split(".", 1)[0] == "celery" for i in self.ctx.imports)


def _task_of(sig: cst.BaseExpression | None) -> str:
    """The task a signature names: `cleanup.s()` → `cleanup`, `signature("x")` → `task:x`."""
    while isinstance(sig, cst.Call) and isinstance(sig.func, cst.Attribute) and sig.func.attr.value == "set":
        sig = sig.func.value
    if not isinstance(sig, cst.Call):
        return ""
    ref = dotted(sig.func) or ""
    head, _, method = ref.rpartition(".")
    if method == "signature":
        name = literal_str(arg(sig, 0, "varies"))
        if name:
            return f"task:{name}"
    if method in SIGNATURE_METHODS and head:
        return head
    return ""
