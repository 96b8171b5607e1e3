"""Resolve data-access facts into resources: ORM models to tables, module state to its
binding, DynamoDB tables and remote invocations through deployment descriptors."""

from __future__ import annotations

import re
import sys

from granularity.link.resolve import Resolver, locate
from granularity.model import facts as f
from granularity.model.graph import DISPATCH, INVOKE, AccessEdge, CallEdge, ImportEdge

#: External base classes that make a class an ORM model, by the last part of their dotted name.
_MODEL_BASES = ("Model", "DeclarativeBase", "declarative_base()", "SQLModel", "DeclarativeBaseNoMeta",
                "AbstractUser", "AbstractBaseUser")

#: Import names whose distribution is named differently.
DISTRIBUTIONS = {
    "yaml": "PyYAML", "PIL": "Pillow", "sklearn": "scikit-learn", "cv2": "opencv-python",
    "bs4": "beautifulsoup4", "jwt": "PyJWT", "dateutil": "python-dateutil", "dotenv": "python-dotenv",
    "google": "google-api-core", "attr": "attrs", "magic": "python-magic", "psycopg2": "psycopg2",
    "MySQLdb": "mysqlclient", "Crypto": "pycryptodome", "jose": "python-jose", "multipart": "python-multipart",
    "OpenSSL": "pyOpenSSL", "serial": "pyserial", "skimage": "scikit-image", "docx": "python-docx",
    "pptx": "python-pptx", "fitz": "PyMuPDF", "ldap": "python-ldap", "git": "GitPython",
}
#: Classes whose instances hold per-request, per-thread or per-task data behind one
#: module-level name (werkzeug's request proxies, thread locals, context variables):
#: writing through them is not state shared by the instance's invocations.
CONTEXT_LOCAL = frozenset({
    "werkzeug.local.LocalProxy", "werkzeug.local.Local", "werkzeug.LocalProxy", "werkzeug.Local",
    "threading.local", "_thread._local", "contextvars.ContextVar", "asgiref.local.Local",
})
STDLIB = frozenset(getattr(sys, "stdlib_module_names", ())) | {"__future__", "typing_extensions"}
#: Models Django itself defines, by the name they resolve to outside the app.
DJANGO_MODELS = {
    "django.contrib.auth.models.User": "auth_user",
    "django.contrib.auth.models.Group": "auth_group",
    "django.contrib.auth.models.Permission": "auth_permission",
}
#: What names the model `AUTH_USER_MODEL` chooses: `get_user_model()` and the setting itself.
USER_MODEL_REFS = frozenset({
    "django.contrib.auth.get_user_model()", "django.conf.settings.AUTH_USER_MODEL",
    "settings.AUTH_USER_MODEL",
})
#: Bases of a custom user model (Django requires `AUTH_USER_MODEL` to name such a class).
_USER_BASES = ("AbstractUser", "AbstractBaseUser")


def snake_case(name: str) -> str:
    """Flask-SQLAlchemy's default table name: `OrderItem` → `order_item`."""
    return re.sub(r"((?<=[a-z0-9])[A-Z]|(?!^)[A-Z](?=[a-z]))", r"_\1", name).lower()


