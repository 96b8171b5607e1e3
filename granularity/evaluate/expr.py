"""The small, safe expression language of rule conditions.

A condition is parsed with `ast` and checked node by node against a closed grammar:
names (of metrics and rule parameters), numbers, strings, `True`/`False`, comparisons
(`==`, `!=`, `<`, `<=`, `>`, `>=`, chains included), `and`/`or`/`not`, `+ - * / // %`,
`in`/`not in`, and tuples or lists of literals. Anything else — attribute access, calls,
subscripts, comprehensions, lambdas, `**`, dunder or private names — is rejected with a
`ConfigError` naming the rule file and the construct. Accepted expressions are compiled
into plain closures; nothing is ever handed to `eval`.

Types are checked before any subject is seen: each name has a type from the metric table
(`int`, `float`, `bool`, `str`, `list`), and a comparison of a string with a number, or
arithmetic on a string, is a configuration error too.
"""

from __future__ import annotations

import ast
import operator
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from granularity.errors import ConfigError

MAX_LENGTH = 2000
NUM, STR, LIST, BOOL = "number", "string", "list", "bool"
_TYPE_OF = {"int": NUM, "float": NUM, "bool": NUM, "str": STR, "list": LIST}
ALLOWED = ("names, numbers, strings, True/False, comparisons, and/or/not, + - * / // %, "
           "in / not in, and tuples or lists of literals")

Env = Mapping[str, Any]
Fn = Callable[[Env], Any]

_ARITH = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
          ast.Div: operator.truediv, ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod}
_ORDER = {ast.Lt: operator.lt, ast.LtE: operator.le, ast.Gt: operator.gt, ast.GtE: operator.ge}
_EQUAL = {ast.Eq: operator.eq, ast.NotEq: operator.ne}
_CONSTRUCTS: dict[type, str] = {
    ast.Attribute: "attribute access", ast.Call: "a call", ast.Subscript: "a subscript",
    ast.ListComp: "a comprehension", ast.SetComp: "a comprehension", ast.DictComp: "a comprehension",
    ast.GeneratorExp: "a comprehension", ast.Lambda: "a lambda", ast.Dict: "a dict", ast.Set: "a set",
    ast.IfExp: "a conditional expression", ast.JoinedStr: "an f-string",
    ast.NamedExpr: "an assignment expression", ast.Starred: "unpacking", ast.Await: "await",
    ast.Yield: "yield", ast.YieldFrom: "yield", ast.Slice: "a slice",
}
_OPERATORS: dict[type, str] = {
    ast.Pow: "**", ast.BitAnd: "&", ast.BitOr: "|", ast.BitXor: "^", ast.LShift: "<<",
    ast.RShift: ">>", ast.MatMult: "@", ast.Invert: "~", ast.Is: "is", ast.IsNot: "is not",
}


class ExprError(ConfigError):
    """A condition could not be evaluated on a subject (a division by zero)."""


@dataclass(frozen=True)
class Expr:
    """A checked, compiled condition."""

    text: str
    #: The names it reads.
    names: frozenset[str]
    fn: Fn

    def __call__(self, env: Env) -> Any:
        try:
            return self.fn(env)
        except ZeroDivisionError:
            raise ExprError(f"`{self.text}` divides by zero") from None


