"""ORM use: which model classes a unit reads or writes through SQLAlchemy or Django.

The extract stage cannot know which classes are models (the link stage decides from
class bases), so every fact is `Access(kind="model", name=<the class as written>)`:

- SQLAlchemy: `session.query(M, ...)` (models inside columns and `func.*` calls count, as
  do `.join(N)`/`.select_from(N)` later in the chain), `select(M)`, `session.get(M, id)`,
  `db.get_or_404(M, id)` → read; `insert(M)`/`update(M)`/`delete(M)` and a query chain
  ending in `.update(...)`/`.delete()` → write; `session.add/merge/delete(x)` → write of the
  class of `x` when it is evident in the same function.
- Flask-SQLAlchemy: `M.query.<...>` → read, or write when the chain updates or deletes.
- Django: `M.objects.<...>` → read, or write for `create`/`update`/`delete`/`bulk_*`/
  `get_or_create`/`update_or_create` in the chain; `get_object_or_404(M, ...)` → read;
  `x.save()`/`x.delete()` on an evident `x`, and `self.save()`/`super().save()` in a method
  → write of the class.
- `x.attr = ...` on an evident `x` → write.
- `qs.update(...)`/`qs.delete()` on a variable bound to a query of `M` → write; a variable bound
  to `q.first()`/`result.scalars().one()` of such a query is an instance of `M`.

A variable's class is evident when the function binds it from `M(...)`, `M.get_x(...)`/
`M.create(...)`/`M.from_x(...)` (a class method that builds one), from an ORM read
(`M.query...first()`, `session.get(M, ...)`, `M.objects.get(...)`, `get_object_or_404(M)`,
`await session.execute(select(M))`), loops over one, or annotates a parameter with `M`.
Nothing is emitted when the class is not evident: no made-up names.
"""

from __future__ import annotations

from typing import NamedTuple

import libcst as cst

from granularity.extract.context import FileContext, Gatherer
from granularity.extract.data.common import Accesses
from granularity.extract.refs import dotted
from granularity.extract.units import annotation_ref

SQLALCHEMY = "sqlalchemy"
DJANGO = "django"
#: The origin of a variable made by a constructor call: a new instance, not a row yet.
NEW = "new"
#: Class attributes that are a model's query entry point.
MANAGERS = {"query": SQLALCHEMY, "objects": DJANGO, "_default_manager": DJANGO, "_base_manager": DJANGO}
#: Methods of a query or manager that change rows.
QUERY_WRITES = frozenset({
    "update", "delete", "create", "bulk_create", "bulk_update", "get_or_create",
    "update_or_create", "insert",
})
#: Query and result methods that keep the model of the query they are called on.
QUERY_METHODS = frozenset({
    "filter", "filter_by", "where", "order_by", "limit", "offset", "options", "join", "outerjoin",
    "select_from", "distinct", "group_by", "having", "with_for_update", "execution_options",
    "first", "one", "one_or_none", "all", "get", "scalar", "scalars", "scalar_one",
    "scalar_one_or_none", "unique", "fetchall", "fetchone", "first_or_404", "get_or_404",
    "one_or_404", "exclude", "select_related", "prefetch_related", "last", "latest", "earliest",
    "only", "defer", "none", "iterator", "values", "values_list", "annotate", "using",
})
#: Methods later in a read chain whose first argument adds a model read.
JOINS = frozenset({"join", "outerjoin", "select_from", "join_from"})
#: Session methods that write the instances they are given.
SESSION_WRITES = frozenset({"add", "add_all", "delete", "merge", "bulk_save_objects"})
#: Session methods that write the model class they are given.
SESSION_CLASS_WRITES = frozenset({"bulk_insert_mappings", "bulk_update_mappings"})
#: Session methods that read one row of the model class they are given.
SESSION_GETS = frozenset({"get", "get_or_404", "get_one"})
#: Session methods whose result carries the model of the statement they run.
SESSION_RUNS = frozenset({"execute", "scalars", "scalar", "exec"})
#: SQLAlchemy statement constructs and the access each one makes.
STATEMENTS = {"select": "read", "insert": "write", "update": "write", "delete": "write"}
#: What a SQLAlchemy construct may be reached through (`sa.select`, `db.select`).
SA_NAMESPACES = frozenset({"sa", "sqlalchemy", "sql", "db", "expression", "future", "orm"})
#: Django shortcuts that fetch rows of their first argument.
DJANGO_GETTERS = frozenset({"get_object_or_404", "get_list_or_404", "aget_object_or_404", "aget_list_or_404"})
#: Instance methods that write the instance's row.
INSTANCE_WRITES = frozenset({"save", "delete", "asave", "adelete"})
#: Name beginnings of class methods that return an instance (`Topic.get_topic(...)`).
FACTORY_PREFIXES = ("get", "create", "find", "from_", "by_", "load", "fetch")
#: Annotations that never name a model.
NOT_MODELS = frozenset({
    "Any", "Optional", "Union", "Dict", "List", "Set", "Tuple", "Type", "Callable", "Iterable",
    "Iterator", "Sequence", "Mapping", "Request", "Response", "HttpRequest", "HttpResponse",
    "Session", "AsyncSession", "WebSocket", "BackgroundTasks", "Path", "Decimal", "UUID",
})
#: Name endings of classes that are services, forms or errors, never models.
NOT_MODEL_ENDINGS = ("Form", "FormSet", "Serializer", "Service", "Schema", "Repo", "Repository", "Error", "Exception")


