"""Reads deployment descriptors: which FaaS functions an app already declares, how each is
triggered, what environment it gets, which resources exist, and the code roots they name.

Read: `template.yaml`/`template.yml` (AWS SAM or plain CloudFormation) and
`serverless.yml`/`serverless.yaml` (Serverless Framework, AWS provider), at the analysed
root and one directory down (hidden directories and `node_modules` skipped). The files are
parsed with PyYAML's safe loader, extended to read CloudFormation's short-form tags as their
long form (`!Ref X` → `{"Ref": "X"}`, `!GetAtt X.Arn` → `{"Fn::GetAtt": ["X", "Arn"]}`,
`!Sub s` → `{"Fn::Sub": s}`...). Nothing is executed and no variable is looked up outside
the file; a file that cannot be read or parsed gives a "config" diagnostic, never an exception.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Any

import yaml

from granularity.model.deploy import DeclaredFunction, DeclaredResource, Descriptors, Trigger
from granularity.model.facts import Diagnostic

NAMES = ("template.yaml", "template.yml", "serverless.yml", "serverless.yaml")
SKIPPED_DIRS = frozenset({"node_modules"})
MAX_BYTES = 5 * 1024 * 1024
SAM_FUNCTION = "AWS::Serverless::Function"
FUNCTION_TYPES = frozenset({SAM_FUNCTION, "AWS::Lambda::Function"})
#: Properties that give a resource's physical name.
NAME_PROPERTIES = ("TableName", "QueueName", "BucketName", "TopicName", "StreamName", "FunctionName", "Name")
CATCH_ALL = "/{proxy+}"
#: SAM event types that deliver messages from a queue or broker, and the property naming it.
SAM_QUEUES = {"SQS": "Queue", "MQ": "Broker", "MSK": "Stream", "SelfManagedKafka": "Topics"}
#: SAM event types that deliver cloud events: the event source and the property naming the sender.
SAM_EVENTS = {
    "S3": ("s3", "Bucket"), "SNS": ("sns", "Topic"), "DynamoDB": ("dynamodb", "Stream"),
    "Kinesis": ("kinesis", "Stream"), "EventBridgeRule": ("eventbridge", "EventBusName"),
    "CloudWatchEvent": ("eventbridge", "EventBusName"), "CloudWatchLogs": ("cloudwatchlogs", "LogGroupName"),
    "Cognito": ("cognito", "UserPool"), "IoTRule": ("iot", ""), "DocumentDB": ("documentdb", "Cluster"),
}
#: serverless.yml event types that deliver messages, and the key naming the source.
SLS_QUEUES = {"sqs": "arn", "kafka": "topic", "msk": "arn", "activemq": "arn", "rabbitmq": "queue"}
_PLACEHOLDER = re.compile(r"\$\{([^}!]+)\}")

Details = tuple[tuple[str, str], ...]


# -- YAML with CloudFormation tags --------------------------------------------------------


class KeyedMap(dict):
    """A YAML mapping that remembers the line (1-indexed) of each of its keys."""

    lines: dict[str, int]


class CloudFormationLoader(yaml.SafeLoader):
    """A safe loader that reads CloudFormation short-form tags as long-form dicts."""


def _construct_tag(loader: CloudFormationLoader, suffix: str, node: yaml.Node) -> dict[str, Any]:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    if suffix == "GetAtt" and isinstance(value, str):
        value = value.split(".", 1)
    return {suffix if suffix in ("Ref", "Condition") else f"Fn::{suffix}": value}


def _construct_map(loader: CloudFormationLoader, node: yaml.MappingNode) -> Any:
    data = KeyedMap()
    data.lines = {}
    yield data
    data.update(loader.construct_mapping(node))
    for key, _ in node.value:
        if isinstance(key, yaml.ScalarNode):
            data.lines.setdefault(key.value, key.start_mark.line + 1)


CloudFormationLoader.add_multi_constructor("!", _construct_tag)
CloudFormationLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)


def load_yaml(text: str) -> Any:
    """Parse one YAML document with CloudFormation tags understood."""
    return yaml.load(text, Loader=CloudFormationLoader)  # noqa: S506 - a SafeLoader subclass


# -- small helpers --------------------------------------------------------------------------


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _line(mapping: Any, key: Any) -> int:
    return getattr(mapping, "lines", {}).get(str(key), 0)


def join_root(base: str, path: str) -> str:
    """A POSIX path relative to the analysed root; "" for the root itself."""
    joined = posixpath.normpath(posixpath.join(base, path.replace("\\", "/")))
    return "" if joined == "." else joined


def split_handler(handler: str) -> tuple[str, str]:
    """`src/orders.create` → (`src.orders`, `create`); `orders.validate.handler` → (`orders.validate`, `handler`)."""
    path, _, function = handler.strip().replace("\\", "/").rpartition(".")
    module = path.removeprefix("./").strip("/").replace("/", ".")
    return module, function


def _is_python(runtime: Any) -> bool:
    """False only for a runtime known not to be Python (`nodejs20.x`, `java21`)."""
    return not isinstance(runtime, str) or runtime.startswith("python") or "${" in runtime


def _methods(method: Any) -> str:
    """Sorted upper-case verbs joined by commas; "ANY" when every method is accepted."""
    values = method if isinstance(method, list) else [method if method is not None else "ANY"]
    verbs = {str(v).upper() for v in values}
    if verbs & {"ANY", "*", "X-AMAZON-APIGATEWAY-ANY-METHOD"}:
        return "ANY"
    return ",".join(sorted(verbs))


def _path(path: Any) -> str:
    if not isinstance(path, str):
        return CATCH_ALL if path is None else ""
    return path if path.startswith("/") else "/" + path


def http(method: Any, path: Any) -> Trigger:
    return Trigger("http", (("methods", _methods(method)), ("path", _path(path))))


def _trigger(kind: str, **details: str) -> Trigger:
    return Trigger(kind, tuple(sorted((k, v) for k, v in details.items() if v)))


# -- references -----------------------------------------------------------------------------


class Names:
    """The logical ids and parameter defaults of one descriptor, to resolve references."""

    def __init__(self, resources: dict, parameters: Any = None) -> None:
        self.resources = {str(k) for k in resources}
        self.defaults = {
            str(k): str(v["Default"]) for k, v in _dict(parameters).items()
            if isinstance(v, dict) and isinstance(v.get("Default"), (str, int, float))
        }

    def target(self, value: Any) -> str | None:
        """The logical id of the one resource a `Ref`/`GetAtt`/`Sub` names, or None."""
        if not isinstance(value, dict) or len(value) != 1:
            return None
        (key, arg), = value.items()
        if key == "Ref":
            names = [arg]
        elif key == "Fn::GetAtt":
            names = [arg[0] if isinstance(arg, list) and arg else str(arg).split(".", 1)[0]]
        elif key == "Fn::Sub":
            names = [p.split(".", 1)[0] for p in _PLACEHOLDER.findall(_sub_template(arg))]
        else:
            return None
        found = {str(n) for n in names if str(n) in self.resources}
        return found.pop() if len(found) == 1 else None

    def text(self, value: Any) -> str:
        """A literal as text, `ref:LogicalId` for a reference to one resource, else ""."""
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, (str, int, float)):
            return str(value)
        if isinstance(value, list):
            items = [self.text(v) for v in value]
            return ",".join(items) if all(items) else ""
        target = self.target(value)
        if target is not None:
            return f"ref:{target}"
        if isinstance(value, dict) and len(value) == 1:
            (key, arg), = value.items()
            if key == "Ref" and str(arg) in self.defaults:
                return self.defaults[str(arg)]
            if key == "Fn::Sub":
                return self._substituted(_sub_template(arg))
        return ""

    def _substituted(self, template: str) -> str:
        """A `Sub` whose placeholders are all parameters with defaults, filled in; else ""."""
        placeholders = _PLACEHOLDER.findall(template)
        if not all(p in self.defaults for p in placeholders):
            return ""
        return _PLACEHOLDER.sub(lambda m: self.defaults[m.group(1)], template)


def _sub_template(arg: Any) -> str:
    if isinstance(arg, list) and arg:
        arg = arg[0]
    return arg if isinstance(arg, str) else ""


def environment(names: Names, *layers: Any) -> Details:
    """Merge environment variable mappings, later layers winning; values as `Names.text`."""
    merged: dict[str, Any] = {}
    for layer in layers:
        merged.update({str(k): v for k, v in _dict(layer).items()})
    return tuple(sorted((k, names.text(v)) for k, v in merged.items()))


# -- SAM and CloudFormation -------------------------------------------------------------------


class TemplateReader:
    """Functions and resources of one SAM/CloudFormation template."""

    def __init__(self, doc: dict, source: str, base: str) -> None:
        self.resources = _dict(doc.get("Resources"))
        self.names = Names(self.resources, doc.get("Parameters"))
        self.defaults = _dict(_dict(doc.get("Globals")).get("Function"))
        self.source, self.base = source, base
        self.linked = self._linked_triggers()

    def read(self) -> tuple[list[DeclaredFunction], list[DeclaredResource]]:
        functions, resources = [], []
        for logical_id, body in self.resources.items():
            kind, props = _dict(body).get("Type"), _dict(_dict(body).get("Properties"))
            line = _line(self.resources, logical_id)
            if kind in FUNCTION_TYPES:
                fn = self._function(str(logical_id), kind, props, line)
                if fn is not None:
                    functions.append(fn)
            elif isinstance(kind, str):
                resources.append(DeclaredResource(str(logical_id), kind, _physical_name(props), self.source, line))
        return functions, resources

    def _function(self, logical_id: str, kind: str, props: dict, line: int) -> DeclaredFunction | None:
        defaults = self.defaults if kind == SAM_FUNCTION else {}
        handler, runtime = props.get("Handler", defaults.get("Handler")), props.get("Runtime", defaults.get("Runtime"))
        if not isinstance(handler, str) or not _is_python(runtime):
            return None
        code = props.get("CodeUri", defaults.get("CodeUri")) if kind == SAM_FUNCTION else props.get("Code")
        module, function = split_handler(handler)
        triggers = [t for e in _dict(props.get("Events")).values() if (t := self._event(_dict(e)))]
        triggers += self.linked.get(logical_id, [])
        qualname = f"{module}.{function}" if module else function
        env = environment(self.names, _variables(defaults), _variables(props))
        name = props.get("FunctionName")
        return DeclaredFunction(
            logical_id, handler, module, function, self._code_root(code),
            tuple(triggers) or (Trigger("faas", (("handler", qualname),)),), env,
            name if isinstance(name, str) else "", self.source, line,
        )

    def _code_root(self, code: Any) -> str:
        if not isinstance(code, str) or "://" in code or code.endswith((".zip", ".jar")):
            return self.base
        return join_root(self.base, code)

    def _event(self, event: dict) -> Trigger | None:
        kind, props = event.get("Type"), _dict(event.get("Properties"))
        if not isinstance(kind, str):
            return None
        if kind in ("Api", "HttpApi"):
            return http(props.get("Method"), props.get("Path"))
        if kind in ("Schedule", "ScheduleV2"):
            return _trigger("schedule", schedule=self.names.text(props.get("Schedule", props.get("ScheduleExpression"))))
        if kind in SAM_QUEUES:
            return _trigger("queue", queue=self.names.text(props.get(SAM_QUEUES[kind])))
        source, sender = SAM_EVENTS.get(kind, (kind.lower(), ""))
        return _trigger("event", event=source, sender=self.names.text(props.get(sender)) if sender else "")

    def _linked_triggers(self) -> dict[str, list[Trigger]]:
        """Triggers declared outside the function: event source mappings and EventBridge rules."""
        out: dict[str, list[Trigger]] = {}
        for body in self.resources.values():
            kind, props = _dict(body).get("Type"), _dict(_dict(body).get("Properties"))
            if kind == "AWS::Lambda::EventSourceMapping":
                function = self.names.target(props.get("FunctionName"))
                if function:
                    out.setdefault(function, []).append(self._mapping_trigger(props.get("EventSourceArn")))
            elif kind == "AWS::Events::Rule":
                for target in props.get("Targets") or []:
                    function = self.names.target(_dict(target).get("Arn"))
                    if function:
                        out.setdefault(function, []).append(self._rule_trigger(props))
        return out

    def _mapping_trigger(self, source: Any) -> Trigger:
        target = self.names.target(source)
        kind = str(_dict(self.resources.get(target)).get("Type", "")) if target else str(source)
        text = self.names.text(source)
        if "SQS" in kind or ":sqs:" in kind:
            return _trigger("queue", queue=text)
        service = "dynamodb" if "dynamodb" in kind.lower() else "kinesis" if "kinesis" in kind.lower() else "stream"
        return _trigger("event", event=service, sender=text)

    def _rule_trigger(self, props: dict) -> Trigger:
        schedule = props.get("ScheduleExpression")
        if schedule is not None:
            return _trigger("schedule", schedule=self.names.text(schedule))
        return _trigger("event", event="eventbridge", sender=self.names.text(props.get("EventBusName")))


def _variables(props: dict) -> dict:
    return _dict(_dict(props.get("Environment")).get("Variables"))


def _physical_name(props: dict) -> str:
    for key in NAME_PROPERTIES:
        value = props.get(key)
        if isinstance(value, str):
            return value
    return ""


# -- serverless.yml -------------------------------------------------------------------------


class ServerlessReader:
    """Functions and resources of one serverless.yml (AWS provider)."""

    def __init__(self, doc: dict, source: str, base: str) -> None:
        self.provider = _dict(doc.get("provider"))
        self.resources = _dict(_dict(doc.get("resources")).get("Resources"))
        self.names = Names(self.resources)
        self.functions = _functions(doc.get("functions"))
        self.source, self.base = source, base

    def read(self) -> tuple[list[DeclaredFunction], list[DeclaredResource]]:
        if self.provider.get("name", "aws") != "aws":
            return [], []
        functions = [fn for key, body in self.functions.items() if (fn := self._function(str(key), _dict(body)))]
        resources = [
            DeclaredResource(str(k), str(v["Type"]), _physical_name(_dict(v.get("Properties"))),
                             self.source, _line(self.resources, k))
            for k, v in self.resources.items() if isinstance(v, dict) and isinstance(v.get("Type"), str)
        ]
        return functions, resources

    def _function(self, key: str, body: dict) -> DeclaredFunction | None:
        handler = body.get("handler")
        if not isinstance(handler, str) or not _is_python(body.get("runtime", self.provider.get("runtime"))):
            return None
        module, function = split_handler(handler)
        root = body.get("module")
        triggers = [t for event in body.get("events") or [] for t in self._event(event)]
        qualname = f"{module}.{function}" if module else function
        name = body.get("name")
        return DeclaredFunction(
            key, handler, module, function, join_root(self.base, root) if isinstance(root, str) else self.base,
            tuple(triggers) or (Trigger("faas", (("handler", qualname),)),),
            environment(self.names, self.provider.get("environment"), body.get("environment")),
            name if isinstance(name, str) else "", self.source, _line(self.functions, key),
        )

    def _event(self, event: Any) -> list[Trigger]:
        if not isinstance(event, dict) or len(event) != 1:
            return []
        (kind, config), = event.items()
        text = self.names.text
        if kind in ("http", "httpApi"):
            return [self._http(config)]
        if kind == "alb":
            conditions = _dict(_dict(config).get("conditions"))
            paths = conditions.get("path")
            return [http(conditions.get("method"), p) for p in (paths if isinstance(paths, list) else [paths])]
        if kind == "schedule":
            rates = _dict(config).get("rate", config) if isinstance(config, dict) else config
            return [_trigger("schedule", schedule=text(r)) for r in (rates if isinstance(rates, list) else [rates])]
        if kind in SLS_QUEUES:
            return [_trigger("queue", queue=text(_dict(config).get(SLS_QUEUES[kind]) if isinstance(config, dict) else config))]
        return [self._cloud_event(str(kind), config)]

    def _http(self, config: Any) -> Trigger:
        if isinstance(config, str):
            method, _, path = config.strip().partition(" ")
            return http(method, path.strip() or None) if config.strip() != "*" else http("ANY", None)
        config = _dict(config)
        return http(config.get("method"), config.get("path"))

    def _cloud_event(self, kind: str, config: Any) -> Trigger:
        if kind in ("eventBridge", "cloudwatchEvent") and isinstance(config, dict) and "schedule" in config:
            return _trigger("schedule", schedule=self.names.text(config["schedule"]))
        if kind == "stream":
            arn = _dict(config).get("arn") if isinstance(config, dict) else config
            service = _dict(config).get("type") or ("kinesis" if "kinesis" in str(arn) else "dynamodb")
            return _trigger("event", event=str(service), sender=self.names.text(arn))
        keys = {"s3": "bucket", "sns": "arn", "websocket": "route", "sqs": "arn"}
        if isinstance(config, dict):
            sender = config.get(keys.get(kind, "arn"), config.get("topicName"))
        else:
            sender = config
        return _trigger("event", event=kind.lower(), sender=self.names.text(sender))


def _functions(value: Any) -> dict:
    """serverless.yml `functions:`, a mapping or a list of mappings."""
    if isinstance(value, list):
        merged = KeyedMap()
        merged.lines = {}
        for item in value:
            merged.update(_dict(item))
            merged.lines.update(getattr(item, "lines", {}))
        return merged
    return _dict(value)


# -- finding and reading the files -------------------------------------------------------


def find_descriptors(root: Path) -> list[Path]:
    """Descriptor files at `root` and one directory down, in a stable order."""
    dirs = [root]
    try:
        dirs += sorted(
            p for p in root.iterdir()
            if p.is_dir() and not p.name.startswith(".") and p.name not in SKIPPED_DIRS
        )
    except OSError:
        pass
    return [d / name for d in dirs for name in NAMES if (d / name).is_file()]


def _read(path: Path, rel: str) -> tuple[Any, Diagnostic | None]:
    """The parsed document, or a "config" diagnostic saying why there is none."""
    try:
        if path.stat().st_size > MAX_BYTES:
            return None, Diagnostic(rel, "config", f"descriptor larger than {MAX_BYTES} bytes; not read")
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        return None, Diagnostic(rel, "config", f"cannot read: {_one_line(err)}")
    try:
        return load_yaml(text), None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        return None, Diagnostic(rel, "config", f"invalid YAML: {_one_line(err)}", line)
    except (RecursionError, ValueError, TypeError) as err:
        return None, Diagnostic(rel, "config", f"cannot parse: {_one_line(err)}")


def _one_line(err: BaseException) -> str:
    return " ".join(str(err).split())[:300]


def read_descriptors(root: Path) -> tuple[Descriptors, list[Diagnostic]]:
    """Read every deployment descriptor under `root` (see the module docstring)."""
    functions: list[DeclaredFunction] = []
    resources: list[DeclaredResource] = []
    files: list[str] = []
    diagnostics: list[Diagnostic] = []
    for path in find_descriptors(root):
        rel = path.relative_to(root).as_posix()
        doc, diagnostic = _read(path, rel)
        if diagnostic is not None:
            diagnostics.append(diagnostic)
            continue
        if not isinstance(doc, dict):
            continue
        base = posixpath.dirname(rel)
        reader = ServerlessReader if path.name.startswith("serverless") else TemplateReader
        try:
            found_functions, found_resources = reader(doc, rel, base).read()
        except (AttributeError, TypeError, ValueError, IndexError, KeyError) as err:
            diagnostics.append(Diagnostic(rel, "config", f"unexpected descriptor structure: {_one_line(err)}"))
            continue
        if found_functions or found_resources:
            files.append(rel)
        functions += found_functions
        resources += found_resources
    return Descriptors(tuple(functions), tuple(resources), tuple(files)), diagnostics
