"""What the ORM gatherer knows about SQLAlchemy and Django: the names of managers, sessions,
statement constructs and query methods, and small functions that read model references
and method chains (`M.query.filter(...).first()`) out of libcst expressions."""

from __future__ import annotations

import builtins
from typing import NamedTuple

import libcst as cst

from granularity.extract.refs import dotted
from granularity.model import facts as f

SQLALCHEMY = "sqlalchemy"
DJANGO = "django"
#: The origin of a variable made by a constructor call: a new instance, not a row yet.
NEW = "new"
#: The origin of a variable bound to another call's result: its model is the reference text
#: of that result (`self._own_item()`), which the link stage resolves through return annotations.
CALL = "call"
BUILTINS = frozenset(n for n in dir(builtins) if not n.startswith("_"))
#: Methods in which `self.x = ...` builds an instance rather than changing a row.
INIT_METHODS = frozenset({"__init__", "__new__", "__post_init__", "__setattr__", "__init_subclass__"})
#: Base classes (last part of the name) of the model classes whose methods write through `self.x = ...`.
MODEL_BASE_NAMES = frozenset({"Model", "Base", "DeclarativeBase", "SQLModel"})
#: Class attributes that are a model's query entry point.
MANAGERS = {"query": SQLALCHEMY, "objects": DJANGO, "_default_manager": DJANGO, "_base_manager": DJANGO}
#: Methods of a query or manager that change rows.
QUERY_WRITES = frozenset({
    "update", "delete", "create", "bulk_create", "bulk_update", "get_or_create",
    "update_or_create", "insert",
    # Django's UserManager: they save the new user (and send post_save)
    "create_user", "create_superuser",
})
#: Django query writes that send no model signals (`pre_save`, `post_save`...): their
#: accesses are marked with via DJANGO_BULK.
SILENT_WRITES = frozenset({"update", "bulk_create", "bulk_update"})
DJANGO_BULK = f.DJANGO_BULK
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
#: Methods on any receiver that fetch one row of the model class given first (`service.get_or_404(M, id)`).
ANY_GETTERS = frozenset({"get_or_404", "first_or_404"})
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
#: Name endings of classes whose `save()` may save a model (Django's ModelForm and model
#: formsets, DRF's ModelSerializer): the link stage keeps the write only when the class
#: names its model in `Meta.model`.
SAVING_ENDINGS = ("Form", "FormSet", "Serializer")
#: The origin of a variable made by such a constructor call.
FORM = "form"


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
