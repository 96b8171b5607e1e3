"""The state one extraction pass shares between gatherers: where we are and what we found.

libcst's metadata providers (positions, scopes, qualified names) cost several times the
parse itself on real code. A pass needs far less: the current line, the enclosing unit
and a few flags. `FileContext` tracks them while the tree is walked once, in source
order (libcst visits children in the order they appear in the code), and the gatherers
read them.

Lines are counted from the newlines the walk meets: statement ends, blank and comment
lines, line breaks inside brackets, backslash continuations and multi-line strings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import libcst as cst

from granularity.model import facts as f

_VALUE_TYPES = frozenset({cst.SimpleString, cst.FormattedStringText, cst.SimpleWhitespace})
_STMT_TYPES = frozenset({cst.SimpleStatementLine, cst.Decorator})
_HEADER_NODES = (
    cst.FunctionDef, cst.ClassDef, cst.If, cst.For, cst.While, cst.With, cst.Try,
    cst.Else, cst.ExceptHandler, cst.Finally, cst.MatchCase,
)
_TRY_STAR = getattr(cst, "TryStar", None)
_EXCEPT_STAR = getattr(cst, "ExceptStarHandler", None)
if _TRY_STAR is not None:
    _HEADER_NODES = (*_HEADER_NODES, _TRY_STAR, _EXCEPT_STAR)
_HEADER_TYPES = frozenset(_HEADER_NODES)


def _count_breaks(text: str) -> int:
    return text.count("\n") + text.count("\r") - text.count("\r\n")


@dataclass(slots=True)
class Frame:
    """A unit being walked: mutable while its body is visited, frozen into a `Unit` afterwards."""

    qualname: str
    kind: str
    node: cst.CSTNode | None
    parent: "Frame | None"
    line: int = 1
    end_line: int = 1
    children: list[str] = field(default_factory=list)


class FileContext:
    """Position, scope and collected facts of one file's extraction pass."""

    def __init__(self, module: str, path: str, is_package: bool) -> None:
        self.module = module
        self.path = path
        self.is_package = is_package
        #: The line the walk is on (1-indexed).
        self.line = 1
        self.module_frame = Frame(module, f.MODULE, None, None)
        self._stack: list[Frame] = [self.module_frame]
        self._pending_body: dict[int, Frame] = {}
        self._pending_name: dict[int, Frame] = {}
        self._header_start: dict[int, int] = {}
        self._stmt_start: dict[int, int] = {}
        self.frames: dict[int, Frame] = {}
        #: Lines that hold code.
        self.code_lines: set[int] = set()
        #: Depth of `if TYPE_CHECKING:` blocks around the walk.
        self.type_checking = 0
        #: Depth of `if`/`try`/loop blocks around the walk (at any level).
        self.conditional = 0
        self.imports: list[f.Import] = []
        self.calls: list[f.Call] = []
        self.bindings: list[f.Binding] = []
        self.accesses: list[f.Access] = []
        self.entry_points: list[f.EntryPoint] = []
        self.routers: list[f.Router] = []
        self.mounts: list[f.Mount] = []
        self.urlpatterns: list[f.UrlPattern] = []
        self.hooks: list[f.RequestHook] = []
        self.remotes: list[f.Remote] = []
        self.markers: list[f.Marker] = []
        self.suppressions: list[f.Suppression] = []
        self.units: list[f.Unit] = []
        self.all_names: tuple[str, ...] | None = None

    # -- where we are -------------------------------------------------------------------

    @property
    def frame(self) -> Frame:
        """The innermost unit, class bodies included (the namespace a name is bound in)."""
        return self._stack[-1]

    @property
    def namespace(self) -> str:
        return self._stack[-1].qualname

    @property
    def scope(self) -> str:
        """The innermost function or module body: the caller of a call made here."""
        for frame in reversed(self._stack):
            if frame.kind != f.CLASS:
                return frame.qualname
        return self.module

    @property
    def in_function(self) -> bool:
        return any(fr.kind in (f.FUNCTION, f.LAMBDA) for fr in self._stack)

    @property
    def at_module_level(self) -> bool:
        return len(self._stack) == 1

    def enclosing_class(self) -> Frame | None:
        """The class a method being walked belongs to (for `self` and `cls`)."""
        frame = self.frame
        if frame.kind in (f.FUNCTION, f.LAMBDA) and frame.parent and frame.parent.kind == f.CLASS:
            return frame.parent
        return None

    # -- units --------------------------------------------------------------------------

    def open_unit(self, node: cst.CSTNode, name: str, kind: str, body: cst.CSTNode,
                  name_node: cst.CSTNode | None) -> Frame:
        """Declare a unit whose body is about to be walked; its scope starts at `body`."""
        parent = self.frame
        frame = Frame(f"{parent.qualname}.{name}", kind, node, parent, line=self.line)
        parent.children.append(frame.qualname)
        self._pending_body[id(body)] = frame
        if name_node is not None:
            self._pending_name[id(name_node)] = frame
        self.frames[id(node)] = frame
        return frame

    # -- the walk -----------------------------------------------------------------------

    def before(self, node: cst.CSTNode) -> None:
        """Called for every node before the gatherers see it."""
        kind = type(node)
        if kind is cst.Newline:
            self.line += 1
            return
        if kind in _VALUE_TYPES:
            return
        key = id(node)
        if kind in _STMT_TYPES:
            self._stmt_start[key] = self.line + len(node.leading_lines)  # type: ignore[attr-defined]
        elif kind in _HEADER_TYPES:
            lead = getattr(node, "leading_lines", ())
            self._header_start[id(node.body)] = self.line + len(lead)  # type: ignore[attr-defined]
        elif kind is cst.IndentedBlock:
            start = self._header_start.pop(key, None)
            if start is not None:
                self._mark(start, self.line)
        elif kind is cst.SimpleStatementSuite:
            start = self._header_start.pop(key, None)
            if start is not None:
                self._stmt_start[key] = start
        if self._pending_name:
            frame = self._pending_name.pop(key, None)
            if frame is not None:
                frame.line = self.line
        if self._pending_body:
            frame = self._pending_body.pop(key, None)
            if frame is not None:
                self._stack.append(frame)
                if frame.kind == f.LAMBDA:
                    frame.line = self.line

    def after(self, node: cst.CSTNode) -> None:
        """Called for every node after the gatherers have left it."""
        kind = type(node)
        if kind in _VALUE_TYPES:
            value = node.value  # type: ignore[attr-defined]
            if "\n" in value or "\r" in value:
                self.line += _count_breaks(value)
            return
        if self._stmt_start:
            start = self._stmt_start.pop(id(node), None)
            if start is not None:
                self._mark(start, self.line - 1 if self.line > start else start)
        if len(self._stack) > 1 and getattr(self._stack[-1].node, "body", None) is node:
            frame = self._stack[-1]
            frame.end_line = max(frame.line, self.line - 1 if frame.kind != f.LAMBDA else self.line)
            self._stack.pop()

    def _mark(self, start: int, end: int) -> None:
        self.code_lines.update(range(start, end + 1))

    def sloc_between(self, start: int, end: int) -> int:
        """Lines of code in [start, end]."""
        if end - start < 64:
            return sum(1 for n in range(start, end + 1) if n in self.code_lines)
        return sum(1 for n in self.code_lines if start <= n <= end)


