"""Gathers code units: functions, methods, classes, named lambdas and the module body."""

from __future__ import annotations

import libcst as cst

from granularity.extract.context import FileContext, Frame, Gatherer
from granularity.extract.refs import expr_text, literal_str, ref_of
from granularity.model import facts as f


def _params(params: cst.Parameters) -> tuple[f.Param, ...]:
    out: list[f.Param] = []
    for p in (*params.posonly_params, *params.params):
        out.append(f.Param(p.name.value, _annotation(p.annotation)))
    if isinstance(params.star_arg, cst.Param):
        out.append(f.Param(params.star_arg.name.value, _annotation(params.star_arg.annotation), "*"))
    for p in params.kwonly_params:
        out.append(f.Param(p.name.value, _annotation(p.annotation)))
    if params.star_kwarg is not None:
        out.append(f.Param(params.star_kwarg.name.value, _annotation(params.star_kwarg.annotation), "**"))
    return tuple(out)


def _annotation(annotation: cst.Annotation | None) -> str:
    """Reference text of an annotation; `Optional[C]`, `C | None` and quoted names give `C`."""
    if annotation is None:
        return ""
    return annotation_ref(annotation.annotation)


#: Generic containers whose item type an annotation names: `list[Order]` → `*Order`.
CONTAINERS = frozenset({
    "list", "List", "dict", "Dict", "set", "Set", "frozenset", "FrozenSet", "Sequence", "Iterable",
    "Iterator", "Mapping", "MutableMapping", "MutableSequence", "Collection", "defaultdict",
    "OrderedDict", "DefaultDict", "Generator", "AsyncIterator", "AsyncIterable", "deque",
})


def annotation_ref(node: cst.BaseExpression) -> str:
    """Reference text of an annotation; `Optional[C]`, `C | None` and quoted names give `C`,
    a container of items (`list[C]`, `dict[K, C]`) gives `*C`."""
    literal = literal_str(node)
    if literal is not None:
        try:
            return annotation_ref(cst.parse_expression(literal))
        except Exception:  # not an expression: no reference
            return ""
    if isinstance(node, cst.Subscript):
        base = ref_of(node.value) or ""
        last = base.rsplit(".", 1)[-1]
        if last in ("Optional", "Annotated", "Type", "type") and node.slice:
            inner = node.slice[0].slice
            if isinstance(inner, cst.Index):
                return annotation_ref(inner.value)
        if last in CONTAINERS and node.slice:
            inner = node.slice[-1].slice  # the item (for a mapping: the value) type
            if isinstance(inner, cst.Index):
                item = annotation_ref(inner.value)
                return f"*{item}" if item and not item.startswith("*") else ""
        return base
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.BitOr):
        for side in (node.left, node.right):
            if not (isinstance(side, cst.Name) and side.value == "None"):
                return annotation_ref(side)
    return ref_of(node) or ""


class UnitGatherer(Gatherer):
    """Fills `ctx.units` with one `Unit` per def, class, named lambda and the module body."""

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        self._generators: set[str] = set()
        self._returned: dict[str, set[str]] = {}
        self._class_attrs: dict[str, dict[str, str]] = {}
        self._tables: dict[str, str] = {}
        self._extra: dict[str, dict] = {}

    # -- opening units -------------------------------------------------------------------

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        frame = self.ctx.open_unit(node, node.name.value, f.FUNCTION, node.body, node.name)
        self._extra[frame.qualname] = dict(
            is_async=node.asynchronous is not None,
            decorators=tuple(r for d in node.decorators if (r := ref_of(d.decorator))),
            decorator_texts=tuple(expr_text(d.decorator) for d in node.decorators),
            params=_params(node.params),
            returns=_annotation(node.returns),
        )

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        frame = self.ctx.open_unit(node, node.name.value, f.CLASS, node.body, node.name)
        self._extra[frame.qualname] = dict(
            decorators=tuple(r for d in node.decorators if (r := ref_of(d.decorator))),
            decorator_texts=tuple(expr_text(d.decorator) for d in node.decorators),
            bases=tuple(r for a in node.bases if a.keyword is None and (r := ref_of(a.value))),
        )

    def visit_Assign(self, node: cst.Assign) -> None:
        if isinstance(node.value, cst.Lambda) and len(node.targets) == 1:
            target = node.targets[0].target
            if isinstance(target, cst.Name):
                lam = node.value
                frame = self.ctx.open_unit(lam, target.value, f.LAMBDA, lam.body, None)
                self._extra[frame.qualname] = dict(params=_params(lam.params))
        self._class_attr(node)

    # -- facts about the unit being walked ----------------------------------------------

    def _class_attr(self, node: cst.Assign) -> None:
        frame = self.ctx.frame
        if frame.kind != f.CLASS or len(node.targets) != 1:
            return
        target = node.targets[0].target
        value = literal_str(node.value)
        if not isinstance(target, cst.Name) or value is None:
            return
        self._class_attrs.setdefault(frame.qualname, {})[target.value] = value
        if target.value == "__tablename__":
            self._tables[frame.qualname] = value
        elif target.value == "db_table" and frame.qualname.endswith(".Meta") and frame.parent:
            self._tables[frame.parent.qualname] = value

    def visit_Yield(self, node: cst.Yield) -> None:
        self._generators.add(self.ctx.scope)

    def visit_Return(self, node: cst.Return) -> None:
        if isinstance(node.value, cst.Name):
            self._returned.setdefault(self.ctx.scope, set()).add(node.value.value)

    # -- closing units ------------------------------------------------------------------

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._close(node)

    def leave_ClassDef(self, node: cst.ClassDef) -> None:
        self._close(node)

    def leave_Lambda(self, node: cst.Lambda) -> None:
        if id(node) in self.ctx.frames:
            self._close(node)

    def _close(self, node: cst.CSTNode) -> None:
        frame = self.ctx.frames[id(node)]
        self.ctx.units.append(self._unit(frame))

    def _unit(self, frame: Frame) -> f.Unit:
        q = frame.qualname
        extra = self._extra.get(q, {})
        returned = self._returned.get(q, set())
        child_functions = tuple(sorted(
            c for c in frame.children if c.rsplit(".", 1)[-1] in returned
        ))
        return f.Unit(
            qualname=q,
            kind=frame.kind,
            parent=frame.parent.qualname if frame.parent else None,
            line=frame.line,
            end_line=frame.end_line,
            sloc=self.ctx.sloc_between(frame.line, frame.end_line),
            table=self._tables.get(q),
            class_attrs=tuple(sorted(self._class_attrs.get(q, {}).items())),
            returns_functions=child_functions,
            is_generator=q in self._generators,
            **extra,
        )

    def finish(self) -> None:
        ctx = self.ctx
        module = ctx.module_frame
        module.end_line = max(ctx.line - 1, 1)
        ctx.units.append(f.Unit(
            qualname=module.qualname, kind=f.MODULE, parent=None, line=1,
            end_line=module.end_line, sloc=len(ctx.code_lines),
            is_generator=False,
        ))
