"""Reads ORM expressions: which models a call chain reaches and whether it reads or writes
them, and which model a variable holds after `x = <expression>`.

`ModelChains` is the analysis half of the ORM gatherer (see orm.py): it knows the variables
of the function being walked whose model is evident (`known`), and is pure otherwise.
"""

from __future__ import annotations

import libcst as cst

from granularity.extract.context import FileContext
from granularity.extract.data.orm_refs import (
    ANY_GETTERS, BUILTINS, CALL, DJANGO, DJANGO_BULK, DJANGO_GETTERS, FACTORY_PREFIXES, FORM,
    INSTANCE_WRITES, JOINS, MANAGERS, NEW, QUERY_METHODS, QUERY_WRITES, SA_NAMESPACES,
    SAVING_ENDINGS, SESSION_CLASS_WRITES, SESSION_GETS, SESSION_RUNS, SESSION_WRITES, SILENT_WRITES,
    SQLALCHEMY, STATEMENTS, Found, class_like, first_arg, may_be_model, models_in, session_like,
    unchain,
)
from granularity.extract.refs import dotted, ref_of

Links = list[tuple[str, cst.Call | None]]


class ModelChains:
    """Analyses ORM expressions in the context of the function being walked."""

    def __init__(self, ctx: FileContext) -> None:
        self.ctx = ctx
        #: Variables whose model is evident: name → (model, origin), the origin being the ORM
        #: that read it, NEW for a constructor call, CALL for another call's result, "" when annotated.
        self.known: dict[str, tuple[str, str]] = {}
        #: The ORM a write of unknown origin goes through: Django when the file imports it.
        self.flavour = SQLALCHEMY

    def via(self, origin: str) -> str:
        return origin if origin == SQLALCHEMY or origin == DJANGO else self.flavour

    def own_class(self) -> str | None:
        cls = self.ctx.enclosing_class()
        return cls.qualname.rsplit(".", 1)[-1] if cls is not None else None

    # -- what a variable holds --------------------------------------------------------------

    def class_of(self, value: cst.BaseExpression) -> tuple[str, str] | None:
        """The model an expression yields (an instance, a row or a query of it), with its origin."""
        if type(value) is cst.Await:
            value = value.expression
        kind = type(value)
        if kind is cst.Name:
            return self.known.get(value.value)
        if kind is cst.Subscript:
            known = self.known.get(value.value.value) if type(value.value) is cst.Name else None
            return (known[0] + "[]", CALL) if known is not None and known[1] == CALL else None
        if kind is not cst.Call:
            return None
        ref = dotted(value.func)
        if ref is not None:
            head, _, last = ref.rpartition(".")
            if class_like(last):
                if may_be_model(ref):
                    return ref, NEW
                return (ref, FORM) if last.endswith(SAVING_ENDINGS) else None
            if head and last.startswith(FACTORY_PREFIXES) and class_like(head.rsplit(".", 1)[-1]) and may_be_model(head):
                return head, ""
        found = self.queried(value)
        if found is not None:
            return found
        if ref is not None and ref in BUILTINS:
            return None
        text = ref_of(value)
        return (text, CALL) if text is not None else None

    def queried(self, value: cst.Call) -> tuple[str, str] | None:
        """The model of an ORM query or read (`M.query.first()`, `select(M)`), if it is one."""
        root, links = unchain(value, None)
        found = self.analyse(root, links)
        return (found.models[0], found.via) if found is not None and found.models else None

    def instances(self, node: cst.BaseExpression) -> list[str]:
        """Models of the instances handed to `session.add(...)`/`add_all([...])`."""
        kind = type(node)
        if kind is cst.List or kind is cst.Tuple:
            return [m for e in node.elements for m in self.instances(e.value)]
        if kind is cst.Name and node.value == "self":
            own = self.own_class()
            return [own] if own is not None else []
        found = self.class_of(node)
        return [found[0]] if found is not None and found[1] != FORM else []

    # -- chains -------------------------------------------------------------------------------

    def analyse(self, root: cst.BaseExpression, links: Links) -> Found | None:
        kind = type(root)
        if kind is cst.Call:
            return self._from_root_call(root, links)
        if kind is not cst.Name:
            return None
        name = root.value
        if name in self.known or name == "self":
            found = self._from_instance(name, links)
            if found is not None:
                return found
        return self._from_path(name, links)

    def _from_root_call(self, root: cst.Call, links: Links) -> Found | None:
        """`select(M)...`, `update(M)...`, `get_object_or_404(M)`, `super().save()`, `get_session().query(M)`."""
        func = root.func
        if type(func) is not cst.Name:
            ref = dotted(func)
            return None if ref is None or not links else self._from_path(ref + "()", links)
        name = func.value
        if name in STATEMENTS or name.endswith("_insert"):
            return self._statement(name, root, links, 0)
        if name in DJANGO_GETTERS:
            models = models_in(first_arg(root))[:1]
            return Found(tuple(models), "read", DJANGO) if models else None
        if not links:
            return None
        if name == "super":
            own = self.own_class()
            if own is not None and links[0][1] is not None and links[0][0] in INSTANCE_WRITES:
                return Found((own,), "write", self.flavour)
            return None
        return self._from_path(name + "()", links)

    def _statement(self, name: str, call: cst.Call, links: Links, after: int) -> Found | None:
        """`select(M, N.x)`, `insert(M)`, `update(M)`, `delete(M)`, `pg_insert(M)`."""
        mode = STATEMENTS.get(name, "write")
        if mode == "read":
            models = [m for a in call.args if a.keyword is None for m in models_in(a.value)]
            models += self._joined(links, after)
        else:
            models = models_in(first_arg(call))[:1]
        return Found(tuple(models), mode, SQLALCHEMY) if models else None

    def _from_instance(self, name: str, links: Links) -> Found | None:
        """`x.save()`, `x.delete()`, `qs.filter(...).update(...)` on an evident `x`; `self.save()`."""
        if not links or any(call is None for _, call in links):
            return None
        if name == "self":
            own = self.own_class()
            if own is None or len(links) != 1 or links[0][0] not in INSTANCE_WRITES:
                return None
            return Found((own,), "write", self.flavour)
        model, origin = self.known[name]
        methods = [attr for attr, _ in links]
        if origin == FORM:  # `form.save()`: a write of the form's model, if it has one
            return Found((model,), "write", DJANGO) if methods == ["save"] else None
        queried = origin == SQLALCHEMY or origin == DJANGO
        if methods[0] in INSTANCE_WRITES or (queried and any(m in QUERY_WRITES for m in methods)):
            rest = methods[1:] if methods[0] in INSTANCE_WRITES else methods
            return Found((model,), "write", _silent(self.via(origin), rest))
        if queried and all(m in QUERY_METHODS for m in methods):
            return Found((model,), "read", origin, emit=False)
        return None

    def _from_path(self, path: str, links: Links) -> Found | None:
        """`M.query...`, `M.objects...`, `cls.query...`, `db.session.query(M)...`, `session.add(x)`, `sa.select(M)`."""
        for i, (attr, call) in enumerate(links):
            if call is None:
                via = MANAGERS.get(attr)
                model = self._model_of_path(path) if via is not None else None
                if model is not None:
                    return self._chain(model, via, links, i + 1)
                path = f"{path}.{attr}"
                continue
            if (attr in STATEMENTS or attr.endswith("_insert")) and path.rsplit(".", 1)[-1] in SA_NAMESPACES:
                found = self._statement(attr, call, links, i + 1)
                if found is not None:
                    return found
            if attr in DJANGO_GETTERS or attr in ANY_GETTERS:
                models = models_in(first_arg(call))[:1]
                via = DJANGO if attr in DJANGO_GETTERS else SQLALCHEMY
                return Found(tuple(models), "read", via) if models else None
            return self._session_call(attr, call, links, i + 1) if session_like(path) else None
        return None

    def _model_of_path(self, path: str) -> str | None:
        if path == "cls":
            return self.own_class()
        last = path.rsplit(".", 1)[-1]
        # `get_user_model().objects...`: the link stage knows which class it returns
        return path if class_like(last) or last == "get_user_model()" else None

    def _chain(self, model: str, via: str, links: Links, start: int) -> Found:
        if any(call is not None and attr in QUERY_WRITES for attr, call in links[start:]):
            return Found((model,), "write", _silent(via, [a for a, c in links[start:] if c is not None]))
        return Found((model, *self._joined(links, start)), "read", via)

    @staticmethod
    def _joined(links: Links, start: int) -> list[str]:
        models: list[str] = []
        for attr, call in links[start:]:
            if call is not None and attr in JOINS:
                models.extend(models_in(first_arg(call)))
        return models

    def _session_call(self, method: str, call: cst.Call, links: Links, after: int) -> Found | None:
        if method == "query":
            models = [m for a in call.args if a.keyword is None for m in models_in(a.value)]
            if not models:
                return None
            found = self._chain(models[0], SQLALCHEMY, links, after)
            return found if found.mode == "write" else found._replace(models=(*models, *found.models[1:]))
        if method in SESSION_WRITES:
            if after != len(links):
                return None
            models = [m for a in call.args if a.keyword is None for m in self.instances(a.value)]
            return Found(tuple(models), "write", SQLALCHEMY) if models else None
        if method in SESSION_CLASS_WRITES or method in SESSION_GETS:
            models = models_in(first_arg(call))[:1]
            mode = "read" if method in SESSION_GETS else "write"
            return Found(tuple(models), mode, SQLALCHEMY) if models else None
        if method in SESSION_RUNS:
            found = self._statement_model(first_arg(call))
            if found is not None:
                return Found((found,), "read", SQLALCHEMY, emit=False)
        return None

    def _statement_model(self, statement: cst.BaseExpression | None) -> str | None:
        """The model of a statement run by `session.execute(...)`: `select(M)...` or a name bound to one."""
        if type(statement) is cst.Call:
            found = self.queried(statement)
        elif type(statement) is cst.Name:
            found = self.known.get(statement.value)
            if found is not None and found[1] != SQLALCHEMY and found[1] != DJANGO:
                found = None
        else:
            found = None
        return found[0] if found is not None else None


def _silent(via: str, methods) -> str:
    """DJANGO_BULK for a Django write made only by `update()`, `bulk_create()` or
    `bulk_update()`: rows change without `save()`, so no model signal is sent."""
    if via != DJANGO:
        return via
    writes = [m for m in methods if m in QUERY_WRITES or m in INSTANCE_WRITES]
    return DJANGO_BULK if writes and all(m in SILENT_WRITES for m in writes) else via