class Gatherer:
    """One concern of extraction. Subclasses define `visit_<Node>`/`leave_<Node>` methods
    (libcst node class names) that read `self.ctx` and append facts to it."""

    def __init__(self, ctx: FileContext) -> None:
        self.ctx = ctx

    def finish(self) -> None:
        """Called once after the walk, to turn what was gathered into facts."""


class BatchedPass:
    """Many gatherers for one walk of the tree (`walk`): their `visit_<Node>` and
    `leave_<Node>` callbacks by node class name, and the context's hooks around them."""

    def __init__(self, ctx: FileContext, gatherers: list[Gatherer]) -> None:
        self.ctx = ctx
        self.visits: dict[str, list[Callable[[Any], Any]]] = {}
        self.leaves: dict[str, list[Callable[[Any], Any]]] = {}
        for gatherer in gatherers:
            for attr in dir(gatherer):
                if attr.startswith("visit_"):
                    self.visits.setdefault(attr[6:], []).append(getattr(gatherer, attr))
                elif attr.startswith("leave_"):
                    self.leaves.setdefault(attr[6:], []).append(getattr(gatherer, attr))
        #: Called for every node before its visitors and after its leavers.
        self.before = ctx.before
        self.after = ctx.after


class _FieldRecorder(cst.CSTVisitor):
    """Learns the order in which libcst visits a node class's fields (its lexical order)."""

    def __init__(self, target: cst.CSTNode) -> None:
        super().__init__()
        self.target = target
        self.fields: list[str] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        return False

    def on_visit_attribute(self, node: cst.CSTNode, attribute: str) -> None:
        if node is self.target and attribute not in self.fields:
            self.fields.append(attribute)

    def on_leave_attribute(self, original_node: cst.CSTNode, attribute: str) -> None:
        return None


