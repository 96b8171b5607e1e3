"""Gathers name bindings (for resolving calls on variables) and module-level mutable state
that code writes or reads at run time (the state a FaaS function cannot keep in memory)."""

from __future__ import annotations

import libcst as cst

from granularity.extract.context import Gatherer
from granularity.extract.refs import literal_str, literal_strs, ref_of
from granularity.extract.units import annotation_ref
from granularity.model import facts as f

#: Callables whose result is a mutable container.
MUTABLE_FACTORIES = frozenset({
    "dict", "list", "set", "defaultdict", "OrderedDict", "deque", "Counter",
    "collections.defaultdict", "collections.OrderedDict", "collections.deque",
    "collections.Counter", "WeakValueDictionary", "weakref.WeakValueDictionary",
})
#: SQLAlchemy's imperative (classical) mapping calls: `mapper(Cls, table)`.
IMPERATIVE_MAPPERS = frozenset({"mapper", "map_imperatively"})
#: Methods that mutate the container they are called on.
MUTATORS = frozenset({
    "append", "extend", "insert", "pop", "popitem", "remove", "clear", "update",
    "setdefault", "add", "discard", "appendleft", "popleft", "sort", "reverse",
    "__setitem__", "__delitem__",
})


def _value_text(value: cst.BaseExpression) -> tuple[str, bool]:
    """Reference text of a bound value, and whether it is a mutable container."""
    if isinstance(value, (cst.Dict, cst.List, cst.Set)):
        refs = _container_refs(value)
        return (("{" + ",".join(refs) + "}") if refs else ""), True
    if isinstance(value, cst.Tuple):
        refs = _container_refs(value)
        return (("{" + ",".join(refs) + "}") if refs else ""), False
    if isinstance(value, (cst.DictComp, cst.ListComp, cst.SetComp)):
        return "", True
    held = _held_table(value)
    if held:
        return held, False
    if isinstance(value, cst.BooleanOperation) and isinstance(value.operator, cst.Or):
        return _value_text(value.right)  # `table or default_table`: the default is what is evident
    if isinstance(value, cst.Subscript) and (ref_of(value.value) or "").rsplit(".", 1)[-1] in (
            "Annotated", "Optional"):  # `Repo = Annotated[Repository, Depends(...)]`
        return annotation_ref(value), False
    ref = ref_of(value) or ""
    mutable = ref.endswith("()") and ref[:-2] in MUTABLE_FACTORIES
    return ref, mutable


def _env_key(node: cst.BaseExpression | None) -> str | None:
    """`X` for `os.environ["X"]`, `os.environ.get("X")`, `os.getenv("X")`."""
    if isinstance(node, cst.Subscript) and (ref_of(node.value) or "").endswith("environ") and len(node.slice) == 1:
        index = node.slice[0].slice
        return literal_str(index.value) if isinstance(index, cst.Index) else None
    if isinstance(node, cst.Call) and (ref_of(node.func) or "").endswith(("environ.get", "getenv")):
        return literal_str(node.args[0].value) if node.args else None
    return None


def _held_table(value: cst.BaseExpression) -> str:
    """`@table:NAME` (or `@table:env:X`) for `resource.Table(NAME)`: the name holds a handle on
    that table, wherever it is used from."""
    if not (isinstance(value, cst.Call) and value.args
            and (ref_of(value.func) or "").rsplit(".", 1)[-1] == "Table"):
        return ""  # DynamoDB's resource.Table(NAME), SQLAlchemy Core's Table(NAME, metadata, ...)
    first = value.args[0].value
    literal = literal_str(first)
    if literal:
        return f"@table:{literal}"
    env = _env_key(first)
    return f"@table:env:{env}" if env else ""


def _container_refs(value: cst.BaseExpression) -> list[str]:
    items: list[cst.BaseExpression] = []
    if isinstance(value, cst.Dict):
        items = [e.value for e in value.elements if isinstance(e, cst.DictElement)]
    elif isinstance(value, (cst.List, cst.Tuple, cst.Set)):
        items = [e.value for e in value.elements]
    refs = []
    for item in items:
        if isinstance(item, (cst.Name, cst.Attribute)):
            ref = ref_of(item)
            if ref:
                refs.append(ref)
    return refs


def _base_name(node: cst.BaseExpression) -> cst.Name | None:
    """The name at the root of `a.b[c].d`."""
    while isinstance(node, (cst.Attribute, cst.Subscript)):
        node = node.value
    return node if isinstance(node, cst.Name) else None


def _is_none(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Name) and node.value == "None"


