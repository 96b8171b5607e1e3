"""AWS services a unit talks to through boto3: clients, DynamoDB tables and Lambda invocations.

- `boto3.client("s3")`, `boto3.resource("dynamodb")`, `<session>.client(...)` (a boto3 or
  aioboto3 session) → `Access(kind="service", name="s3", mode="read", via="boto3")` where the
  client is made; calls on such a client (bound to a module-level, local or `self.` name, or
  by `with ... as`) → the same service, written by `put_*`/`send_*`/`publish`/`delete_*`/
  `upload_*`/`invoke`... and read otherwise. SQS `send_message(QueueUrl=...)`, SNS
  `publish(TopicArn=...)`, S3 calls with `Bucket=` and `invoke(FunctionName=...)` count on a
  client made elsewhere too.
- DynamoDB: `t = dynamodb.Table(NAME)` (a literal, a constant, or `os.environ["X"]`/
  `os.getenv("X")` → `env:X`), then `t.put_item/update_item/delete_item/batch_writer` →
  `Access(kind="table", mode="write", via="dynamodb")` and `t.get_item/query/scan` → read;
  a client's `put_item(TableName=...)` likewise.
- Lambda: `invoke(FunctionName=F, InvocationType="Event")` → `Remote(function=<literal,
  env:NAME or a constant's value>, asynchronous=InvocationType == "Event")`;
  `invoke_async` is asynchronous.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import libcst as cst

from granularity.extract.context import FileContext, Gatherer
from granularity.extract.data.common import STRING_NODES, Accesses, Aliases, Bound, StringConstants
from granularity.extract.refs import ref_of, arg, dotted, literal_str
from granularity.model import facts as f

#: Packages followed through imports (`os` for environment reads naming tables and functions).
LIBRARIES = frozenset({"boto3", "aioboto3", "botocore", "os"})
BOTO_ROOTS = frozenset({"boto3", "aioboto3", "botocore"})
#: Last names of the calls whose result is worth following.
MAKERS = frozenset({"client", "resource", "Table", "Session", "session", "get", "getenv"})
BOTO_WRITE = re.compile(
    r"(put|send|publish|delete|create|update|upload|copy|invoke|start|write|batch_write|"
    r"modify|remove|add|tag|untag|attach|detach|set|change|restore|execute|run|stop|terminate|"
    r"reboot|enable|disable|register|deregister|transact_write|complete|abort|purge|import)(_|$)"
)
SERVICE_NAME = re.compile(r"[a-z][a-z0-9-]*$")
DYNAMO_WRITES = frozenset({"put_item", "update_item", "delete_item", "batch_writer", "batch_write_item", "transact_write_items"})
DYNAMO_READS = frozenset({"get_item", "query", "scan", "batch_get_item", "transact_get_items"})
#: Calls that name their service by a keyword argument, on any client: method → (keywords, service).
SIGNATURES = {
    **{m: (("QueueUrl",), "sqs") for m in ("send_message", "send_message_batch", "receive_message", "delete_message")},
    "publish": (("TopicArn", "TargetArn", "PhoneNumber"), "sns"),
    **{m: (("Bucket",), "s3") for m in (
        "put_object", "get_object", "upload_file", "upload_fileobj", "download_file", "download_fileobj",
        "delete_object", "head_object", "copy_object", "list_objects_v2")},
    "invoke": (("FunctionName",), "lambda"), "invoke_async": (("FunctionName",), "lambda"),
}


#: Calls that send a message, with the keyword naming the queue or topic.
MESSAGE_SENDS = {("sqs", "send_message"): "QueueUrl", ("sqs", "send_message_batch"): "QueueUrl",
                 ("sns", "publish"): "TopicArn"}


class Handle(NamedTuple):
    """What a name holds: a boto3 "client", "resource" or "session", a DynamoDB "table", or an "env" value."""

    kind: str
    #: The service, the table's name, the session's library, or `env:NAME`.
    name: str


def boto_mode(method: str) -> str:
    return "write" if BOTO_WRITE.match(method) else "read"


class ServiceGatherer(Gatherer):
    """Appends boto3 `Access(kind="service")`, DynamoDB `Access(kind="table")` and `Remote` facts."""

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        self.out = Accesses(ctx)
        self.consts = StringConstants()
        self.aliases = Aliases(LIBRARIES)
        self.handles: Bound[Handle] = Bound(ctx)

    def visit_Import(self, node: cst.Import) -> None:
        self.aliases.note_import(node)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        self.aliases.note_import_from(node)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.consts.enter_function()
        self.handles.enter_function()

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.consts.leave_function()
        self.handles.leave_function()

    # -- bindings -------------------------------------------------------------------------

    def visit_Assign(self, node: cst.Assign) -> None:
        value = node.value
        self.consts.note(node, self.ctx.at_module_level)
        if type(value) in STRING_NODES:
            return
        if type(value) is cst.Await:
            value = value.expression
        handle = None
        if type(value) is cst.Call:
            func = value.func
            name = func.attr.value if type(func) is cst.Attribute else func.value if type(func) is cst.Name else ""
            if name in MAKERS or name in self.aliases.names:
                handle = self._handle_of(value)
        elif type(value) is cst.Subscript:
            env = self._env_name(value)
            handle = Handle("env", env) if env else None
        for target in node.targets:
            self.handles.bind(target.target, handle)

    def visit_WithItem(self, node: cst.WithItem) -> None:
        if node.asname is not None and type(node.item) is cst.Call:
            handle = self._handle_of(node.item)
            if handle is not None:
                self.handles.bind(node.asname.name, handle)

    def _handle_of(self, node: cst.Call) -> Handle | None:
        """The handle a call makes: a client, resource, session, table, or an env read."""
        func = node.func
        if type(func) is cst.Attribute:
            method = func.attr.value
            if method in ("client", "resource") and self._is_boto_factory(func.value):
                service = self._service_name(node)
                if service is not None:
                    return Handle(method if method == "resource" else "client", service)
            elif method == "Table" and self._is_dynamo(func.value):
                table = self._named(arg(node, 0, "name") or arg(node, None, "TableName"))
                if table is not None:
                    return Handle("table", table)
        canonical = self.aliases.canonical(func) or ""
        head, _, last = canonical.rpartition(".")
        if last in ("Session", "session") and head.split(".", 1)[0] in BOTO_ROOTS:
            return Handle("session", head.split(".", 1)[0])
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
        handle = self.handles.get(node)
        if handle is not None:
            return handle.kind == "session"
        canonical = self.aliases.canonical(node)
        if canonical is not None:
            return canonical.split(".", 1)[0] in BOTO_ROOTS
        ref = (dotted(node) or "").lower()
        return "session" in ref or "boto" in ref

    def _is_dynamo(self, node: cst.BaseExpression) -> bool:
        handle = self._handle_of(node) if type(node) is cst.Call else self.handles.get(node)
        if handle is not None:
            return handle == Handle("resource", "dynamodb")
        return "dynamo" in (dotted(node) or "").lower()

    def _named(self, node: cst.BaseExpression | None) -> str | None:
        """A literal, a constant's value, or `env:X` for an environment read or a name bound to one."""
        if node is None:
            return None
        value = self.consts.value(node)
        if value:
            return value
        if type(node) is cst.Name:
            handle = self.handles.get(node)
            return handle.name if handle is not None and handle.kind == "env" else None
        return self._env_name(node)

    def _env_name(self, node: cst.BaseExpression) -> str | None:
        """`env:X` for `os.environ["X"]`, `os.environ.get("X")`, `os.getenv("X")`."""
        if type(node) is cst.Subscript:
            if self.aliases.canonical(node.value) != "os.environ" or len(node.slice) != 1:
                return None
            index = node.slice[0].slice
            name = literal_str(index.value) if type(index) is cst.Index else None
        elif type(node) is cst.Call and self.aliases.canonical(node.func) in ("os.environ.get", "os.getenv"):
            name = literal_str(arg(node, 0))
        else:
            return None
        return f"env:{name}" if name else None

    # -- calls ----------------------------------------------------------------------------

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if type(func) is not cst.Attribute:
            return
        method = func.attr.value
        receiver = func.value
        handle = self._handle_of(receiver) if type(receiver) is cst.Call else self.handles.get(receiver)
        if handle is not None and handle.kind in ("client", "resource", "table"):
            self._handle_call(node, method, handle)
        elif method in ("client", "resource"):
            made = self._handle_of(node)
            if made is not None and made.kind in ("client", "resource"):
                self.out.add("service", made.name, "read", "boto3")
        elif method in SIGNATURES and handle is None:
            self._signature_call(node, method)
        elif handle is None and (method in DYNAMO_WRITES or method in DYNAMO_READS):
            held = ref_of(receiver) if type(receiver) in (cst.Name, cst.Attribute) else None
            if held:  # a table handle made elsewhere: the link stage follows the name to it
                mode = "write" if method in DYNAMO_WRITES else "read"
                self.ctx.accesses.append(f.Access(self.ctx.scope, "handle", held, mode, self.ctx.line, "dynamodb"))

    def _handle_call(self, node: cst.Call, method: str, handle: Handle) -> None:
        if handle.kind == "table":
            if method in DYNAMO_WRITES or method in DYNAMO_READS:
                self.out.add("table", handle.name, "write" if method in DYNAMO_WRITES else "read", "dynamodb")
            return
        service = handle.name
        if method == "Table" or method.startswith(("get_waiter", "get_paginator", "can_paginate")):
            return
        if service == "dynamodb" and (method in DYNAMO_WRITES or method in DYNAMO_READS):
            table = self._named(arg(node, None, "TableName"))
            if table:
                self.out.add("table", table, "write" if method in DYNAMO_WRITES else "read", "dynamodb")
        if service == "lambda" and method in ("invoke", "invoke_async"):
            self._remote(node, method)
        self._message(node, method, service)
        self.out.add("service", service, boto_mode(method), "boto3")

    def _signature_call(self, node: cst.Call, method: str) -> None:
        """`x.send_message(QueueUrl=...)` on a client made elsewhere."""
        keywords, service = SIGNATURES[method]
        if any(arg(node, None, k) is not None for k in keywords):
            if service == "lambda":
                self._remote(node, method)
            else:
                self._message(node, method, service)
            self.out.add("service", service, boto_mode(method), "boto3")

    def _message(self, node: cst.Call, method: str, service: str) -> None:
        """A message to an SQS queue or SNS topic: its consumers run later (`sqs:TARGET`)."""
        if (service, method) not in MESSAGE_SENDS:
            return
        target = self._named(arg(node, None, MESSAGE_SENDS[(service, method)]))
        if target:
            self.ctx.remotes.append(f.Remote(self.ctx.scope, f"{service}:{target}", True, self.ctx.line))

    def _remote(self, node: cst.Call, method: str) -> None:
        function = self._named(arg(node, None, "FunctionName"))
        if not function:
            return
        invocation = self.consts.value(arg(node, None, "InvocationType"))
        asynchronous = method == "invoke_async" or invocation == "Event"
        self.ctx.remotes.append(f.Remote(self.ctx.scope, function, asynchronous, self.ctx.line))