class Found(NamedTuple):
    """Models an expression reaches, the access it makes and whether this call makes it."""

    models: tuple[str, ...]
    mode: str
    via: str
    emit: bool = True


def class_like(segment: str) -> bool:
    """`Order`, `M` — a CamelCase name; not `STATUS_PENDING`, not `order`."""
    return segment[:1].isupper() and (len(segment) == 1 or not segment.isupper())


def may_be_model(ref: str) -> bool:
    """Whether a class named by a constructor call or an annotation may be a model."""
    last = ref.rsplit(".", 1)[-1]
    return class_like(last) and last not in NOT_MODELS and not last.endswith(NOT_MODEL_ENDINGS)


def model_ref(node: cst.BaseExpression | None) -> str | None:
    """`models.Order` for `models.Order.id`; None when no part of the reference is class-like."""
    text = dotted(node)
    if text is None:
        return None
    parts = text.split(".")
    for i in range(len(parts) - 1, -1, -1):
        if class_like(parts[i]):
            return ".".join(parts[: i + 1])
    return None


def models_in(node: cst.BaseExpression | None, depth: int = 0) -> list[str]:
    """Model references inside a query argument: `M`, `M.id`, `func.count(M.id)`, `[M.a, N.b]`."""
    if node is None or depth > 3:
        return []
    kind = type(node)
    if kind is cst.Name or kind is cst.Attribute:
        ref = model_ref(node)
        return [ref] if ref else []
    if kind is cst.Call:
        found = models_in(node.func.value, depth + 1) if type(node.func) is cst.Attribute else []
        for a in node.args:
            found.extend(models_in(a.value, depth + 1))
        return found
    if kind is cst.List or kind is cst.Tuple:
        found = []
        for element in node.elements:
            found.extend(models_in(element.value, depth + 1))
        return found
    return []


def first_arg(call: cst.Call) -> cst.BaseExpression | None:
    for a in call.args:
        if a.keyword is None and not a.star:
            return a.value
    return None


def unchain(node: cst.BaseExpression, inner: set[int] | None) -> tuple[cst.BaseExpression, list[tuple[str, cst.Call | None]]]:
    """Split `a.b(x).c()` into its root (`a`) and links innermost first ([b(x), c()]).

    A root may be a call of a plain name (`select(M)` in `select(M).where(...)`). The ids of
    calls met inside the chain are added to `inner`."""
    links: list[tuple[str, cst.Call | None]] = []
    call: cst.Call | None = None
    while True:
        kind = type(node)
        if kind is cst.Call and call is None:
            call = node
            node = node.func
        elif kind is cst.Attribute:
            links.append((node.attr.value, call))
            call = None
            node = node.value
        elif kind is cst.Await and call is None:
            node = node.expression
        else:
            break
        if inner is not None and call is not None and links:
            inner.add(id(call))
    links.reverse()
    return (call if call is not None else node), links


def session_like(path: str) -> bool:
    """`db.session`, `model.Session`, `self.db`, `get_session()` — what ORM sessions are called."""
    last = path.rsplit(".", 1)[-1].lower()
    return "session" in last or last in ("db", "db()", "database")