_FIELDS: dict[type, tuple[str, ...]] = {}
_IS_NODE: dict[type, bool] = {}


def _fields(node: cst.CSTNode) -> tuple[str, ...]:
    kind = type(node)
    fields = _FIELDS.get(kind)
    if fields is None:
        recorder = _FieldRecorder(node)
        node._visit_and_replace_children(recorder)  # once per class: learn the order
        fields = _FIELDS[kind] = tuple(recorder.fields)
    return fields


def _is_node(value: object) -> bool:
    kind = type(value)
    known = _IS_NODE.get(kind)
    if known is None:
        known = _IS_NODE[kind] = isinstance(value, cst.CSTNode)
    return known


_LEAVE = object()


def walk(tree: cst.CSTNode, visitor: BatchedPass) -> None:
    """Visit every node in source order, like `tree.visit(visitor)`, without rebuilding the
    tree: libcst's own traversal constructs a new node for every node it leaves, which
    costs about as much as parsing. Field order is learnt from libcst once per class.

    The loop is the hottest code of a cold run (every node of every file passes through
    it), so the per-node work is inlined: each node class's fields and callbacks are
    looked up once per walk, a leaf is left as soon as it is visited, a marker instead
    of a tuple tells a node to leave from one to visit, and spacing that holds no line
    break (which `FileContext.before`/`after` ignore) is not visited at all."""
    before, after = visitor.before, visitor.after
    visits, leaves = visitor.visits, visitor.leaves
    plans: dict[type, tuple[tuple[str, ...], tuple, tuple]] = {}
    is_node = _IS_NODE
    whitespace = cst.SimpleWhitespace
    skip_spacing = "SimpleWhitespace" not in visits and "SimpleWhitespace" not in leaves
    stack: list[Any] = [tree]
    pop, push, extend = stack.pop, stack.append, stack.extend
    while stack:
        node = pop()
        if node is _LEAVE:
            node = pop()
            for callback in plans[type(node)][2]:
                callback(node)
            after(node)
            continue
        kind = type(node)
        plan = plans.get(kind)
        if plan is None:
            name = kind.__name__
            plan = plans[kind] = (_fields(node), tuple(visits.get(name, ())), tuple(leaves.get(name, ())))
        before(node)
        for callback in plan[1]:
            callback(node)
        children: list[Any] = []
        for field_name in plan[0]:
            value = getattr(node, field_name)
            vkind = type(value)
            if vkind is tuple or vkind is list:
                for item in value:
                    known = is_node.get(type(item))
                    if known is None:
                        known = _is_node(item)
                    if known:
                        children.append(item)
            elif vkind is whitespace:
                # 40% of all nodes: plain spacing changes nothing unless it hides a
                # backslash continuation (a line break), so only those are visited.
                if "\\" in value.value or not skip_spacing:
                    children.append(value)
            else:
                known = is_node.get(vkind)
                if known is None:
                    known = _is_node(value)
                if known:
                    children.append(value)
        if children:
            push(node)
            push(_LEAVE)
            children.reverse()
            extend(children)
        else:  # a leaf: leave it now
            for callback in plan[2]:
                callback(node)
            after(node)
