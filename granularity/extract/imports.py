"""Gathers imports of every form: absolute, relative, aliased, star, conditional,
`TYPE_CHECKING`-only and function-local. Relative imports are resolved here, against
the file's own module name, so later stages only see absolute names."""

from __future__ import annotations

from dataclasses import replace

import libcst as cst

from granularity.extract.context import FileContext, Gatherer
from granularity.extract.refs import dotted
from granularity.model import facts as f


def resolve_relative(module: str, is_package: bool, level: int, name: str) -> str:
    """`from ..a import b` in module `p.q.r` → `p.a`. Beyond the root, the dots are dropped."""
    if level == 0:
        return name
    parts = module.split(".")
    if not is_package:
        parts = parts[:-1]
    drop = level - 1
    base = parts[: len(parts) - drop] if drop <= len(parts) else []
    return ".".join([*base, name] if name else base)


class ImportGatherer(Gatherer):
    """Fills `ctx.imports`, and tracks `if TYPE_CHECKING:` blocks for every gatherer."""

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        self._type_checking_bodies: set[int] = set()

    def visit_If(self, node: cst.If) -> None:
        test = dotted(node.test) or ""
        if test.rsplit(".", 1)[-1] == "TYPE_CHECKING":
            self._type_checking_bodies.add(id(node.body))

    def visit_IndentedBlock(self, node: cst.IndentedBlock) -> None:
        if id(node) in self._type_checking_bodies:
            self.ctx.type_checking += 1

    def leave_IndentedBlock(self, node: cst.IndentedBlock) -> None:
        if id(node) in self._type_checking_bodies:
            self.ctx.type_checking -= 1
            self._type_checking_bodies.discard(id(node))

    def _conditional(self) -> bool:
        return self.ctx.conditional > 0 or self.ctx.in_function

    def visit_Import(self, node: cst.Import) -> None:
        ctx = self.ctx
        for alias in node.names:
            name = dotted(alias.name)
            if name is None:
                continue
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                local = alias.asname.name.value
                module_bound = name
            else:
                local = name.split(".", 1)[0]
                module_bound = name
            ctx.imports.append(f.Import(
                scope=ctx.namespace, module=module_bound, name=None, alias=local,
                line=ctx.line, type_checking=ctx.type_checking > 0,
                conditional=self._conditional(),
            ))

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        ctx = self.ctx
        level = len(node.relative)
        written = dotted(node.module) if node.module is not None else ""
        if written is None:
            return
        module = resolve_relative(ctx.module, ctx.is_package, level, written)
        common = dict(scope=ctx.namespace, module=module, line=ctx.line,
                      type_checking=ctx.type_checking > 0, conditional=self._conditional(),
                      level=level)
        if isinstance(node.names, cst.ImportStar):
            ctx.imports.append(f.Import(name="*", alias="*", **common))
            return
        for alias in node.names:
            if not isinstance(alias.name, cst.Name):
                continue
            name = alias.name.value
            local = name
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                local = alias.asname.name.value
            ctx.imports.append(f.Import(name=name, alias=local, **common))


def _heads(text: str) -> set[str]:
    """First names of the references in a call target or binding value (`a.b()`, `{f,g}`)."""
    out = set()
    for piece in text.strip("{}[]()").split(","):
        head = piece.strip().split(".", 1)[0].split("(", 1)[0].split("[", 1)[0]
        if head.isidentifier():
            out.add(head)
    return out


def with_users(module: str, imports: list[f.Import], calls: list[f.Call], bindings: list[f.Binding],
               classes: set[str]) -> list[f.Import]:
    """The module-level imports with `users` filled: the functions that use the name each
    binds, when only functions do (`()` when the module body, a class body, a decorator, a
    default value or an annotation evaluated at definition uses it, or when no use is seen:
    such an import is loaded with the module, whoever runs).

    A use is a reference the facts record: a call, decorator, attribute read, callback,
    context manager, or the value or annotation of a binding. A bare name the facts do not
    record (`except Error:`, `return CONSTANT`) is not seen; an import no recorded use names
    is therefore kept with the module, the safe side. A pure function of the file's facts,
    so it is cached with them."""
    bound = {imp.alias for imp in imports if imp.scope == module and not imp.type_checking}
    bound.discard("*")
    if not bound:
        return imports
    scopes: dict[str, set[str]] = {}
    for call in calls:
        heads = _heads(call.target) | (_heads(call.receiver) if call.receiver else set())
        for head in heads & bound:
            scopes.setdefault(head, set()).add(call.scope)
    for b in bindings:
        heads = (_heads(b.value) | _heads(b.annotation)) & bound
        for head in heads:
            scopes.setdefault(head, set()).add(b.origin or b.scope)
    out = []
    for imp in imports:
        used = scopes.get(imp.alias, set()) if imp.scope == module and not imp.type_checking else set()
        if used and module not in used and not used & classes:
            imp = replace(imp, users=tuple(sorted(used)))
        out.append(imp)
    return out