class OrmGatherer(Gatherer):
    """Appends `Access(kind="model")` facts for SQLAlchemy and Django model use."""

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        self.out = Accesses(ctx)
        self._inner: set[int] = set()
        #: Variables of the function being walked whose model is evident: name → (model, origin),
        #: the origin being the ORM that read it, NEW for a constructor call, "" when annotated.
        self._known: dict[str, tuple[str, str]] = {}
        self._saved: list[dict[str, tuple[str, str]]] = []
        #: The ORM a write on a variable of unknown origin is made through: Django when the file imports it.
        self._flavour = SQLALCHEMY

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if node.module is not None and (dotted(node.module) or "").startswith("django"):
            self._flavour = DJANGO

    # -- functions ------------------------------------------------------------------------

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._saved.append(self._known)
        self._known = {}
        p = node.params
        for param in (*p.posonly_params, *p.params, *p.kwonly_params):
            if param.annotation is None:
                continue
            ref = annotation_ref(param.annotation.annotation)
            if ref and may_be_model(ref):
                self._known[param.name.value] = (ref, "")

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._known = self._saved.pop() if self._saved else {}

    # -- bindings -------------------------------------------------------------------------

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self._bind(target.target, node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        target = node.target
        if type(target) is cst.Name:
            ref = annotation_ref(node.annotation.annotation)
            if ref and may_be_model(ref):
                self._known[target.value] = (ref, "")
                return
        if node.value is not None:
            self._bind(target, node.value)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._attribute_write(node.target)

    def visit_For(self, node: cst.For) -> None:
        if type(node.target) is cst.Name:
            self._remember(node.target.value, node.iter)

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
        found = self._class_of(value)
        if found is not None:
            self._known[name] = found
        elif self._known:
            self._known.pop(name, None)

    def _via(self, origin: str) -> str:
        return origin if origin == SQLALCHEMY or origin == DJANGO else self._flavour

    def _attribute_write(self, target: cst.BaseExpression) -> None:
        """`x.status = ...` on a row or an annotated parameter (a new instance is written when added)."""
        if type(target) is cst.Attribute and type(target.value) is cst.Name:
            known = self._known.get(target.value.value)
            if known is not None and known[1] != NEW:
                self.out.add("model", known[0], "write", self._via(known[1]), per_unit=True)

    # -- calls ----------------------------------------------------------------------------

    def visit_Call(self, node: cst.Call) -> None:
        inner = self._inner
        if inner and id(node) in inner:
            inner.discard(id(node))
            return
        if type(node.func) is cst.Name and node.func.value == "setattr":
            self._attribute_call(node)
            return
        root, links = unchain(node, inner)
        found = self._analyse(root, links)
        if found is None:
            return
        if found.emit:
            for model in dict.fromkeys(found.models):
                self.out.add("model", model, found.mode, found.via)

    def _attribute_call(self, node: cst.Call) -> None:
        """`setattr(x, "status", v)` on an evident `x`."""
        target = first_arg(node)
        known = self._known.get(target.value) if type(target) is cst.Name else None
        if known is not None and known[1] != NEW:
            self.out.add("model", known[0], "write", self._via(known[1]), per_unit=True)

    def _class_of(self, value: cst.BaseExpression) -> tuple[str, str] | None:
        """The model an expression evidently yields (an instance, a row or a query of it)."""
        if type(value) is cst.Await:
            value = value.expression
        kind = type(value)
        if kind is cst.Name:
            return self._known.get(value.value)
        if kind is not cst.Call:
            return None
        ref = dotted(value.func)
        if ref is not None:
            head, _, last = ref.rpartition(".")
            if class_like(last):
                return (ref, NEW) if may_be_model(ref) else None
            if head and last.startswith(FACTORY_PREFIXES) and class_like(head.rsplit(".", 1)[-1]) and may_be_model(head):
                return head, ""
        root, links = unchain(value, None)
        found = self._analyse(root, links)
        if found is None or not found.models:
            return None
        return found.models[0], found.via

    def _analyse(self, root: cst.BaseExpression, links: list[tuple[str, cst.Call | None]]) -> Found | None:
        kind = type(root)
        if kind is cst.Call:
            return self._from_root_call(root, links)
        if kind is not cst.Name:
            return None
        name = root.value
        if name in self._known or name == "self":
            found = self._from_instance(name, links)
            if found is not None:
                return found
        return self._from_path(name, links, 0)

    def _from_root_call(self, root: cst.Call, links: list[tuple[str, cst.Call | None]]) -> Found | None:
        """`select(M)...`, `update(M)...`, `get_object_or_404(M)`, `super().save()`, `get_session().query(M)`."""
        func = root.func
        if type(func) is not cst.Name:
            ref = dotted(func)
            return None if ref is None or not links else self._from_path(ref + "()", links, 0)
        name = func.value
        if name in STATEMENTS or name.endswith("_insert"):
            return self._statement(name, root, links, 0)
        if name in DJANGO_GETTERS:
            models = models_in(first_arg(root))
            return Found(tuple(models), "read", DJANGO) if models else None
        if not links:
            return None
        if name == "super":
            cls = self.ctx.enclosing_class()
            if cls is not None and links[0][1] is not None and links[0][0] in INSTANCE_WRITES:
                return Found((cls.qualname.rsplit(".", 1)[-1],), "write", self._flavour)
            return None
        return self._from_path(name + "()", links, 0)

    def _statement(self, name: str, call: cst.Call, links: list[tuple[str, cst.Call | None]], after: int) -> Found | None:
        """`select(M, N.x)`, `insert(M)`, `update(M)`, `delete(M)`, `pg_insert(M)`."""
        mode = STATEMENTS.get(name, "write")
        if mode == "read":
            models = [m for a in call.args if a.keyword is None for m in models_in(a.value)]
            models += self._joined(links, after)
        else:
            models = models_in(first_arg(call))[:1]
        return Found(tuple(models), mode, SQLALCHEMY) if models else None

    def _from_instance(self, name: str, links: list[tuple[str, cst.Call | None]]) -> Found | None:
        """`x.save()`, `x.delete()`, `qs.filter(...).update(...)` on an evident `x`; `self.save()`."""
        if not links or any(call is None for _, call in links):
            return None
        if name == "self":
            cls = self.ctx.enclosing_class()
            if cls is None or len(links) != 1 or links[0][0] not in INSTANCE_WRITES:
                return None
            return Found((cls.qualname.rsplit(".", 1)[-1],), "write", self._flavour)
        model, origin = self._known[name]
        methods = [attr for attr, _ in links]
        queried = origin == SQLALCHEMY or origin == DJANGO
        if methods[0] in INSTANCE_WRITES or (queried and any(m in QUERY_WRITES for m in methods)):
            return Found((model,), "write", self._via(origin))
        if queried and all(m in QUERY_METHODS for m in methods):
            return Found((model,), "read", origin, emit=False)
        return None

    def _from_path(self, path: str, links: list[tuple[str, cst.Call | None]], start: int) -> Found | None:
        """`M.query...`, `M.objects...`, `cls.query...`, `db.session.query(M)...`, `session.add(x)`, `sa.select(M)`."""
        for i in range(start, len(links)):
            attr, call = links[i]
            if call is None:
                via = MANAGERS.get(attr)
                if via is not None:
                    model = self._model_of_path(path)
                    if model is not None:
                        return self._chain(model, via, links, i + 1)
                path = f"{path}.{attr}"
                continue
            if (attr in STATEMENTS or attr.endswith("_insert")) and path.rsplit(".", 1)[-1] in SA_NAMESPACES:
                found = self._statement(attr, call, links, i + 1)
                if found is not None:
                    return found
            if attr in DJANGO_GETTERS:
                models = models_in(first_arg(call))
                return Found(tuple(models), "read", DJANGO) if models else None
            return self._session_call(attr, call, links, i + 1) if session_like(path) else None
        return None

    def _model_of_path(self, path: str) -> str | None:
        if path == "cls":
            cls = self.ctx.enclosing_class()
            return cls.qualname.rsplit(".", 1)[-1] if cls is not None else None
        return path if class_like(path.rsplit(".", 1)[-1]) else None

    def _chain(self, model: str, via: str, links: list[tuple[str, cst.Call | None]], start: int) -> Found:
        if any(call is not None and attr in QUERY_WRITES for attr, call in links[start:]):
            return Found((model,), "write", via)
        return Found((model, *self._joined(links, start)), "read", via)

    def _joined(self, links: list[tuple[str, cst.Call | None]], start: int) -> list[str]:
        models: list[str] = []
        for attr, call in links[start:]:
            if call is not None and attr in JOINS:
                models.extend(models_in(first_arg(call)))
        return models

    def _session_call(self, method: str, call: cst.Call, links: list[tuple[str, cst.Call | None]], after: int) -> Found | None:
        if method == "query":
            models = [m for a in call.args if a.keyword is None for m in models_in(a.value)]
            if not models:
                return None
            found = self._chain(models[0], SQLALCHEMY, links, after)
            return found if found.mode == "write" else found._replace(models=(*models, *found.models[1:]))
        if method in SESSION_WRITES:
            if after != len(links):
                return None
            models = [m for a in call.args if a.keyword is None for m in self._instances(a.value)]
            return Found(tuple(models), "write", SQLALCHEMY) if models else None
        if method in SESSION_CLASS_WRITES or method in SESSION_GETS:
            models = models_in(first_arg(call))[:1]
            mode = "read" if method in SESSION_GETS else "write"
            return Found(tuple(models), mode, SQLALCHEMY) if models else None
        if method in SESSION_RUNS:
            statement = first_arg(call)
            if type(statement) is cst.Call:
                found = self._class_of(statement)
                if found is not None:
                    return Found((found[0],), "read", SQLALCHEMY, emit=False)
        return None

    def _instances(self, node: cst.BaseExpression) -> list[str]:
        """Models of the instances handed to `session.add(...)`/`add_all([...])`."""
        kind = type(node)
        if kind is cst.List or kind is cst.Tuple:
            return [m for e in node.elements for m in self._instances(e.value)]
        if kind is cst.Name and node.value == "self":
            cls = self.ctx.enclosing_class()
            return [cls.qualname.rsplit(".", 1)[-1]] if cls is not None else []
        found = self._class_of(node)
        return [found[0]] if found is not None else []