class ResourceLinker:
    """Turns Access and Remote facts into access and call edges."""

    def __init__(self, resolver: Resolver, descriptors: object | None) -> None:
        self.r = resolver
        self.s = resolver.s
        self.descriptors = descriptors
        self._tables: dict[str, str | None] = {}
        self._form_tables: dict[str, str | None] = {}
        self._user_model: str | None = None
        self.mapped: dict[str, str] = {}

    # -- tables -------------------------------------------------------------------------------

    def table_of(self, cls: str) -> str | None:
        """The table an ORM model class maps to, or None when the class is not a model."""
        if cls in self._tables:
            return self._tables[cls]
        if cls in DJANGO_MODELS:
            return DJANGO_MODELS[cls]
        unit = self.s.units.get(cls)
        result = None
        if unit is not None and unit.kind == f.CLASS:
            bases = self.r.external_bases(cls)
            if any(b.rsplit(".", 1)[-1] in _MODEL_BASES for b in bases) or self._declared_table(cls):
                result = self._declared_table(cls) or self._default_table(cls, bases)
        self._tables[cls] = result
        return result

    def user_model(self) -> str:
        """The class `get_user_model()` returns: the app's one subclass of `AbstractUser` or
        `AbstractBaseUser` (what `AUTH_USER_MODEL` must name), else Django's own `User`.
        The setting's string is not read; a second custom user class makes it Django's."""
        if self._user_model is None:
            custom = sorted(q for q, u in self.s.units.items() if u.kind == f.CLASS and any(
                b.rsplit(".", 1)[-1] in _USER_BASES for b in self.r.external_bases(q)))
            self._user_model = custom[0] if len(custom) == 1 else "django.contrib.auth.models.User"
        return self._user_model

    def model_of(self, value: tuple) -> str | None:
        """The model class a resolved value names: an app class, one of Django's own
        models, or the user model behind `get_user_model()` / `settings.AUTH_USER_MODEL`."""
        if value[0] in ("unit", "inst"):
            return value[1]
        if value[0] == "ext":
            if value[1] in USER_MODEL_REFS:
                return self.user_model()
            if value[1] in DJANGO_MODELS:
                return value[1]
        return None

    def _form_table(self, cls: str) -> str | None:
        """The table of a model form's (or model serializer's) `Meta.model`: what its
        `save()` writes. None for any other class."""
        if cls in self._form_tables:
            return self._form_tables[cls]
        result = None
        if self.s.kind(cls) == f.CLASS:
            models = {m for v in self.r.resolve("Meta.model", cls) if v[0] != "inst" and (m := self.model_of(v))}
            tables = {t for m in models if (t := self.table_of(m))}
            result = tables.pop() if len(tables) == 1 else None
        self._form_tables[cls] = result
        return result

    def _declared_table(self, cls: str) -> str | None:
        unit = self.s.units[cls]
        return unit.table or self.mapped.get(cls)

    def read_mappings(self, facts: list[f.ModuleFacts]) -> None:
        """`mapper(Cls, tbl)` / `registry.map_imperatively(Cls, tbl)`, with `tbl = Table("name", ...)`."""
        self.mapped: dict[str, str] = {}
        for module in facts:
            for access in module.accesses:
                if access.kind != "maps":
                    continue
                cls_ref, _, table_ref = access.name.partition("|")
                tables = [v[1].partition(":")[2] for v in self.r.resolve(table_ref, access.scope)
                          if v[0] == "held" and v[1].startswith("table:")]
                for value in self.r.resolve(cls_ref, access.scope):
                    if value[0] == "unit" and self.s.kind(value[1]) == f.CLASS and tables:
                        self.mapped.setdefault(value[1], tables[0])

    def _default_table(self, cls: str, bases: tuple[str, ...]) -> str:
        name = cls.rsplit(".", 1)[-1]
        if any(b.startswith("django.") or b.endswith("models.Model") for b in bases):
            module = self.s.module_of(cls).split(".")
            label = module[module.index("models") - 1] if "models" in module[1:] else module[-2] if len(module) > 1 else module[0]
            return f"{label}_{name.lower()}"
        if any(b.rsplit(".", 1)[-1] == "SQLModel" for b in bases):
            return name.lower()
        return snake_case(name)

    # -- accesses -------------------------------------------------------------------------------

    def accesses(self, facts: list[f.ModuleFacts]) -> list[AccessEdge]:
        out: list[AccessEdge] = []
        global_reads: list[AccessEdge] = []
        for module in facts:
            for access in module.accesses:
                if access.kind == "maps":
                    continue
                for resource in self._resources(access):
                    edge = AccessEdge(access.scope, resource, access.mode, access.line, access.via)
                    (global_reads if access.kind == "global" and access.mode == "read" else out).append(edge)
        written = {e.resource for e in out if e.resource.startswith("global:")}
        out.extend(e for e in global_reads if e.resource in written)
        return out

    def _resources(self, access: f.Access) -> list[str]:
        kind = access.kind
        if kind == "model":
            tables = []
            for value in self.r.resolve(access.name, access.scope):
                model = self.model_of(value)
                if model:
                    table = self.table_of(model) or self._form_table(model)
                    if table:
                        tables.append(f"table:{table}")
            return tables
        if kind == "global":
            return [f"global:{q}" for q in self._state(access)]
        if kind == "handle":
            out = []
            for value in self.r.resolve(access.name, access.scope):
                if value[0] == "held":
                    held_kind, _, name = value[1].partition(":")
                    out.extend(self._resources(f.Access(value[2], held_kind, name, access.mode, access.line)))
            return out
        if kind == "table" and access.name.startswith("env:"):
            return [f"table:{self._env_resource(access.name[4:], access.scope)}"]
        return [f"{kind}:{access.name}"]

    def _state(self, access: f.Access) -> list[str]:
        """Module-level state (or class attributes) that a write or read touches.

        A name declared `global` and rebound is state. A mutation (`X[k] = v`, `X.append()`)
        is state when X is bound to a mutable container; an attribute set on a module-level
        singleton is state when the singleton is an instance of an app class. Calls on
        library objects (`db.session.add`) are not module state."""
        out = []
        for place in locate(self.r, access.name, access.scope):
            owner, _, _ = place.rpartition(".")
            if owner in self.s.modules:
                if access.via != "mutation" or access.mode == "read" or self._mutable(owner, place):
                    out.append(place)
            elif self.s.kind(owner) == f.CLASS:
                out.append(place)
            elif owner.rpartition(".")[0] in self.s.modules and owner not in self.s.units:
                module, _, name = owner.rpartition(".")
                if self._app_instance(module, name):
                    out.append(owner)  # `singleton.attr = v`: the state is the singleton
        return out

    def _bindings(self, module: str, name: str) -> list[f.Binding]:
        ns = self.s.namespaces.get(module)
        return list(ns.bindings.get(name, ())) if ns else []

    def _mutable(self, module: str, place: str) -> bool:
        return any(b.mutable for b in self._bindings(module, place.rpartition(".")[2]))

    def _app_instance(self, module: str, name: str) -> bool:
        """An instance of an app class, and not a proxy to per-request or per-thread data."""
        return any(v[0] == "inst" and not CONTEXT_LOCAL.intersection(self.r.external_bases(v[1]))
                   for v in self.r.resolve(name, module))

    # -- deployment descriptors -----------------------------------------------------------------

    def _functions(self) -> list:
        return list(getattr(self.descriptors, "functions", ()) or ())

    def _env_value(self, name: str, scope: str) -> str | None:
        module = self.s.module_of(scope)
        candidates = sorted(self._functions(), key=lambda fn: (fn.module != module, fn.name))
        for fn in candidates:
            value = dict(fn.environment).get(name)
            if value is not None:
                return value
        return None

    def _env_resource(self, name: str, scope: str) -> str:
        value = self._env_value(name, scope)
        if value and value.startswith("ref:"):
            return value[4:]
        return value or "${" + name + "}"

    def _consumers(self, remote: f.Remote) -> list[CallEdge]:
        """A message sent to a queue or topic the descriptors declare runs its consumers later."""
        _, _, target = remote.function.partition(":")
        if target.startswith("env:"):
            target = self._env_value(target[4:], remote.scope) or ""
        if not target:
            return []
        out = []
        for fn in self._functions():
            consumes = any(target in (dict(t.details).get("queue", ""), dict(t.details).get("topic", ""))
                           for t in fn.triggers)
            callee = f"{fn.module}.{fn.function}"
            if consumes and callee in self.s.units:
                out.append(CallEdge(remote.scope, callee, DISPATCH, remote.line, "message"))
        return out

    def remotes(self, facts: list[f.ModuleFacts]) -> list[CallEdge]:
        by_name = {fn.name: fn for fn in self._functions()}
        out: list[CallEdge] = []
        for module in facts:
            for remote in module.remotes:
                if remote.function.startswith(("sqs:", "sns:")):
                    out.extend(self._consumers(remote))
                    continue
                name = remote.function
                if name.startswith("env:"):
                    value = self._env_value(name[4:], remote.scope) or ""
                    name = value[4:] if value.startswith("ref:") else value
                fn = by_name.get(name) or next((x for x in by_name.values() if x.physical_name == name), None)
                if fn is None:
                    continue
                callee = f"{fn.module}.{fn.function}"
                if callee in self.s.units:
                    kind = DISPATCH if remote.asynchronous else INVOKE
                    out.append(CallEdge(remote.scope, callee, kind, remote.line, "lambda-invoke"))
        return out


def import_edges(symbols, facts: list[f.ModuleFacts],
                 users: dict[tuple[str, str], tuple[str, ...]] | None = None) -> list[ImportEdge]:
    """unit → third-party distribution, for every import of a module outside the app;
    `users` (link.build.import_users) gives the functions that use a module-level import."""
    users = users or {}
    # One edge per statement and module: `from flask import Flask, jsonify` binds two
    # names; the statement is loaded with the module if either is, else for their users.
    merged: dict[tuple, set[str] | None] = {}
    for module in facts:
        for imp in module.imports:
            top = imp.module.split(".", 1)[0]
            if not top or imp.level or symbols.is_module(top) or top in STDLIB:
                continue
            key = (imp.scope, DISTRIBUTIONS.get(top, top), imp.module, imp.line, imp.type_checking, imp.conditional)
            who = users.get((imp.scope, imp.alias), ())
            if key in merged and merged[key] is None:
                continue
            merged[key] = None if not who else (merged.get(key) or set()) | set(who)
    return [ImportEdge(scope, package, name, line, type_checking, tuple(sorted(who or ())), conditional)
            for (scope, package, name, line, type_checking, conditional), who in merged.items()]
