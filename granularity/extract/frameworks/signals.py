"""Signal receivers: Django's `@receiver` and `signal.connect`, blinker/Flask signals where evident.

Recognised, each → `EntryPoint(kind="event")` with `event` = the signal's last name
(`post_save`) and `sender` (reference text, or the literal) where given:

- `@receiver(post_save, sender=Article)`, `@receiver([post_save, post_delete], sender=X)` →
  one entry point per signal on the decorated function, framework "django" (unless
  `receiver` is imported from somewhere other than Django).
- `post_save.connect(handler, sender=X)` / `connect(receiver=handler)` / `sig.connect(handler, X)` → `unit=""`,
  `target` = the handler's reference text, `scope` = the namespace of the call.
- blinker: `@sig.connect`, `@sig.connect_via(sender)` and `sig.connect(handler)`.

A `connect` counts only when the signal is evidently one: imported from django, flask,
flask extensions or blinker, imported from a module named `signals`, built in the file by
`Signal()` or `ns.signal("name")`, or one of Django's built-in signal names used unimported.
So `engine.connect()`, `socket.connect(address)` and Celery's signals stay silent, and so does
`x.connect(other.send)` (one signal forwarding to another).
"""

from __future__ import annotations

import libcst as cst

from granularity.extract.context import FileContext, Gatherer
from granularity.extract.refs import arg, dotted, expr_text, literal_str, ref_of
from granularity.model import facts as f

DJANGO_SIGNALS = frozenset({
    "pre_init", "post_init", "pre_save", "post_save", "pre_delete", "post_delete", "m2m_changed",
    "class_prepared", "pre_migrate", "post_migrate", "request_started", "request_finished",
    "got_request_exception", "setting_changed", "template_rendered", "user_logged_in",
    "user_logged_out", "user_login_failed", "connection_created",
})


def _origin(ctx: FileContext, name: str) -> str | None:
    """Where an imported local name comes from (`django.db.models.signals.post_save`), or None."""
    for imp in reversed(ctx.imports):
        if imp.alias == name:
            return f"{imp.module}.{imp.name}" if imp.name and imp.name != "*" else imp.module
    return None


def _package_framework(package: str) -> str | None:
    if package == "django":
        return "django"
    if package == "flask" or package.startswith("flask_"):
        return "flask"
    return "blinker" if package == "blinker" else None


def _text(node: cst.BaseExpression) -> str:
    """A literal's value, else reference text, else the expression as written."""
    literal = literal_str(node)
    return literal if literal is not None else ref_of(node) or expr_text(node)


class SignalGatherer(Gatherer):
    """Django receivers and blinker/Flask signal connections (see the module docstring)."""

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        #: Decorator node id → qualified name of the function it decorates.
        self._decorated: dict[int, str] = {}
        #: Local names of signals built in this file → framework.
        self._built: dict[str, str] = {}

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        for decorator in node.decorators:
            self._decorated[id(decorator)] = f"{self.ctx.namespace}.{node.name.value}"

    def visit_Assign(self, node: cst.Assign) -> None:
        value = node.value
        if len(node.targets) != 1 or not isinstance(value, cst.Call):
            return
        target, callee = dotted(node.targets[0].target), dotted(value.func) or ""
        leaf = callee.rsplit(".", 1)[-1]
        if target and leaf == "Signal":
            self._built[target] = self._callee_framework(callee) or self._hint()
        elif target and leaf == "signal" and literal_str(arg(value, 0, "name")) is not None:
            self._built[target] = self._callee_framework(callee) or "blinker"

    def _callee_framework(self, callee: str) -> str | None:
        source = _origin(self.ctx, callee.split(".", 1)[0])
        return _package_framework(source.split(".", 1)[0]) if source else None

    def _hint(self) -> str:
        """The framework a custom signal most likely belongs to, from the file's imports."""
        packages = {i.module.split(".", 1)[0] for i in self.ctx.imports}
        if "django" in packages:
            return "django"
        return "flask" if any(p == "flask" or p.startswith("flask_") for p in packages) else "blinker"

    def signal_framework(self, signal: str) -> str | None:
        """The framework of an evident signal's reference text, or None when it is not evident."""
        root, _, rest = signal.partition(".")
        if root in self._built:
            return self._built[root]
        source = _origin(self.ctx, root)
        if source is None:
            return "django" if signal in DJANGO_SIGNALS else None
        full = f"{source}.{rest}" if rest else source
        framework = _package_framework(full.split(".", 1)[0])
        if framework is not None or full.startswith("celery"):
            return framework
        return self._hint() if "signals" in full.split(".")[:-1] else None

    # -- decorators ----------------------------------------------------------------------

    def visit_Decorator(self, node: cst.Decorator) -> None:
        unit = self._decorated.pop(id(node), None)
        expr = node.decorator
        call = expr if isinstance(expr, cst.Call) else None
        ref = dotted(call.func if call else expr)
        if unit is None or ref is None:
            return
        obj, _, method = ref.rpartition(".")
        line = self.ctx.line + len(node.leading_lines)
        if method == "receiver" and call is not None and self._is_django_receiver(ref):
            self._receiver(unit, call, line)
        elif obj and (method == "connect" and call is None or method == "connect_via" and call is not None):
            framework = self.signal_framework(obj)
            sender = arg(call, 0, "sender") if call is not None else None
            if framework is not None:
                self._add(framework, obj, sender, line, unit=unit)

    def _is_django_receiver(self, ref: str) -> bool:
        source = _origin(self.ctx, ref.split(".", 1)[0])
        return source is None or source.startswith("django")

    def _receiver(self, unit: str, call: cst.Call, line: int) -> None:
        signals = arg(call, 0, "signal")
        if signals is None:
            return
        sender = arg(call, keyword="sender")
        items = [e.value for e in signals.elements] if isinstance(signals, (cst.List, cst.Tuple)) else [signals]
        for item in items:
            self._add("django", _text(item), sender, line, unit=unit)

    # -- calls ---------------------------------------------------------------------------

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if not isinstance(func, cst.Attribute) or func.attr.value != "connect":
            return
        handler = arg(node, 0, "receiver")
        target = ref_of(handler) if isinstance(handler, (cst.Name, cst.Attribute)) else None
        signal = dotted(func.value)
        if target is None or signal is None or target.endswith(".send"):
            return
        framework = self.signal_framework(signal)
        if framework is not None:
            self._add(framework, signal, arg(node, 1, "sender"), self.ctx.line, target=target)

    def _add(self, framework: str, signal: str, sender: cst.BaseExpression | None, line: int,
             unit: str = "", target: str = "") -> None:
        details = [("event", signal.rsplit(".", 1)[-1])]
        if sender is not None:
            details.append(("sender", _text(sender)))
        ctx = self.ctx
        ctx.entry_points.append(f.EntryPoint(
            unit, "event", framework, tuple(sorted(details)), line=line,
            target=target, scope=ctx.namespace if target else "",
        ))