def _checked_names(test: cst.BaseExpression, missing: bool) -> set[str]:
    """Names a condition, when true (`missing`) or when false (not `missing`), guarantees
    unset: `X is None`, `not X` when true; `X is not None`, `X` when false. `A or B` is
    true when either is, so only names both guarantee count; `A and B` when both are."""
    if isinstance(test, cst.BooleanOperation):
        left, right = _checked_names(test.left, missing), _checked_names(test.right, missing)
        either = isinstance(test.operator, cst.Or) == missing
        return left & right if either else left | right
    if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
        return _checked_names(test.expression, not missing)
    if isinstance(test, cst.Name):
        return set() if missing else {test.value}
    if (isinstance(test, cst.Comparison) and isinstance(test.left, cst.Name) and len(test.comparisons) == 1
            and _is_none(test.comparisons[0].comparator)):
        op = test.comparisons[0].operator
        if isinstance(op, (cst.Is, cst.Equal)):
            return {test.left.value} if missing else set()
        if isinstance(op, (cst.IsNot, cst.NotEqual)):
            return set() if missing else {test.left.value}
    return set()


def _returns(body: cst.BaseSuite) -> bool:
    statements = body.body
    if not statements:
        return False
    last = statements[-1]
    if isinstance(last, cst.SimpleStatementLine):
        return any(isinstance(s, cst.Return) for s in last.body)
    return isinstance(last, cst.Return)


class _FunctionState:
    """Names a function binds locally, and the outside names it mutates or reads."""

    __slots__ = ("locals", "globals", "writes", "reads", "initialised")

    def __init__(self, params: set[str]) -> None:
        self.locals: set[str] = set(params)
        self.globals: set[str] = set()
        #: (name, line, reference text, whether it is a lazy initialisation)
        self.writes: list[tuple[str, int, str, bool]] = []
        self.reads: dict[str, int] = {}
        #: Globals the function returns early for when set (`if X is not None: return X`).
        self.initialised: set[str] = set()


