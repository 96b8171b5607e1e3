"""Files a unit opens, reads, writes, copies or removes, when the path is written in the code.

Recognised: `open(path, mode)`, `io.open`, `codecs.open`, `gzip.open`/`bz2.open`/`lzma.open`;
`Path(path).open(mode)`, `.read_text()`/`.read_bytes()` and `.write_text()`/`.write_bytes()`
(also on a name bound to `Path(...)` in the same function or module, and on
`Path(a) / "b"`); `shutil.copy*`/`shutil.move` (source read, destination written),
`shutil.rmtree`, `os.remove`/`os.unlink`/`os.rename`/`os.replace` (written).

The path must be a literal, a module- or function-level string constant, an f-string (its
literal text before the first placeholder: `f"exports/{n}.txt"` → `exports/`), or
`os.path.join`/`Path(...)` of such parts; anything else is skipped, never guessed.
Emits `Access(kind="file", name=<path>, mode)`: write for modes with `w`/`a`/`x`/`+` and
for writing methods, read otherwise.
"""

from __future__ import annotations

import libcst as cst

from granularity.extract.context import FileContext, Gatherer
from granularity.extract.data.common import STRING_NODES, Accesses, Bound, StringConstants
from granularity.extract.refs import arg, dotted

#: Functions with the signature of `open(path, mode="r")`.
OPENERS = frozenset({"open", "io.open", "codecs.open", "gzip.open", "bz2.open", "lzma.open"})
#: `Path` methods and the access each makes.
PATH_METHODS = {
    "open": "", "read_text": "read", "read_bytes": "read", "write_text": "write",
    "write_bytes": "write", "unlink": "write", "touch": "write",
}
#: `os`/`shutil` functions: the access made to each positional argument.
FS_FUNCTIONS = {
    "shutil.copy": ("read", "write"), "shutil.copy2": ("read", "write"),
    "shutil.copyfile": ("read", "write"), "shutil.copytree": ("read", "write"),
    "shutil.move": ("write", "write"), "shutil.rmtree": ("write",),
    "os.remove": ("write",), "os.unlink": ("write",), "os.rename": ("write", "write"),
    "os.replace": ("write", "write"),
}
#: Callables that build a path object from their arguments.
PATH_TYPES = frozenset({"Path", "pathlib.Path", "PurePath", "pathlib.PurePath", "PosixPath"})
JOINS = frozenset({"os.path.join", "path.join", "posixpath.join"})
#: Last names of the `open`-like and `os`/`shutil` functions above.
FS_METHODS = frozenset(name.rsplit(".", 1)[-1] for name in (*OPENERS, *FS_FUNCTIONS))


def mode_access(mode: str | None) -> str:
    return "write" if mode and any(c in mode for c in "wax+") else "read"


class FileGatherer(Gatherer):
    """Appends `Access(kind="file")` facts for literal paths."""

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        self.out = Accesses(ctx)
        self.consts = StringConstants()
        #: Names bound to `Path(<known path>)`.
        self.paths: Bound[str] = Bound(ctx)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.consts.enter_function()
        self.paths.enter_function()

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.consts.leave_function()
        self.paths.leave_function()

    def visit_Assign(self, node: cst.Assign) -> None:
        self.consts.note(node, self.ctx.at_module_level)
        if len(node.targets) == 1 and type(node.targets[0].target) is cst.Name:
            value = node.value
            kind = type(value)
            path = self._path_object(value) if kind is cst.Call or kind is cst.BinaryOperation else None
            self.paths.bind(node.targets[0].target, path)

    # -- paths ----------------------------------------------------------------------------

    def _path(self, node: cst.BaseExpression | None) -> str | None:
        """The path a str expression names, or its literal prefix; None when not written here."""
        if node is None:
            return None
        kind = type(node)
        if kind in STRING_NODES or kind is cst.Name:
            found = self.consts.prefix(node)
            if found is None and kind is cst.Name:
                found = self.paths.get(node)
            return found or None
        if kind is cst.Call:
            ref = dotted(node.func)
            if ref in JOINS or ref in PATH_TYPES:
                return self._joined([a.value for a in node.args if a.keyword is None and not a.star])
            return None
        return self._path_object(node)

    def _joined(self, parts: list[cst.BaseExpression]) -> str | None:
        """`a/b` for literal parts; a non-literal part ends the path (`a/` for `join("a", x)`)."""
        out: list[str] = []
        for part in parts:
            text = self._path(part)
            if text is None:
                if not out:
                    return None
                return "/".join(out).rstrip("/") + "/"
            out.append(text)
        if not out:
            return None
        return "/".join([*(p.rstrip("/") for p in out[:-1]), out[-1]])

    def _path_object(self, node: cst.BaseExpression) -> str | None:
        """The path of `Path(...)`, `Path(...) / "x"` or a name bound to one."""
        kind = type(node)
        if kind is cst.Call:
            return self._joined([a.value for a in node.args if a.keyword is None]) if dotted(node.func) in PATH_TYPES else None
        if kind is cst.BinaryOperation and type(node.operator) is cst.Divide:
            return self._joined([node.left, node.right])
        if kind is cst.Name:
            return self.paths.get(node)
        return None

    # -- calls ----------------------------------------------------------------------------

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        kind = type(func)
        if kind is cst.Name:
            if func.value == "open":
                self._open(node, "open")
            return
        if kind is not cst.Attribute:
            return
        method = func.attr.value
        if method in PATH_METHODS:
            self._path_method(node, method, func.value)
        if method in FS_METHODS:
            ref = dotted(func)
            if ref in OPENERS:
                self._open(node, ref)
            elif ref in FS_FUNCTIONS:
                self._fs(node, ref)

    def _open(self, node: cst.Call, via: str) -> None:
        path = self._path(arg(node, 0, "file") or arg(node, 0, "filename"))
        if path:
            mode = self.consts.value(arg(node, 1, "mode"))
            self.out.add("file", path, mode_access(mode), via)

    def _path_method(self, node: cst.Call, method: str, owner: cst.BaseExpression) -> None:
        path = self._path_object(owner)
        if not path:
            return
        access = PATH_METHODS[method] or mode_access(self.consts.value(arg(node, 0, "mode")))
        self.out.add("file", path, access, "pathlib")

    def _fs(self, node: cst.Call, ref: str) -> None:
        accesses = FS_FUNCTIONS[ref]
        positional = [a.value for a in node.args if a.keyword is None and not a.star]
        for value, access in zip(positional, accesses):
            path = self._path(value)
            if path:
                self.out.add("file", path, access, ref.split(".", 1)[0])
