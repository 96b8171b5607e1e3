"""HTTP clients: calls that reach an outside service over HTTP.

Recognised: `requests.get/post/put/patch/delete/head/options/request(...)`, the same on
`httpx`, `urllib.request.urlopen(...)`, `aiohttp.request(...)`; making a client
(`requests.Session()`, `httpx.Client()`, `httpx.AsyncClient()`, `aiohttp.ClientSession()`,
`urllib3.PoolManager()`), and calls on such a client bound to a module-level, local or
`self.` name or by `with ... as client`. Modules are followed through their imports
(`import requests as r`, `from urllib.request import urlopen`), so a local variable that
happens to be called `requests` is not mistaken for the library.

Emits `Access(kind="service", name="http", via=<library>)`: written by post/put/patch/delete,
by `request(method, ...)` unless the method is a literal GET/HEAD/OPTIONS, and by `urlopen`
with data; read otherwise (making a client reads).
"""

from __future__ import annotations

import libcst as cst

from granularity.extract.context import FileContext, Gatherer
from granularity.extract.data.common import Accesses, Aliases, Bound
from granularity.extract.refs import arg, literal_str

#: Packages followed through imports.
LIBRARIES = frozenset({"requests", "httpx", "aiohttp", "urllib", "urllib3"})
VERBS = ("get", "post", "put", "patch", "delete", "head", "options", "request", "stream")
#: Module-level HTTP functions: canonical name → library.
FUNCTIONS = {
    **{f"{lib}.{verb}": lib for lib in ("requests", "httpx") for verb in VERBS},
    "urllib.request.urlopen": "urllib", "aiohttp.request": "aiohttp",
}
#: Client constructors: canonical name → library.
CLIENTS = {
    "requests.Session": "requests", "requests.session": "requests", "httpx.Client": "httpx",
    "httpx.AsyncClient": "httpx", "aiohttp.ClientSession": "aiohttp", "urllib3.PoolManager": "urllib3",
}
CLIENT_NAMES = frozenset(name.rsplit(".", 1)[-1] for name in CLIENTS)
#: Methods of a client that send a request.
METHODS = frozenset({*VERBS, "send", "urlopen"})
WRITES = frozenset({"post", "put", "patch", "delete"})


def http_mode(node: cst.Call, verb: str) -> str:
    """Whether a request sends data (write) or fetches it (read)."""
    if verb == "request":
        method = literal_str(arg(node, 0, "method"))
        return "write" if method is None or method.lower() in WRITES else "read"
    if verb == "urlopen":
        return "write" if arg(node, 1, "data") is not None else "read"
    return "write" if verb in WRITES else "read"


class HttpGatherer(Gatherer):
    """Appends `Access(kind="service", name="http")` facts."""

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        self.out = Accesses(ctx)
        self.aliases = Aliases(LIBRARIES)
        #: Names bound to a client → its library.
        self.clients: Bound[str] = Bound(ctx)

    def visit_Import(self, node: cst.Import) -> None:
        self.aliases.note_import(node)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        self.aliases.note_import_from(node)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.clients.enter_function()

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.clients.leave_function()

    def visit_Assign(self, node: cst.Assign) -> None:
        library = self._client_made(node.value)
        for target in node.targets:
            self.clients.bind(target.target, library)

    def visit_WithItem(self, node: cst.WithItem) -> None:
        if node.asname is not None:
            library = self._client_made(node.item)
            if library is not None:
                self.clients.bind(node.asname.name, library)

    def _client_made(self, value: cst.BaseExpression) -> str | None:
        """The library of a client a constructor call makes, or None."""
        if type(value) is not cst.Call or not self.aliases.names:
            return None
        func = value.func
        name = func.attr.value if type(func) is cst.Attribute else func.value if type(func) is cst.Name else ""
        return CLIENTS.get(self.aliases.canonical(func) or "") if name in CLIENT_NAMES else None

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if type(func) is cst.Attribute and func.attr.value in METHODS:
            library = self.clients.get(func.value)
            if library is not None:
                self.out.add("service", "http", http_mode(node, func.attr.value), library)
                return
        if not self.aliases.names:
            return
        canonical = self.aliases.canonical(func)
        if canonical is None:
            return
        library = FUNCTIONS.get(canonical)
        if library is not None:
            self.out.add("service", "http", http_mode(node, canonical.rsplit(".", 1)[-1]), library)
        elif canonical in CLIENTS:
            self.out.add("service", "http", "read", CLIENTS[canonical])
