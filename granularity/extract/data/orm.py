"""ORM use: which model classes a unit reads or writes through SQLAlchemy or Django.

The extract stage cannot know which classes are models (the link stage decides from
class bases), so every fact is `Access(kind="model", name=<reference text>)`, the class as
written (`Order`, `models.Order`) or, for a row another call returned, that call's result
(`self._own_item()`, which the link stage resolves through return annotations):

- SQLAlchemy: `session.query(M, ...)` (models inside columns and `func.*` calls count, as
  do `.join(N)`/`.select_from(N)` later in the chain), `select(M)`, `session.get(M, id)`,
  `db.get_or_404(M, id)`, `<any>.get_or_404(M, id)` → read; `insert(M)`/`update(M)`/
  `delete(M)` and a query chain ending in `.update(...)`/`.delete()` → write;
  `session.add/merge/delete(x)` → write of the model of `x`.
- Flask-SQLAlchemy: `M.query.<...>` (and `cls.query` in a class method) → read, or write when
  the chain updates or deletes.
- Django: `M.objects.<...>` → read, or write for `create`/`update`/`delete`/`bulk_*`/
  `get_or_create`/`update_or_create` in the chain; `get_object_or_404(M, ...)` → read;
  `x.save()`/`x.delete()`, and `self.save()`/`super().save()` in a method → write;
  `form.save()` on `form = SomeForm(...)` (or `...Serializer`, `...FormSet`) → write of
  that class, which the link stage turns into its `Meta.model`'s table, if it has one.
- `x.attr = ...`/`setattr(x, ...)` on a row → write; `self.attr = ...` in a method (not
  `__init__`) of a class of this file whose bases look like a model's → write of the class.

The model of a variable is known when the function binds it from `M(...)` (a new instance:
written only once added or saved), `M.get_x(...)`/`M.from_x(...)`, an ORM read
(`M.query...first()`, `session.get(M, ...)`, `M.objects.get(...)`, `get_object_or_404(M)`,
`(await session.execute(select(M))).scalars().first()`), another call's result, a loop over
one of these, or an annotation `x: M`. A parameter without annotation has no known model,
and nothing is emitted for it: no made-up names.
"""

from __future__ import annotations

import libcst as cst

from granularity.extract.context import FileContext, Gatherer
from granularity.extract.data.common import Accesses
from granularity.extract.data.orm_chains import ModelChains
from granularity.extract.data.orm_refs import (
    CALL, DJANGO, FORM, INIT_METHODS, MODEL_BASE_NAMES, NEW, first_arg, may_be_model, unchain,
)
from granularity.extract.refs import dotted, ref_of
from granularity.extract.units import annotation_ref


class OrmGatherer(Gatherer):
    """Appends `Access(kind="model")` facts for SQLAlchemy and Django model use."""

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        self.out = Accesses(ctx)
        self.chains = ModelChains(ctx)
        #: Calls met inside a chain already analysed from its outermost call.
        self._inner: set[int] = set()
        self._saved: list[dict[str, tuple[str, str]]] = []
        #: Qualified and simple names of this file's classes whose bases make them look like models.
        self._model_classes: set[str] = set()
        self._model_names: set[str] = set()

    # -- classes, imports and functions -----------------------------------------------------

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        for base in node.bases:
            ref = ref_of(base.value) if base.keyword is None else None
            last = ref.rsplit(".", 1)[-1] if ref else ""
            if last in self._model_names or last in MODEL_BASE_NAMES or (last.endswith("Model") and last != "BaseModel"):
                self._model_classes.add(f"{self.ctx.namespace}.{node.name.value}")
                self._model_names.add(node.name.value)
                return

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if node.module is not None and (dotted(node.module) or "").startswith("django"):
            self.chains.flavour = DJANGO

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._saved.append(self.chains.known)
        known: dict[str, tuple[str, str]] = {}
        p = node.params
        for param in (*p.posonly_params, *p.params, *p.kwonly_params):
            if param.annotation is not None:
                ref = annotation_ref(param.annotation.annotation)
                if ref and may_be_model(ref):
                    known[param.name.value] = (ref, "")
        self.chains.known = known

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.chains.known = self._saved.pop() if self._saved else {}

    # -- bindings -------------------------------------------------------------------------

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self._bind(target.target, node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        target = node.target
        if type(target) is cst.Name:
            ref = annotation_ref(node.annotation.annotation)
            if ref and may_be_model(ref):
                self.chains.known[target.value] = (ref, "")
                return
        if node.value is not None:
            self._bind(target, node.value)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._attribute_write(node.target)

    def visit_For(self, node: cst.For) -> None:
        if type(node.target) is cst.Name:
            name = node.target.value
            self._remember(name, node.iter)
            known = self.chains.known.get(name)
            if known is not None and known[1] == CALL:
                self.chains.known[name] = (known[0] + "[]", CALL)

    def _bind(self, target: cst.BaseExpression, value: cst.BaseExpression) -> None:
        kind = type(target)
        if kind is cst.Name:
            self._remember(target.value, value)
        elif kind is cst.Attribute:
            self._attribute_write(target)
        elif (kind is cst.Tuple or kind is cst.List) and target.elements:
            first = target.elements[0].value
            if type(first) is cst.Name and type(value) in (cst.Call, cst.Await):
                self._remember(first.value, value)

    def _remember(self, name: str, value: cst.BaseExpression) -> None:
        found = self.chains.class_of(value)
        if found is not None:
            self.chains.known[name] = found
        elif self.chains.known:
            self.chains.known.pop(name, None)

    # -- writes through attributes --------------------------------------------------------

    def _attribute_write(self, target: cst.BaseExpression) -> None:
        """`x.status = ...` on a row or an annotated parameter (a new instance is written when added)."""
        if type(target) is cst.Attribute and type(target.value) is cst.Name:
            self._owner_write(target.value.value)

    def _owner_write(self, name: str) -> None:
        chains = self.chains
        if name == "self":
            model = self._own_model()
            if model is not None:
                self.out.add("model", model, "write", chains.flavour, per_unit=True)
            return
        known = chains.known.get(name)
        if known is not None and known[1] != NEW and known[1] != FORM:
            self.out.add("model", known[0], "write", chains.via(known[1]), per_unit=True)

    def _own_model(self) -> str | None:
        """The class of a model method that changes `self` (not while building it in `__init__`)."""
        cls = self.ctx.enclosing_class()
        if cls is None or cls.qualname not in self._model_classes:
            return None
        if self.ctx.frame.qualname.rsplit(".", 1)[-1] in INIT_METHODS:
            return None
        return cls.qualname.rsplit(".", 1)[-1]

    # -- calls ----------------------------------------------------------------------------

    def visit_Call(self, node: cst.Call) -> None:
        inner = self._inner
        if inner and id(node) in inner:
            inner.discard(id(node))
            return
        func = node.func
        if type(func) is cst.Name and func.value == "setattr":
            target = first_arg(node)
            if type(target) is cst.Name:
                self._owner_write(target.value)
            return
        root, links = unchain(node, inner)
        found = self.chains.analyse(root, links)
        if found is not None and found.emit:
            for model in dict.fromkeys(found.models):
                self.out.add("model", model, found.mode, found.via)