class _Compiler:
    """Walks a parsed expression, checking it and building closures."""

    def __init__(self, text: str, where: str, types: Mapping[str, str]) -> None:
        self.text, self.where, self.types = text, where, types
        self.names: set[str] = set()

    def fail(self, why: str) -> ConfigError:
        return ConfigError(f"{self.where}: `{self.text}`: {why}")

    def reject(self, node: ast.AST) -> ConfigError:
        what = _CONSTRUCTS.get(type(node))
        if what is None:
            op = getattr(node, "op", None)
            what = f"the `{_OPERATORS[type(op)]}` operator" if type(op) in _OPERATORS else type(node).__name__
        return self.fail(f"{what} is not allowed (allowed: {ALLOWED})")

    def compile(self, node: ast.AST) -> tuple[Fn, str]:
        handler = getattr(self, f"_{type(node).__name__}", None)
        if handler is None:
            raise self.reject(node)
        return handler(node)

    def _Constant(self, node: ast.Constant) -> tuple[Fn, str]:
        value = node.value
        if isinstance(value, bool):
            return (lambda env: value), BOOL
        if isinstance(value, (int, float)):
            return (lambda env: value), NUM
        if isinstance(value, str):
            return (lambda env: value), STR
        raise self.fail(f"the literal {value!r} is not allowed (allowed: {ALLOWED})")

    def _Name(self, node: ast.Name) -> tuple[Fn, str]:
        name = node.id
        if name.startswith("__") and name.endswith("__"):
            raise self.fail(f"the dunder name `{name}` is not allowed")
        if name.startswith("_"):
            raise self.fail(f"the private name `{name}` is not allowed")
        if name not in self.types:
            raise self.fail(f"unknown name `{name}`; known: {', '.join(sorted(self.types))}")
        self.names.add(name)
        return (lambda env: env[name]), _TYPE_OF.get(self.types[name], NUM)

    def _literal(self, node: ast.AST) -> Any:
        if isinstance(node, ast.Constant) and isinstance(node.value, (str, int, float)):
            return node.value
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            value = self._literal(node.operand)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                return -value
        raise self.fail("a tuple or list may hold only literal numbers and strings")

    def _Tuple(self, node: ast.Tuple | ast.List) -> tuple[Fn, str]:
        values = tuple(self._literal(e) for e in node.elts)
        return (lambda env: values), LIST

    _List = _Tuple

    def _BoolOp(self, node: ast.BoolOp) -> tuple[Fn, str]:
        parts = [self.compile(v)[0] for v in node.values]
        if isinstance(node.op, ast.And):
            return (lambda env: all(p(env) for p in parts)), BOOL
        return (lambda env: any(p(env) for p in parts)), BOOL

    def _UnaryOp(self, node: ast.UnaryOp) -> tuple[Fn, str]:
        operand, kind = self.compile(node.operand)
        if isinstance(node.op, ast.Not):
            return (lambda env: not operand(env)), BOOL
        if type(node.op) in _OPERATORS:
            raise self.reject(node)
        self._need(kind, (NUM, BOOL), "a sign")
        sign = -1 if isinstance(node.op, ast.USub) else 1
        return (lambda env: sign * operand(env)), NUM

    def _BinOp(self, node: ast.BinOp) -> tuple[Fn, str]:
        op = _ARITH.get(type(node.op))
        if op is None:
            raise self.reject(node)
        left, lkind = self.compile(node.left)
        right, rkind = self.compile(node.right)
        if isinstance(node.op, ast.Add) and lkind == rkind == STR:
            return (lambda env: left(env) + right(env)), STR
        self._need(lkind, (NUM, BOOL), "arithmetic")
        self._need(rkind, (NUM, BOOL), "arithmetic")
        return (lambda env: op(left(env), right(env))), NUM

    def _Compare(self, node: ast.Compare) -> tuple[Fn, str]:
        for op in node.ops:
            if type(op) in _OPERATORS:
                raise self.fail(f"the `{_OPERATORS[type(op)]}` operator is not allowed (allowed: {ALLOWED})")
        operands = [self.compile(node.left)] + [self.compile(c) for c in node.comparators]
        steps = []
        for i, op in enumerate(node.ops):
            (lfn, lkind), (rfn, rkind) = operands[i], operands[i + 1]
            steps.append((self._comparison(op, lkind, rkind), lfn, rfn))

        def compare(env: Env) -> bool:
            return all(fn(lfn(env), rfn(env)) for fn, lfn, rfn in steps)

        return compare, BOOL

    def _comparison(self, op: ast.cmpop, lkind: str, rkind: str) -> Callable[[Any, Any], bool]:
        if isinstance(op, (ast.In, ast.NotIn)):
            if rkind not in (LIST, STR):
                raise self.fail(f"the right side of `in` must be a list or a string, not a {rkind}")
            if rkind == STR and lkind != STR:
                raise self.fail(f"`in` a string needs a string on the left, not a {lkind}")
            return (lambda a, b: a in b) if isinstance(op, ast.In) else (lambda a, b: a not in b)
        if type(op) in _ORDER:
            if {lkind, rkind} - {NUM, BOOL} and lkind != rkind:
                raise self.fail(f"cannot order a {lkind} against a {rkind}")
            if LIST in (lkind, rkind):
                raise self.fail("cannot order lists")
            return _ORDER[type(op)]
        if type(op) in _EQUAL:
            if _family(lkind) != _family(rkind):
                raise self.fail(f"comparing a {lkind} with a {rkind} is always unequal")
            return _EQUAL[type(op)]
        raise self.fail(f"the `{_OPERATORS.get(type(op), type(op).__name__)}` operator is not allowed "
                        f"(allowed: {ALLOWED})")

    def _need(self, kind: str, allowed: tuple[str, ...], what: str) -> None:
        if kind not in allowed:
            raise self.fail(f"{what} needs numbers, not a {kind}")


def _family(kind: str) -> str:
    return NUM if kind == BOOL else kind


def compile_expr(text: str, where: str, types: Mapping[str, str]) -> Expr:
    """Check and compile a condition. `types` maps every usable name to its metric type
    (`int`, `float`, `bool`, `str`, `list`); `where` names the rule file in errors."""
    if not isinstance(text, str) or not text.strip():
        raise ConfigError(f"{where}: the condition is empty")
    if len(text) > MAX_LENGTH:
        raise ConfigError(f"{where}: the condition is longer than {MAX_LENGTH} characters")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as err:
        raise ConfigError(f"{where}: `{text}`: not a valid expression: {err.msg}") from None
    except (RecursionError, MemoryError, ValueError):
        raise ConfigError(f"{where}: `{text}`: nested too deeply") from None
    compiler = _Compiler(text.strip(), where, types)
    try:
        fn, _ = compiler.compile(tree.body)
    except RecursionError:
        raise ConfigError(f"{where}: `{text}`: nested too deeply") from None
    return Expr(text.strip(), frozenset(compiler.names), fn)
