"""Facts extracted from one source file: what it defines, imports, calls, touches and exposes.

Facts are the output of the extract stage and the input of the link stage. They are
plain frozen dataclasses so that they pickle across the process pool and into the cache;
`FACTS_VERSION` is part of every cache key and must change whenever a field changes.

References to other code are kept as *reference text*: the dotted expression as written
(`models.Order`, `self.repo.save`, `db.session.add`). Two small extensions: `X()` stands
for "the value a call of X returns" (`Order().total`), and `X[]` for "an item of X"
(`HANDLERS[]`). The link stage resolves reference text to qualified names.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

#: Bump when any fact's shape or meaning changes; old cache entries are then ignored.
FACTS_VERSION = 14

#: Unit kinds.
MODULE = "module"
CLASS = "class"
FUNCTION = "function"
LAMBDA = "lambda"


@dataclass(frozen=True, slots=True)
class Param:
    """One parameter of a function."""

    #: The parameter's name.
    name: str
    #: Its annotation as reference text ("" when absent or not a plain reference).
    annotation: str = ""
    #: "", "*" or "**".
    star: str = ""


@dataclass(frozen=True, slots=True)
class Unit:
    """A code unit: a module body, class body, function, method or named lambda."""

    #: Qualified name: the module's name plus the nesting (`pkg.mod.Class.method`).
    qualname: str
    #: One of MODULE, CLASS, FUNCTION, LAMBDA.
    kind: str
    #: Qualified name of the unit it is nested in; None for a module body.
    parent: str | None
    #: First line (the `def`/`class` line, not its decorators); lines are 1-indexed.
    line: int
    #: Last line, inclusive.
    end_line: int
    #: Lines holding code in the unit's span, nested units included (blank and comment-only lines excluded).
    sloc: int = 0
    #: Lines of code of the unit itself, without its nested functions and classes.
    own_sloc: int = 0
    #: Cyclomatic complexity (radon); 1 for a unit with no branches.
    complexity: int = 1
    #: True for `async def`.
    is_async: bool = False
    #: Decorators as reference text, outermost first; a factory call keeps its "()" (`app.route()`).
    decorators: tuple[str, ...] = ()
    #: Decorators as source text with their arguments (`require_http_methods(["GET"])`), outermost first.
    decorator_texts: tuple[str, ...] = ()
    #: Base classes as reference text (classes only).
    bases: tuple[str, ...] = ()
    #: Parameters (functions only).
    params: tuple[Param, ...] = ()
    #: Return annotation as reference text.
    returns: str = ""
    #: For classes: the table name declared by `__tablename__` or `Meta.db_table`, if any.
    table: str | None = None
    #: For classes: string-valued class attributes that frameworks read (`__tablename__`, `name`, `help`...).
    class_attrs: tuple[tuple[str, str], ...] = ()
    #: For functions: qualified names of the nested functions it returns (`return wrapper`).
    returns_functions: tuple[str, ...] = ()
    #: For functions: True when the body yields.
    is_generator: bool = False


@dataclass(frozen=True, slots=True)
class Import:
    """One name bound by an import statement."""

    #: The unit whose scope the import binds into.
    scope: str
    #: Absolute module imported from (relative imports are resolved against the file's module).
    module: str
    #: The imported name for `from M import name`; None for `import M`.
    name: str | None
    #: The local name bound (`c` in `import a.b as c`; `a` in `import a.b`); "*" for star imports.
    alias: str
    #: Line of the import statement.
    line: int
    #: True under `if TYPE_CHECKING:`.
    type_checking: bool = False
    #: True inside `if`/`try` at module level or anywhere inside a function (not always executed at import).
    conditional: bool = False
    #: Number of leading dots of a relative import (0 for absolute).
    level: int = 0
    #: For a module-level import: the functions that use the name it binds, when only
    #: functions do; empty when the module body (module-level code, a class body, a
    #: decorator, a default, an annotation) uses it or no use is seen (`imports.with_users`).
    users: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Call:
    """A call site, or another use of a name that calls code (decorator, callback, property read)."""

    #: Qualified name of the calling unit (innermost function or module body).
    scope: str
    #: What is called, as reference text.
    target: str
    #: Line of the call.
    line: int
    #: "call", "decorator", "callback" (a reference handed to a call), "attr" (an attribute read,
    #: a property getter if it resolves to one), "with" / "async with" (context manager),
    #: "dispatch" (asynchronous: `.delay()`, `.apply_async()`), "depends" (a FastAPI dependency
    #: of the scope; `arg="alias"` when the target is an alias `X = Annotated[T, Depends(f)]`).
    kind: str = "call"
    #: For "callback": reference text of the call that receives the reference.
    receiver: str = ""
    #: For "callback": the argument's position ("0", "1"...) or keyword name.
    arg: str = ""


@dataclass(frozen=True, slots=True)
class Binding:
    """A name bound by assignment or annotation, kept where it helps resolve calls and state."""

    #: The unit whose namespace holds the name (for `self.x` in a method: the class).
    scope: str
    #: The bound name (`x`, or `x` for `self.x`).
    name: str
    #: The value as reference text ("" when not a plain reference); `C()` for a constructor call,
    #: `{f,g}` for a container literal of references.
    value: str
    #: The annotation as reference text, if any.
    annotation: str = ""
    #: Line of the binding.
    line: int = 0
    #: True when the value is a mutable container literal or constructor (dict, list, set, defaultdict...).
    mutable: bool = False
    #: Where `value` is to be resolved when that differs from `scope` (the method of `self.x = v`).
    origin: str = ""
    #: For a FastAPI dependency alias `X = Annotated[T, Depends(f)]`: reference text of `f`
    #: (a parameter annotated `X` makes FastAPI call `f` first).
    depends: str = ""


#: `Access.via` of a Django write that sends no model signal (a bulk `update()`,
#: `bulk_create()` or `bulk_update()`: rows change without `save()`).
DJANGO_BULK = "django-bulk"


@dataclass(frozen=True, slots=True)
class Access:
    """A read or write of a resource (table, module state, env var, file, service)."""

    #: Qualified name of the unit making the access.
    scope: str
    #: "table", "model" (reference text of an ORM model class), "global" (reference text of a
    #: module-level name), "env", "file", "service".
    kind: str
    #: The resource's name, or reference text for "model" and "global".
    name: str
    #: "read" or "write".
    mode: str
    #: Line of the access.
    line: int
    #: How it was seen: "sqlalchemy", "django", "sql", "dynamodb", "boto3", "open", "os.environ", "mutation"...
    #: DJANGO_BULK is a Django write by `update()`, `bulk_create()` or `bulk_update()`: no model signal is sent.
    via: str = ""


@dataclass(frozen=True, slots=True)
class EntryPoint:
    """A unit the outside world triggers."""

    #: Qualified name of the unit (a function, a class for class-based views, a module for
    #: `__main__`). Empty when only a reference is known: then `target` and `scope` say which.
    unit: str
    #: "http", "queue", "schedule", "cli", "event", "faas".
    kind: str
    #: The framework that declares it: "flask", "fastapi", "django", "drf", "celery", "click", ...
    framework: str
    #: Trigger details as sorted (key, value) pairs; see docs/model.md.
    details: tuple[tuple[str, str], ...] = ()
    #: Reference text of the router/blueprint/app object it hangs on, when a prefix may apply.
    router: str = ""
    #: Line where it is declared.
    line: int = 0
    #: Reference text of the unit when `unit` is empty (`add_url_rule(view_func=views.show)`,
    #: `post_save.connect(handler)`), or `task:NAME` for a task named by string (beat schedules).
    target: str = ""
    #: The namespace (qualified name) in which `target` is to be resolved.
    scope: str = ""


@dataclass(frozen=True, slots=True)
class Router:
    """A router object with a path prefix (Flask Blueprint, FastAPI APIRouter)."""

    #: Qualified name of the binding (`shop.orders.views.bp`).
    qualname: str
    framework: str
    #: The prefix given where it is built ("" if none).
    prefix: str
    line: int = 0
    #: Reference texts of the FastAPI dependencies it gives every route (`dependencies=[Depends(f)]`).
    dependencies: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Mount:
    """A router mounted on an app or another router (`register_blueprint`, `include_router`)."""

    scope: str
    #: Reference text of the mounted router.
    router: str
    #: Reference text of what it is mounted on.
    parent: str
    #: Prefix given at the mount ("" if none).
    prefix: str
    line: int = 0
    #: Reference texts of the FastAPI dependencies given at the mount
    #: (`include_router(r, dependencies=[Depends(f)])`), for every route of the router.
    dependencies: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RequestHook:
    """A function the framework runs in every request of an app or a blueprint, around
    the view: Flask's `@bp.before_request`, `app.before_request(f)`, `@bp.before_app_request`...;
    FastAPI's (Starlette's) `@app.middleware("http")` and `app.add_middleware(C)`; a
    Django `MIDDLEWARE` entry (`target` is then the dotted path as written, `obj` empty)."""

    #: Namespace the hook is registered in (where `obj` and `target` are resolved).
    scope: str
    #: Reference text of the app or blueprint it is registered on.
    obj: str
    #: Reference text of the hook function.
    target: str
    #: True for `before_app_request` and the like: every request of the app, whatever the blueprint.
    app_wide: bool = False
    line: int = 0
    #: "flask", "fastapi" or "django" (Django and DRF routes): the routes it can run for.
    framework: str = "flask"


@dataclass(frozen=True, slots=True)
class UrlPattern:
    """One Django `path()`/`re_path()` entry of a `urlpatterns` list."""

    #: Module that holds the urlpatterns.
    module: str
    #: The route as written.
    route: str
    #: Reference text of the view (`views.detail`, `views.ArticleView.as_view()`), "" for include().
    view: str
    #: For `include("app.urls")` or `include(router.urls)`: the included module or reference text.
    include: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True)
class Remote:
    """A remote invocation of another FaaS function (boto3 Lambda `invoke`)."""

    scope: str
    #: The function name: a literal, or `env:NAME` when read from an environment variable.
    function: str
    #: True for InvocationType="Event".
    asynchronous: bool
    line: int = 0


@dataclass(frozen=True, slots=True)
class Marker:
    """A pattern in a unit's code that rules care about: long-running or CPU-bound work,
    a handler routing on the event itself."""

    scope: str
    #: "sleep", "subprocess", "unbounded-loop", "cpu-bound", "server", "event-routing", ...
    kind: str
    #: What was seen (`time.sleep`, `subprocess.run`, `event["path"]`).
    detail: str
    line: int = 0


@dataclass(frozen=True, slots=True)
class Suppression:
    """A `# granularity: ignore[GRA101] reason` comment (or `ignore-file[...]`)."""

    #: Path of the file, relative to the analysed root (POSIX separators).
    path: str
    #: Line of the comment (1-indexed).
    line: int
    #: Rule ids it names, sorted; empty for a bare `ignore` (every rule).
    codes: tuple[str, ...] = ()
    #: The text after the bracket ("" when none is given).
    reason: str = ""
    #: True for `ignore-file[...]`: the whole file.
    file_level: bool = False


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """Something the tool could not do with a file, said plainly."""

    #: Path of the file, relative to the analysed root (POSIX separators).
    path: str
    #: Short machine code: "syntax", "encoding", "binary", "too-deep", "too-large", "unreadable", "timeout", "config".
    code: str
    #: One line for a person.
    message: str
    line: int = 0


@dataclass(frozen=True, slots=True)
class ModuleFacts:
    """Everything extracted from one file. Immutable; a pure function of the file's bytes and settings."""

    #: The module's dotted name.
    module: str
    #: Path relative to the analysed root (POSIX separators).
    path: str
    #: True for a package's `__init__.py`.
    is_package: bool
    #: Total lines in the file.
    lines: int
    units: tuple[Unit, ...] = ()
    imports: tuple[Import, ...] = ()
    calls: tuple[Call, ...] = ()
    bindings: tuple[Binding, ...] = ()
    accesses: tuple[Access, ...] = ()
    entry_points: tuple[EntryPoint, ...] = ()
    routers: tuple[Router, ...] = ()
    mounts: tuple[Mount, ...] = ()
    urlpatterns: tuple[UrlPattern, ...] = ()
    hooks: tuple[RequestHook, ...] = ()
    remotes: tuple[Remote, ...] = ()
    markers: tuple[Marker, ...] = ()
    #: `# granularity: ignore[...]` comments, in line order.
    suppressions: tuple[Suppression, ...] = ()
    #: Names listed in `__all__`, if the module declares it.
    all_names: tuple[str, ...] | None = None
    #: Problems met in this file (a parse error leaves every other field empty).
    diagnostics: tuple[Diagnostic, ...] = field(default=())


def fast_pickle(cls: type) -> None:
    """Pickle as `cls(*values)`: the default for frozen slotted dataclasses calls
    `dataclasses.fields()` for every object loaded, which dominates a warm run."""
    names = tuple(f.name for f in fields(cls))

    def __reduce__(self):  # noqa: N807
        return cls, tuple(getattr(self, n) for n in names)

    cls.__reduce__ = __reduce__


for _cls in (Param, Unit, Import, Call, Binding, Access, EntryPoint, Router, Mount, RequestHook, UrlPattern,
             Remote, Marker, Suppression, Diagnostic, ModuleFacts):
    fast_pickle(_cls)
