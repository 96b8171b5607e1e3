"""Extract one file: bytes in, `ModuleFacts` out. Pure; never raises on bad input."""

from __future__ import annotations

import dataclasses
import re
import sys
import unicodedata

import libcst as cst

from granularity.extract import data, frameworks
from granularity.extract.calls import CallGatherer
from granularity.extract.context import BatchedPass, FileContext, Gatherer, walk
from granularity.extract.flow import FlowGatherer
from granularity.extract.imports import ImportGatherer, with_users
from granularity.extract.state import StateGatherer
from granularity.extract.suppressions import SuppressionGatherer
from granularity.extract.units import UnitGatherer
from granularity.extract.workload import WorkloadGatherer
from granularity.model import facts as f

#: Core gatherers; order matters only in that flow and imports track context others read.
CORE: tuple[type[Gatherer], ...] = (FlowGatherer, ImportGatherer, UnitGatherer, CallGatherer, StateGatherer,
                                   WorkloadGatherer, SuppressionGatherer)


def gatherer_classes() -> tuple[type[Gatherer], ...]:
    return (*CORE, *data.GATHERERS, *frameworks.GATHERERS)


def failed(module: str, path: str, is_package: bool, code: str, message: str, line: int = 0) -> f.ModuleFacts:
    """The facts of a file that could not be analysed: only a diagnostic."""
    return f.ModuleFacts(module=module, path=path, is_package=is_package, lines=0,
                         diagnostics=(f.Diagnostic(path, code, message, line),))


def extract_source(source: bytes, module: str, path: str, is_package: bool = False) -> f.ModuleFacts:
    """Extract the facts of one file's source. Bad input gives a diagnostic, never an exception."""
    if b"\x00" in source:
        return failed(module, path, is_package, "binary", "file contains NUL bytes; not Python source")
    try:
        tree = cst.parse_module(source)
    except cst.ParserSyntaxError as err:
        hint = " (Python 2 code?)" if _looks_like_python2(source) else ""
        return failed(module, path, is_package, "syntax", f"syntax error{hint}: {_one_line(err.message)}",
                      err.raw_line)
    except (UnicodeDecodeError, LookupError, SyntaxError) as err:
        return failed(module, path, is_package, "encoding", f"cannot decode: {_one_line(str(err))}")
    except RecursionError:
        return failed(module, path, is_package, "too-deep", "nested too deeply to parse")
    except Exception as err:  # the parser's own failure on odd input: report, don't crash
        return failed(module, path, is_package, "syntax", f"cannot parse: {_one_line(str(err))}")
    try:
        return _extract_tree(tree, source, module, path, is_package)
    except RecursionError:
        return failed(module, path, is_package, "too-deep", "nested too deeply to analyse")


_PY2 = re.compile(rb"^\s*(print\s+[^\s(=]|exec\s+[\"']|except\s+[\w.]+\s*,\s*\w+\s*:)|\bur[\"']|(?<![\w.'\"])0[0-7]*[1-7][0-7]*L?\b",
                  re.MULTILINE)


def _looks_like_python2(source: bytes) -> bool:
    return bool(_PY2.search(source[:200_000]))


def _one_line(text: str) -> str:
    return " ".join(str(text).split())[:300]


def _extract_tree(tree: cst.Module, source: bytes, module: str, path: str, is_package: bool) -> f.ModuleFacts:
    ctx = FileContext(module, path, is_package)
    gatherers = [cls(ctx) for cls in gatherer_classes()]
    text = source.decode(tree.encoding, errors="replace")
    if not text.isascii():
        _normalise_identifiers(tree, text)
    walk(tree, BatchedPass(ctx, gatherers))
    for gatherer in gatherers:
        gatherer.finish()
    units = _finish_units(ctx.units, _complexity(text))
    classes = {u.qualname for u in units if u.kind == f.CLASS}
    imports = with_users(module, ctx.imports, ctx.calls, ctx.bindings, classes)
    return f.ModuleFacts(
        module=module, path=path, is_package=is_package,
        lines=max(ctx.line - 1, _line_count(text)),
        units=units,
        imports=tuple(imports),
        calls=tuple(ctx.calls),
        bindings=tuple(ctx.bindings),
        accesses=tuple(ctx.accesses),
        entry_points=tuple(ctx.entry_points),
        routers=tuple(ctx.routers),
        mounts=tuple(ctx.mounts),
        urlpatterns=tuple(ctx.urlpatterns),
        hooks=tuple(ctx.hooks),
        remotes=tuple(ctx.remotes),
        markers=tuple(ctx.markers),
        suppressions=tuple(ctx.suppressions),
        all_names=ctx.all_names,
    )


def _normalise_identifiers(tree: cst.Module, text: str) -> None:
    """Python reads identifiers in NFKC form (`def ﬁnd` defines `find`); libcst keeps them
    as written. Names are rewritten in place, before any gatherer reads them, and only in
    the rare files whose text NFKC changes at all."""
    if unicodedata.is_normalized("NFKC", text):
        return

    class Names(cst.CSTVisitor):
        def visit_Name(self, node: cst.Name) -> None:
            if not node.value.isascii():
                object.__setattr__(node, "value", unicodedata.normalize("NFKC", node.value))

    tree.visit(Names())


def _line_count(text: str) -> int:
    """Lines as Python counts them: `\n`, `\r\n` and a lone `\r` each end a line."""
    breaks = text.count("\n") + text.count("\r") - text.count("\r\n")
    return breaks + (0 if not text or text.endswith(("\n", "\r")) else 1)


def _complexity(text: str) -> dict[int, int]:
    """Cyclomatic complexity by definition line (radon), plus the module body's under key 0."""
    from radon.visitors import ComplexityVisitor

    try:
        visitor = ComplexityVisitor.from_code(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return {}
    out: dict[int, int] = {0: visitor.complexity}
    stack = list(visitor.functions) + list(visitor.classes)
    while stack:
        block = stack.pop()
        out[block.lineno] = max(out.get(block.lineno, 0), block.complexity)
        stack.extend(getattr(block, "closures", ()) or ())
        stack.extend(getattr(block, "methods", ()) or ())
        stack.extend(getattr(block, "inner_classes", ()) or ())
    return out


def _finish_units(units: list[f.Unit], complexity: dict[int, int]) -> tuple[f.Unit, ...]:
    """Merge units defined twice under one name, fill own lines of code and complexity."""
    merged: dict[str, f.Unit] = {}
    for unit in sorted(units, key=lambda u: (u.line, u.qualname)):
        first = merged.get(unit.qualname)
        if first is None:
            merged[unit.qualname] = unit
        else:  # conditional definitions, property setters: one unit, both bodies
            merged[unit.qualname] = dataclasses.replace(
                first, end_line=max(first.end_line, unit.end_line), sloc=first.sloc + unit.sloc,
                decorators=first.decorators + tuple(d for d in unit.decorators if d not in first.decorators),
                returns_functions=tuple(sorted(set(first.returns_functions) | set(unit.returns_functions))),
                is_generator=first.is_generator or unit.is_generator,
            )
    child_sloc: dict[str, int] = {}
    for unit in merged.values():
        if unit.parent is not None:
            child_sloc[unit.parent] = child_sloc.get(unit.parent, 0) + unit.sloc
    out = []
    for unit in merged.values():
        cc = complexity.get(0 if unit.kind == f.MODULE else unit.line, 1)
        out.append(dataclasses.replace(
            unit, own_sloc=max(unit.sloc - child_sloc.get(unit.qualname, 0), 0), complexity=cc,
        ))
    return tuple(sorted(out, key=lambda u: (u.line, u.qualname)))


sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
