"""Environment variables a unit reads or writes, named by a string literal.

Reads: `os.environ["X"]`, `os.environ.get("X")`, `os.getenv("X")`, `"X" in os.environ`, and
the same through `from os import environ, getenv` or `import os as o`. Writes:
`os.environ["X"] = v`, `del os.environ["X"]`, `os.environ.setdefault("X", v)`,
`os.environ.pop("X")`, `os.environ.update(X=v)`, `os.putenv("X", v)`, `os.unsetenv("X")`.
Emits `Access(kind="env", name="X", via="os.environ")`. Settings classes (pydantic
`BaseSettings`) are not read here.
"""

from __future__ import annotations

import libcst as cst

from granularity.extract.context import FileContext, Gatherer
from granularity.extract.data.common import Accesses
from granularity.extract.refs import dotted, literal_str

#: `os.environ` methods and the access each makes to the variable named by the first argument.
ENVIRON_METHODS = {"get": "read", "setdefault": "write", "pop": "write", "__getitem__": "read"}
#: `os` functions and the access each makes.
OS_FUNCTIONS = {"getenv": "read", "putenv": "write", "unsetenv": "write"}
VIA = "os.environ"


class EnvironGatherer(Gatherer):
    """Appends `Access(kind="env")` facts."""

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        self.out = Accesses(ctx)
        #: Local names of the `os` module, of `os.environ`, and of `os.getenv`-like functions.
        self._os = {"os"}
        self._environ: set[str] = set()
        self._functions: dict[str, str] = {}
        self._writes: set[int] = set()

    def visit_Import(self, node: cst.Import) -> None:
        for alias in node.names:
            if dotted(alias.name) == "os" and alias.asname is not None and type(alias.asname.name) is cst.Name:
                self._os.add(alias.asname.name.value)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if node.relative or dotted(node.module) != "os" or isinstance(node.names, cst.ImportStar):
            return
        for alias in node.names:
            name = alias.name.value if type(alias.name) is cst.Name else ""
            local = alias.asname.name.value if alias.asname is not None and type(alias.asname.name) is cst.Name else name
            if name == "environ":
                self._environ.add(local)
            elif name in OS_FUNCTIONS:
                self._functions[local] = OS_FUNCTIONS[name]

    def _is_environ(self, node: cst.BaseExpression) -> bool:
        kind = type(node)
        if kind is cst.Attribute:
            return node.attr.value == "environ" and type(node.value) is cst.Name and node.value.value in self._os
        return kind is cst.Name and node.value in self._environ

    # -- os.environ[...] ------------------------------------------------------------------

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self._mark_write(target.target)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._mark_write(node.target)

    def visit_Del(self, node: cst.Del) -> None:
        self._mark_write(node.target)

    def _mark_write(self, target: cst.BaseExpression) -> None:
        if type(target) is cst.Subscript and self._is_environ(target.value):
            self._writes.add(id(target))

    def visit_Subscript(self, node: cst.Subscript) -> None:
        if not self._is_environ(node.value) or len(node.slice) != 1:
            return
        index = node.slice[0].slice
        name = literal_str(index.value) if type(index) is cst.Index else None
        if name:
            write = id(node) in self._writes
            self._writes.discard(id(node))
            self.out.add("env", name, "write" if write else "read", VIA)

    def visit_Comparison(self, node: cst.Comparison) -> None:
        for target in node.comparisons:
            if type(target.operator) in (cst.In, cst.NotIn) and self._is_environ(target.comparator):
                name = literal_str(node.left)
                if name:
                    self.out.add("env", name, "read", VIA)

    # -- calls ----------------------------------------------------------------------------

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        kind = type(func)
        if kind is cst.Attribute:
            method = func.attr.value
            if method in ENVIRON_METHODS or method == "update":
                if self._is_environ(func.value):
                    self._environ_call(method, node)
            elif method in OS_FUNCTIONS and type(func.value) is cst.Name and func.value.value in self._os:
                self._named(node, OS_FUNCTIONS[method])
        elif kind is cst.Name and func.value in self._functions:
            self._named(node, self._functions[func.value])

    def _environ_call(self, method: str, node: cst.Call) -> None:
        if method != "update":
            self._named(node, ENVIRON_METHODS[method])
            return
        for a in node.args:
            if a.keyword is not None:
                self.out.add("env", a.keyword.value, "write", VIA)
            elif type(a.value) is cst.Dict:
                for element in a.value.elements:
                    name = literal_str(element.key) if type(element) is cst.DictElement else None
                    if name:
                        self.out.add("env", name, "write", VIA)

    def _named(self, node: cst.Call, mode: str) -> None:
        if node.args and node.args[0].keyword is None and not node.args[0].star:
            name = literal_str(node.args[0].value)
            if name:
                self.out.add("env", name, mode, VIA)