class StateGatherer(Gatherer):
    """Fills `ctx.bindings`, `ctx.all_names`, and `ctx.accesses` of kind "global"."""

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self._functions: dict[int, _FunctionState] = {}
        self._stack: list[_FunctionState] = []
        self._module_mutable: set[str] = set()
        self._module_names: set[str] = set()
        self._from_imported: set[str] = set()
        self._pending_reads: list[tuple[str, str, int]] = []
        #: Blocks run only when a name is unset (`if X is None:`), by id, and those entered.
        self._guards: dict[int, set[str]] = {}
        self._guarded: list[tuple[int, set[str]]] = []

    # -- functions ------------------------------------------------------------------------

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        p = node.params
        names = {x.name.value for x in (*p.posonly_params, *p.params, *p.kwonly_params)}
        for star in (p.star_arg, p.star_kwarg):
            if isinstance(star, cst.Param):
                names.add(star.name.value)
        state = _FunctionState(names)
        self._functions[id(node.body)] = state

    def visit_IndentedBlock(self, node: cst.IndentedBlock) -> None:
        state = self._functions.get(id(node))
        if state is not None:
            self._stack.append(state)
        if self._guards:
            names = self._guards.pop(id(node), None)
            if names:
                self._guarded.append((id(node), names))

    def leave_IndentedBlock(self, node: cst.IndentedBlock) -> None:
        if self._guarded and self._guarded[-1][0] == id(node):
            self._guarded.pop()
        state = self._functions.pop(id(node), None)
        if state is None:
            return
        self._stack.pop()
        scope = self.ctx.scope
        for name, line, ref, lazy in state.writes:
            if name in state.globals and lazy:
                # `global X; if X is None: X = make()`: set once per instance and reused, as a
                # module-level `X = make()` would be; the function only reads it after that.
                self.ctx.accesses.append(f.Access(scope, "global", ref, "read", line, "lazy-init"))
            elif name in state.globals:
                self.ctx.accesses.append(f.Access(scope, "global", ref, "write", line, "global"))
            elif name not in state.locals:
                self.ctx.accesses.append(f.Access(scope, "global", ref, "write", line, "mutation"))
        for name, line in state.reads.items():
            if name in state.globals or name not in state.locals:
                self._pending_reads.append((scope, name, line))

    visit_SimpleStatementSuite = visit_IndentedBlock  # type: ignore[assignment]
    leave_SimpleStatementSuite = leave_IndentedBlock  # type: ignore[assignment]

    def visit_If(self, node: cst.If) -> None:
        if not self._stack:
            return
        unset = _checked_names(node.test, missing=True)
        if unset:
            self._guards[id(node.body)] = unset
        if _returns(node.body):
            self._stack[-1].initialised |= _checked_names(node.test, missing=False)

    def visit_Global(self, node: cst.Global) -> None:
        if self._stack:
            self._stack[-1].globals.update(n.name.value for n in node.names)

    # -- bindings -------------------------------------------------------------------------

    def visit_Assign(self, node: cst.Assign) -> None:
        value, mutable = _value_text(node.value)
        for target in node.targets:
            self._bind(target.target, value, "", mutable)
        if (self.ctx.at_module_level and len(node.targets) == 1
                and isinstance(node.targets[0].target, cst.Name)
                and node.targets[0].target.value == "__all__"):
            names = literal_strs(node.value)
            if names is not None:
                self.ctx.all_names = names

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        value, mutable = _value_text(node.value) if node.value is not None else ("", False)
        self._bind(node.target, value, annotation_ref(node.annotation.annotation), mutable)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._write(node.target)

    def visit_WithItem(self, node: cst.WithItem) -> None:
        if node.asname is not None:
            self._bind(node.asname.name, ref_of(node.item) or "", "", False)

    def visit_For(self, node: cst.For) -> None:
        items = ref_of(node.iter)
        self._bind(node.target, f"{items}[]" if items else "", "", False)

    def visit_Del(self, node: cst.Del) -> None:
        self._write(node.target)

    def _bind(self, target: cst.BaseExpression, value: str, annotation: str, mutable: bool) -> None:
        ctx = self.ctx
        if isinstance(target, cst.Name):
            name = target.value
            namespace = ctx.namespace
            if self._stack:
                state = self._stack[-1]
                if name in state.globals:
                    lazy = name in state.initialised or any(name in g for _, g in self._guarded)
                    state.writes.append((name, ctx.line, name, lazy))
                    namespace = ctx.module  # `global X; X = v` rebinds the module's X
                else:
                    state.locals.add(name)
            elif ctx.at_module_level:
                self._module_names.add(name)
                if mutable:
                    self._module_mutable.add(name)
            ctx.bindings.append(f.Binding(namespace, name, value, annotation, ctx.line, mutable,
                                          origin="" if namespace == ctx.namespace else ctx.scope))
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self._bind(element.value, "", "", False)
        elif isinstance(target, cst.StarredElement):
            self._bind(target.value, "", "", False)
        elif isinstance(target, cst.Attribute) and isinstance(target.value, cst.Name):
            owner = target.value.value
            cls = ctx.enclosing_class()
            if owner == "self" and cls is not None:
                ctx.bindings.append(f.Binding(cls.qualname, target.attr.value, value, annotation,
                                              ctx.line, mutable, origin=ctx.scope))
            else:
                self._write(target)
        elif isinstance(target, cst.Subscript):
            self._write(target)

    def _write(self, target: cst.BaseExpression) -> None:
        """An assignment into or mutation of something reached from a name."""
        base = _base_name(target)
        if base is None or not self._stack:
            return
        if isinstance(target, cst.Name):
            self._stack[-1].writes.append((base.value, self.ctx.line, base.value, False))
            return
        ref = _state_ref(target)
        if ref:
            self._stack[-1].writes.append((base.value, self.ctx.line, ref, False))

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value in MUTATORS:
            self._write(func.value)
        method = (ref_of(func) or "").rsplit(".", 1)[-1]
        if method in IMPERATIVE_MAPPERS and len(node.args) >= 2:
            cls, table = ref_of(node.args[0].value), ref_of(node.args[1].value)
            if cls and table:  # SQLAlchemy's classical mapping: the class maps to that Table
                self.ctx.accesses.append(f.Access(self.ctx.scope, "maps", f"{cls}|{table}", "read",
                                                  self.ctx.line, "sqlalchemy"))

    def visit_Name(self, node: cst.Name) -> None:
        if self._stack:
            reads = self._stack[-1].reads
            if node.value not in reads:
                reads[node.value] = self.ctx.line

    def finish(self) -> None:
        # Reads are kept only for this module's mutable globals and names imported with
        # `from m import X` (they may be mutable globals of m); everything else is noise.
        imported = {i.alias for i in self.ctx.imports if i.name not in (None, "*")}
        for scope, name, line in self._pending_reads:
            if name in self._module_mutable or name in imported:
                self.ctx.accesses.append(f.Access(scope, "global", name, "read", line, "name"))


def _state_ref(target: cst.BaseExpression) -> str:
    """Reference text of the state an assignment target changes: `a.b[k]` → `a.b`.
    For `obj.attr = v` it is `obj.attr`; the link stage decides whether the state is a
    module's attribute or the singleton `obj` itself."""
    node = target
    while isinstance(node, cst.Subscript):
        node = node.value
    return ref_of(node) or ""
