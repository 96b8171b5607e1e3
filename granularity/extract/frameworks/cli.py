"""Command lines: click and typer commands, `__main__` blocks and Django management commands.

Recognised, each → `EntryPoint(kind="cli")` with `command` = the command's name:

- click: `@click.command()`, `@click.group()`, `@cli.command("name")`, `@group.group()` and
  Flask's `@app.cli.command()` (framework "click", or "flask" for `.cli`). The object must be
  evidently click's: `click` itself, a group or `click.Group(...)` the file defines, or any
  object in a file that imports click (so `@bot.command()` of a chat bot stays silent).
  `router` is the group the command hangs on.
- typer: `@app.command()` on `app = typer.Typer()` (framework "typer").
- Names: the explicit name (first argument or `name=`), else the function's name lower-cased
  with "_" → "-" (click ≥ 7 and typer alike).
- `if __name__ == "__main__":` at module level → `unit=<module>`, framework "main",
  `command` = the module's dotted name; a `pkg/__main__.py` module counts as `pkg`'s command.
- Django: a module-level class `Command` in a module under `management/commands/` →
  `unit=<module>.Command`, framework "django", `command` = the module's last name.
"""

from __future__ import annotations

import libcst as cst

from granularity.extract.context import FileContext, Gatherer
from granularity.extract.refs import arg, dotted, literal_str
from granularity.model import facts as f

CLICK_PACKAGES = frozenset({"click", "asyncclick", "rich_click", "cloup"})
TYPER_PACKAGES = frozenset({"typer"})
COMMAND_METHODS = frozenset({"command", "group"})
#: Constructors of objects on which `.command()` declares a command.
GROUP_CONSTRUCTORS = {"Typer": "typer", "Group": "click", "AppGroup": "flask", "MultiCommand": "click"}


def imports_package(ctx: FileContext, packages: frozenset[str]) -> bool:
    """True when the file imports anything from one of `packages` (top-level names)."""
    return any(i.module.split(".", 1)[0] in packages for i in ctx.imports)


def _imported_package(ctx: FileContext, name: str) -> str | None:
    """The top-level package a local name is imported from, or None."""
    for imp in reversed(ctx.imports):
        if imp.alias == name:
            return imp.module.split(".", 1)[0]
    return None


def command_name(call: cst.Call | None, function: str) -> str:
    """The explicit name of a command, else the function's name the click/typer way."""
    explicit = literal_str(arg(call, 0, "name")) if call is not None else None
    return explicit or function.lower().replace("_", "-")


def is_main_test(test: cst.BaseExpression) -> bool:
    """`__name__ == "__main__"`, either way round."""
    if not isinstance(test, cst.Comparison) or len(test.comparisons) != 1:
        return False
    target = test.comparisons[0]
    if not isinstance(target.operator, cst.Equal):
        return False
    sides = {dotted(test.left) or literal_str(test.left), dotted(target.comparator) or literal_str(target.comparator)}
    return sides == {"__name__", "__main__"}


class CliGatherer(Gatherer):
    """click/typer commands, `__main__` blocks and Django management commands."""

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        #: Decorator node id → (qualified name, function name) of what it decorates.
        self._decorated: dict[int, tuple[str, str]] = {}
        #: Local names of click groups and typer apps built in this file → framework.
        self._groups: dict[str, str] = {}
        self._has_main = False

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        name = node.name.value
        for decorator in node.decorators:
            self._decorated[id(decorator)] = (f"{self.ctx.namespace}.{name}", name)

    def visit_Assign(self, node: cst.Assign) -> None:
        value = node.value
        if not isinstance(value, cst.Call) or len(node.targets) != 1:
            return
        target, callee = dotted(node.targets[0].target), dotted(value.func) or ""
        framework = GROUP_CONSTRUCTORS.get(callee.rsplit(".", 1)[-1])
        if target and framework:
            self._groups[target] = framework

    def visit_Decorator(self, node: cst.Decorator) -> None:
        owner = self._decorated.pop(id(node), None)
        expr = node.decorator
        call = expr if isinstance(expr, cst.Call) else None
        ref = dotted(call.func if call else expr)
        if owner is None or ref is None:
            return
        obj, _, method = ref.rpartition(".")
        framework = self._framework(obj, ref) if method in COMMAND_METHODS else None
        if framework is None:
            return
        unit, function = owner
        if method == "group":
            self._groups[function] = framework
        router = "" if not obj or framework == "click" and obj.split(".", 1)[0] in self._click_modules() else obj
        self.ctx.entry_points.append(f.EntryPoint(
            unit, "cli", framework, (("command", command_name(call, function)),),
            router=router, line=self.ctx.line + len(node.leading_lines),
        ))

    def _framework(self, obj: str, ref: str) -> str | None:
        """Which framework a `@obj.command()`/`@obj.group()` belongs to, or None if not evident."""
        ctx = self.ctx
        if not obj:
            return "click" if _imported_package(ctx, ref) in CLICK_PACKAGES else None
        root = obj.split(".", 1)[0]
        if root == "click" or _imported_package(ctx, root) in CLICK_PACKAGES:
            return "click"
        if obj in self._groups:
            return self._groups[obj]
        if obj.endswith(".cli"):
            return "flask"
        if imports_package(ctx, CLICK_PACKAGES):
            return "click"
        return "typer" if imports_package(ctx, TYPER_PACKAGES) else None

    def _click_modules(self) -> set[str]:
        """Local names bound to the click package itself (`click`, `import rich_click as click`)."""
        names = {i.alias for i in self.ctx.imports if i.name is None and i.module.split(".", 1)[0] in CLICK_PACKAGES}
        return names | {"click"}

    def visit_If(self, node: cst.If) -> None:
        ctx = self.ctx
        if ctx.at_module_level and not self._has_main and is_main_test(node.test):
            self._has_main = True
            self._main(ctx.line + len(node.leading_lines))

    def _main(self, line: int) -> None:
        module = self.ctx.module
        command = module[: -len(".__main__")] if module.endswith(".__main__") else module
        self.ctx.entry_points.append(f.EntryPoint(module, "cli", "main", (("command", command),), line=line))

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        ctx = self.ctx
        command = ctx.module.rsplit(".", 1)[-1]
        if (node.name.value == "Command" and ctx.at_module_level and not command.startswith("_")
                and "/management/commands/" in "/" + ctx.path.replace("\\", "/")):
            ctx.entry_points.append(f.EntryPoint(
                f"{ctx.namespace}.Command", "cli", "django", (("command", command),),
                line=ctx.line + len(node.leading_lines),
            ))

    def finish(self) -> None:
        if not self._has_main and self.ctx.module.rsplit(".", 1)[-1] == "__main__":
            self._main(1)
