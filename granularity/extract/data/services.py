"""External services a unit talks to: AWS through boto3, HTTP clients, DynamoDB tables, and
remote Lambda invocations.

- `boto3.client("s3")`, `boto3.resource("dynamodb")`, `<session>.client(...)`, aioboto3 →
  `Access(kind="service", name="s3", mode="read", via="boto3")` where the client is made;
  calls on such a client (a module-level, local or `self.` name bound to it) → the same
  service, written by `put_*`/`send_*`/`publish`/`delete_*`/`upload_*`/`invoke`... and read
  otherwise. SQS `send_message(QueueUrl=...)`, SNS `publish(TopicArn=...)`, S3 calls with
  `Bucket=` and Lambda `invoke(FunctionName=...)` count on any client.
- HTTP: `requests.get/post/...`, `httpx.get/...`, `urllib.request.urlopen`, and calls on a
  `requests.Session()`/`httpx.Client()`/`httpx.AsyncClient()`/`aiohttp.ClientSession()` →
  `Access(kind="service", name="http", via=<library>)`, written by post/put/patch/delete (and
  by `request(method, ...)` unless the method is a literal GET/HEAD/OPTIONS).
- DynamoDB: `t = dynamodb.Table(NAME)` (a literal, or `os.environ["X"]`/`os.getenv("X")` → `env:X`)
  then `t.put_item/update_item/delete_item/batch_writer` → `Access(kind="table", mode="write",
  via="dynamodb")`, `t.get_item/query/scan` → read; a client's `put_item(TableName=...)` too.
- Lambda: `invoke(FunctionName=F, InvocationType="Event")` on a `boto3.client("lambda")` →
  `Remote(function=<literal, env:NAME or a constant's value>, asynchronous=...)`;
  `invoke_async` is asynchronous.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import libcst as cst

from granularity.extract.context import FileContext, Gatherer
from granularity.extract.data.common import STRING_NODES, Accesses, StringConstants
from granularity.extract.refs import arg, dotted, literal_str
from granularity.model import facts as f

#: Libraries whose module names the gatherer follows through imports.
LIBRARIES = frozenset({"boto3", "aioboto3", "requests", "httpx", "aiohttp", "urllib", "urllib.request", "urllib3", "os"})
#: Module-level HTTP functions: canonical name → library.
HTTP_FUNCTIONS = {
    **{f"{lib}.{verb}": lib for lib in ("requests", "httpx")
       for verb in ("get", "post", "put", "patch", "delete", "head", "options", "request", "stream")},
    "urllib.request.urlopen": "urllib", "aiohttp.request": "aiohttp",
}
#: HTTP client constructors: canonical name → library.
HTTP_CLIENTS = {
    "requests.Session": "requests", "requests.session": "requests", "httpx.Client": "httpx",
    "httpx.AsyncClient": "httpx", "aiohttp.ClientSession": "aiohttp", "urllib3.PoolManager": "urllib3",
}
HTTP_METHODS = frozenset({"get", "post", "put", "patch", "delete", "head", "options", "request", "stream", "send", "urlopen"})
HTTP_WRITES = frozenset({"post", "put", "patch", "delete"})
#: Things boto3 clients and sessions are made from.
BOTO_ROOTS = frozenset({"boto3", "aioboto3", "botocore"})
BOTO_WRITE = re.compile(
    r"(put|send|publish|delete|create|update|upload|copy|invoke|start|write|batch_write|"
    r"modify|remove|add|tag|untag|attach|detach|set|change|restore|execute|run|stop|terminate|"
    r"reboot|enable|disable|register|deregister|transact_write|complete|abort|purge|import)(_|$)"
)
#: Last names of the calls that make a handle worth following.
MAKERS = frozenset({
    "client", "resource", "Table", "Session", "session", "Client", "AsyncClient", "ClientSession",
    "PoolManager", "get", "getenv",
})
SERVICE_NAME = re.compile(r"[a-z][a-z0-9-]*$")
DYNAMO_WRITES = frozenset({"put_item", "update_item", "delete_item", "batch_writer", "batch_write_item", "transact_write_items"})
DYNAMO_READS = frozenset({"get_item", "query", "scan", "batch_get_item", "transact_get_items"})
#: Calls that name their service by a keyword argument, on any client: method → (keyword, service).
SIGNATURES = {
    "send_message": (("QueueUrl",), "sqs"), "send_message_batch": (("QueueUrl",), "sqs"),
    "receive_message": (("QueueUrl",), "sqs"), "delete_message": (("QueueUrl",), "sqs"),
    "publish": (("TopicArn", "TargetArn", "PhoneNumber"), "sns"),
    "put_object": (("Bucket",), "s3"), "get_object": (("Bucket",), "s3"), "upload_file": (("Bucket",), "s3"),
    "upload_fileobj": (("Bucket",), "s3"), "download_file": (("Bucket",), "s3"),
    "download_fileobj": (("Bucket",), "s3"), "delete_object": (("Bucket",), "s3"),
    "head_object": (("Bucket",), "s3"), "copy_object": (("Bucket",), "s3"),
    "list_objects_v2": (("Bucket",), "s3"), "generate_presigned_url": (("Params",), "s3"),
    "invoke": (("FunctionName",), "lambda"), "invoke_async": (("FunctionName",), "lambda"),
}


class Handle(NamedTuple):
    """What a name is bound to: a boto3 client/resource, a DynamoDB table, an HTTP client, an env value."""

    #: "boto3", "resource", "table", "http" or "env".
    kind: str
    #: The service, the table's name, the HTTP library, or `env:NAME`.
    name: str


class ServiceGatherer(Gatherer):
    """Appends `Access(kind="service")`, DynamoDB `Access(kind="table")` and `Remote` facts."""

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        self.out = Accesses(ctx)
        self.consts = StringConstants()
        #: Local alias → canonical module or name (`r` → `requests`, `urlopen` → `urllib.request.urlopen`).
        self._aliases: dict[str, str] = {}
        self._module: dict[str, Handle] = {}
        self._local: dict[str, Handle] = {}
        self._saved: list[dict[str, Handle]] = []
        #: `self.<attr>` handles per class qualname.
        self._attrs: dict[str, dict[str, Handle]] = {}

    # -- imports and scopes ---------------------------------------------------------------

    def visit_Import(self, node: cst.Import) -> None:
        for alias in node.names:
            name = dotted(alias.name)
            if name not in LIBRARIES:
                continue
            if alias.asname is not None and type(alias.asname.name) is cst.Name:
                self._aliases[alias.asname.name.value] = name
            else:
                root = name.split(".", 1)[0]
                self._aliases[root] = root

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        module = dotted(node.module) if node.module is not None else None
        if node.relative or module is None or module.split(".", 1)[0] not in LIBRARIES:
            return
        if isinstance(node.names, cst.ImportStar):
            return
        for alias in node.names:
            if type(alias.name) is not cst.Name:
                continue
            local = alias.asname.name.value if alias.asname is not None and type(alias.asname.name) is cst.Name else alias.name.value
            self._aliases[local] = f"{module}.{alias.name.value}"

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.consts.enter_function()
        self._saved.append(self._local)
        self._local = {}

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.consts.leave_function()
        self._local = self._saved.pop() if self._saved else {}

    def _canonical(self, node: cst.BaseExpression) -> str | None:
        """`requests.post` for `r.post` after `import requests as r`; None for other names."""
        root = node
        while type(root) is cst.Attribute:
            root = root.value
        if type(root) is not cst.Name or root.value not in self._aliases:
            return None
        ref = dotted(node)
        if ref is None:
            return None
        head, _, rest = ref.partition(".")
        base = self._aliases[head]
        return f"{base}.{rest}" if rest else base

    # -- bindings -------------------------------------------------------------------------

    def visit_Assign(self, node: cst.Assign) -> None:
        value = node.value
        if type(value) in STRING_NODES:
            self.consts.note(node, self.ctx.at_module_level)
            return
        if type(value) is cst.Await:
            value = value.expression
        kind = type(value)
        if kind is cst.Call:
            func = value.func
            name = func.attr.value if type(func) is cst.Attribute else func.value if type(func) is cst.Name else ""
            if name not in MAKERS and name not in self._aliases:
                handle = None
            else:
                handle = self._handle_of(value)
        elif kind is cst.Subscript:
            handle = self._handle_of(value)
        else:
            return
        for target in node.targets:
            self._bind(target.target, handle)

    def visit_WithItem(self, node: cst.WithItem) -> None:
        if node.asname is not None and type(node.item) is cst.Call:
            handle = self._handle_of(node.item)
            if handle is not None:
                self._bind(node.asname.name, handle)

    def _bind(self, target: cst.BaseExpression, handle: Handle | None) -> None:
        kind = type(target)
        if kind is cst.Name:
            names = self._module if self.ctx.at_module_level else self._local
            if handle is not None:
                names[target.value] = handle
            elif names:
                names.pop(target.value, None)
        elif kind is cst.Attribute and type(target.value) is cst.Name and target.value.value == "self":
            cls = self.ctx.enclosing_class()
            if cls is not None and handle is not None:
                self._attrs.setdefault(cls.qualname, {})[target.attr.value] = handle

    def _lookup(self, node: cst.BaseExpression) -> Handle | None:
        kind = type(node)
        if kind is cst.Name:
            name = node.value
            return self._local.get(name) or self._module.get(name)
        if kind is cst.Attribute and type(node.value) is cst.Name and node.value.value == "self":
            cls = self.ctx.enclosing_class()
            attrs = self._attrs.get(cls.qualname) if cls is not None else None
            return attrs.get(node.attr.value) if attrs else None
        return None

    def _handle_of(self, node: cst.BaseExpression) -> Handle | None:
        """The handle a call (or an env read) makes, without emitting anything."""
        if type(node) is cst.Subscript:
            env = self._env_name(node)
            return Handle("env", env) if env else None
        func = node.func
        if type(func) is not cst.Attribute:
            canonical = self._canonical(func)
            if canonical in HTTP_CLIENTS:
                return Handle("http", HTTP_CLIENTS[canonical])
            env = self._env_name(node)
            return Handle("env", env) if env else None
        method = func.attr.value
        if method in ("client", "resource"):
            service = self._service_name(node)
            if service is not None and self._is_boto_factory(func.value):
                return Handle("resource" if method == "resource" else "boto3", service)
        elif method == "Table":
            table = self._table_name(node)
            if table is not None and self._is_dynamo(func.value):
                return Handle("table", table)
        canonical = self._canonical(func)
        if canonical in HTTP_CLIENTS:
            return Handle("http", HTTP_CLIENTS[canonical])
        if canonical and canonical.rsplit(".", 1)[-1] in ("Session", "session") and canonical.split(".", 1)[0] in BOTO_ROOTS:
            return Handle("session", canonical.split(".", 1)[0])
        env = self._env_name(node)
        return Handle("env", env) if env else None

    # -- names ----------------------------------------------------------------------------

    def _service_name(self, call: cst.Call) -> str | None:
        name = self.consts.value(arg(call, 0, "service_name"))
        return name if name and SERVICE_NAME.match(name) else None

    def _is_boto_factory(self, node: cst.BaseExpression) -> bool:
        """`boto3`, `boto3.session.Session()`, a name bound to a boto3 session, `self.session`."""
        if type(node) is cst.Call:
            node = node.func
        handle = self._lookup(node)
        if handle is not None:
            return handle.kind == "session"
        canonical = self._canonical(node)
        if canonical is not None:
            return canonical.split(".", 1)[0] in BOTO_ROOTS
        ref = (dotted(node) or "").lower()
        return "session" in ref or "boto" in ref

    def _is_dynamo(self, node: cst.BaseExpression) -> bool:
        if type(node) is cst.Call:
            return self._handle_of(node) == Handle("resource", "dynamodb")
        handle = self._lookup(node)
        if handle is not None:
            return handle == Handle("resource", "dynamodb")
        return "dynamo" in (dotted(node) or "").lower()

    def _table_name(self, call: cst.Call) -> str | None:
        return self._named(arg(call, 0, "name") or arg(call, None, "TableName"))

    def _named(self, node: cst.BaseExpression | None) -> str | None:
        """A literal, a constant's value, `env:X` for an environment read or a name bound to one."""
        if node is None:
            return None
        value = self.consts.value(node)
        if value:
            return value
        if type(node) is cst.Name:
            handle = self._local.get(node.value) or self._module.get(node.value)
            return handle.name if handle is not None and handle.kind == "env" else None
        return self._env_name(node)

    def _env_name(self, node: cst.BaseExpression) -> str | None:
        """`env:X` for `os.environ["X"]`, `os.environ.get("X")`, `os.getenv("X")`."""
        kind = type(node)
        if kind is cst.Subscript:
            if self._canonical(node.value) == "os.environ" and len(node.slice) == 1:
                index = node.slice[0].slice
                name = literal_str(index.value) if type(index) is cst.Index else None
                return f"env:{name}" if name else None
            return None
        if kind is not cst.Call:
            return None
        canonical = self._canonical(node.func)
        if canonical in ("os.environ.get", "os.getenv"):
            name = literal_str(arg(node, 0))
            return f"env:{name}" if name else None
        return None

    # -- calls ----------------------------------------------------------------------------

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if type(func) is not cst.Attribute:
            canonical = self._canonical(func)
            if canonical is not None:
                self._module_call(node, canonical)
            return
        method = func.attr.value
        receiver = func.value
        handle = self._lookup(receiver) if type(receiver) is not cst.Call else self._handle_of(receiver)
        if handle is not None and handle.kind != "session":
            self._handle_call(node, method, handle)
            return
        if method in ("client", "resource", "Table"):
            made = self._handle_of(node)
            if made is not None and made.kind in ("boto3", "resource"):
                self.out.add("service", made.name, "read", "boto3")
                return
        if method in SIGNATURES:
            self._signature_call(node, method)
            return
        canonical = self._canonical(func)
        if canonical is not None:
            self._module_call(node, canonical)

    def _module_call(self, node: cst.Call, canonical: str) -> None:
        """`requests.post(...)`, `urlopen(...)`, `httpx.AsyncClient()`."""
        lib = HTTP_FUNCTIONS.get(canonical)
        if lib is not None:
            verb = canonical.rsplit(".", 1)[-1]
            self.out.add("service", "http", self._http_mode(node, verb), lib)
            return
        lib = HTTP_CLIENTS.get(canonical)
        if lib is not None:
            self.out.add("service", "http", "read", lib)

    @staticmethod
    def _http_mode(node: cst.Call, verb: str) -> str:
        if verb == "request":
            method = literal_str(arg(node, 0, "method"))
            return "write" if method is None or method.lower() in HTTP_WRITES else "read"
        if verb == "urlopen":
            return "write" if arg(node, 1, "data") is not None else "read"
        return "write" if verb in HTTP_WRITES else "read"

    def _handle_call(self, node: cst.Call, method: str, handle: Handle) -> None:
        kind = handle.kind
        if kind == "http":
            if method in HTTP_METHODS:
                self.out.add("service", "http", self._http_mode(node, method), handle.name)
        elif kind == "table":
            if method in DYNAMO_WRITES:
                self.out.add("table", handle.name, "write", "dynamodb")
            elif method in DYNAMO_READS:
                self.out.add("table", handle.name, "read", "dynamodb")
        elif kind in ("boto3", "resource"):
            self._boto_call(node, method, handle.name)

    def _boto_call(self, node: cst.Call, method: str, service: str) -> None:
        if method == "Table" or method.startswith(("get_waiter", "get_paginator", "can_paginate")):
            return
        if service == "dynamodb" and (method in DYNAMO_WRITES or method in DYNAMO_READS):
            table = self._named(arg(node, None, "TableName"))
            if table:
                self.out.add("table", table, "write" if method in DYNAMO_WRITES else "read", "dynamodb")
        if service == "lambda" and method in ("invoke", "invoke_async"):
            self._remote(node, method)
        self.out.add("service", service, "write" if BOTO_WRITE.match(method) else "read", "boto3")

    def _signature_call(self, node: cst.Call, method: str) -> None:
        """`x.send_message(QueueUrl=...)` on a client made elsewhere."""
        keywords, service = SIGNATURES[method]
        if not any(arg(node, None, k) is not None for k in keywords):
            return
        if service == "lambda":
            self._remote(node, method)
        self.out.add("service", service, "write" if BOTO_WRITE.match(method) else "read", "boto3")

    def _remote(self, node: cst.Call, method: str) -> None:
        function = self._named(arg(node, None, "FunctionName"))
        if not function:
            return
        invocation = self.consts.value(arg(node, None, "InvocationType"))
        asynchronous = method == "invoke_async" or invocation == "Event"
        self.ctx.remotes.append(f.Remote(self.ctx.scope, function, asynchronous, self.ctx.line))
