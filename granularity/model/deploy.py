"""What deployment descriptors declare: FaaS functions, their triggers and environment, and
the cloud resources they name (SAM/CloudFormation templates, serverless.yml).

Plain frozen values, like the facts. Triggers use the entry point kinds and details of
docs/model.md; references to other resources of the same descriptor are kept as
`ref:LogicalId`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Trigger:
    """One way a declared function is triggered."""

    #: "http", "queue", "schedule", "event" or "faas" (declared without events).
    kind: str
    #: Sorted (key, value) pairs: `methods`/`path`, `queue`, `schedule`, `event`/`sender`, `handler`.
    details: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class DeclaredFunction:
    """A FaaS function a descriptor declares."""

    #: Logical id (SAM/CloudFormation) or function key (serverless.yml).
    name: str
    #: The handler as written (`orders/validate.handler`, `orders.validate.handler`).
    handler: str
    #: The handler's module, dotted, relative to `code_root` (`orders.validate`).
    module: str
    #: The handler's function name (`handler`).
    function: str
    #: Where the handler's module is found: a POSIX path relative to the analysed root, "" for the root.
    code_root: str
    triggers: tuple[Trigger, ...] = ()
    #: Sorted (name, value) pairs; a value is a literal, `ref:LogicalId`, or "" when not known statically.
    environment: tuple[tuple[str, str], ...] = ()
    #: The deployed function name when the descriptor gives one (`FunctionName`, `name:`).
    physical_name: str = ""
    #: The descriptor file, relative to the analysed root.
    source: str = ""
    line: int = 0

    @property
    def qualname(self) -> str:
        """The handler's qualified name relative to its code root (`orders.validate.handler`)."""
        return f"{self.module}.{self.function}" if self.module else self.function


@dataclass(frozen=True, slots=True)
class DeclaredResource:
    """A non-function resource a descriptor declares (a table, queue, bucket, topic...)."""

    logical_id: str
    #: CloudFormation type (`AWS::DynamoDB::Table`, `AWS::Serverless::SimpleTable`, `AWS::SQS::Queue`).
    type: str
    #: The physical name when given as a literal (`TableName`, `QueueName`, `BucketName`...).
    physical_name: str = ""
    source: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True)
class Descriptors:
    """Everything read from the deployment descriptors of one analysed root."""

    functions: tuple[DeclaredFunction, ...] = ()
    resources: tuple[DeclaredResource, ...] = ()
    #: The descriptor files that declared something, relative to the analysed root.
    files: tuple[str, ...] = ()

    def code_roots(self) -> tuple[str, ...]:
        """The source roots the declared functions name (CodeUri, serverless `module`), sorted."""
        return tuple(sorted({fn.code_root for fn in self.functions}))

    def resource(self, logical_id: str) -> DeclaredResource | None:
        """The resource with this logical id, if declared."""
        return next((r for r in self.resources if r.logical_id == logical_id), None)
