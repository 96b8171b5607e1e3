"""Raw SQL: the tables a statement written in the code reads and writes.

Recognised: a string (a literal, an f-string, a concatenation, `"...".format(...)`, `"..." % x`,
or a name bound to a string constant in the module or the function) passed as the first
argument of `execute`, `executemany`, `executescript`, `fetch*`, `read_sql*`, `text`, `raw`,
`exec_driver_sql`, `RawSQL`...; and the same as the first argument of any other call (a
repository's `_execute`, `_one`) when it reads as SQL with upper-case keywords
(`SELECT ... FROM t`, `INSERT INTO t`, `UPDATE t SET`, `DELETE FROM t`...). pandas'
`read_sql_table("t")` reads and `df.to_sql("t")` writes the named table.

Only strings that start with a SQL keyword are parsed (sql_parse.py says which tables a
statement reads and writes). Emits `Access(kind="table", name=<lower-cased table name, schema dropped>, via="sql")`.
"""

from __future__ import annotations

import re

import libcst as cst

from granularity.extract.context import FileContext, Gatherer
from granularity.extract.data.common import STRING_NODES, Accesses, StringConstants
from granularity.extract.data.sql_parse import HOLE, tables_of
from granularity.extract.refs import literal_str

#: Callables whose first argument is SQL text.
SQL_CALLS = frozenset({
    "execute", "executemany", "executescript", "fetch", "fetchrow", "fetchval", "fetch_all",
    "fetch_one", "fetch_val", "fetchall", "fetchone", "read_sql", "read_sql_query", "text",
    "raw", "exec_driver_sql", "execute_sql", "RawSQL", "mogrify", "copy_expert", "run_sql",
    "sql", "SQL", "query_db",
})
#: Callables that name a table: (read or write, position of the name).
TABLE_CALLS = {"read_sql_table": "read", "to_sql": "write"}
#: Callables whose string argument is a message, never a statement.
NOT_SQL_CALLS = frozenset({
    "debug", "info", "warning", "warn", "error", "exception", "critical", "log", "print",
    "gettext", "_", "ngettext", "format", "append", "startswith", "replace", "split", "join",
})

_KEYWORD = re.compile(
    r"(?:\s|\\[ntr]|--[^\n]*\n|/\*.*?\*/)*"
    r"(select|insert|update|delete|with|replace|merge|create|drop|alter|upsert|truncate)\b",
    re.I | re.S,
)
_STRICT = re.compile(
    r"""(?:\s|--[^\n]*\n|/\*.*?\*/)*(?:
        SELECT\b.*?\bFROM\s+[\w"`\[]
      | INSERT\s+(?:OR\s+[A-Z]+\s+|IGNORE\s+)?INTO\s
      | (?:REPLACE|UPSERT|MERGE)\s+INTO\s
      | UPDATE\s+[\w"`.\[\]]+\s+SET\s
      | DELETE\s+FROM\s
      | WITH\s+(?:RECURSIVE\s+)?\w+(?:\s*\([^)]*\))?\s+AS\s*\(
      | CREATE\s+(?:TEMP(?:ORARY)?\s+|UNIQUE\s+)?(?:TABLE|VIEW|INDEX)\s
      | (?:DROP\s+(?:TABLE|VIEW|INDEX)|ALTER\s+TABLE|TRUNCATE(?:\s+TABLE)?)\s
    )""",
    re.S | re.X,
)
_QUOTE = re.compile(r"""^[rRbBuUfF]{0,2}(?:'''|\"\"\"|'|")""")


def raw_head(node: cst.BaseExpression) -> str | None:
    """The first characters of a string expression's source text, without prefix and quotes."""
    kind = type(node)
    while kind is cst.ConcatenatedString:
        left = raw_head(node.left)
        if left is not None and left.strip():
            return left
        node = node.right
        kind = type(node)
    if kind is cst.SimpleString:
        match = _QUOTE.match(node.value)
        return node.value[match.end(): match.end() + 200] if match else None
    if kind is cst.FormattedString:
        first = node.parts[0] if node.parts else None
        return first.value[:200] if type(first) is cst.FormattedStringText else None
    return None


def looks_like_sql(text: str) -> bool:
    return _KEYWORD.match(text) is not None


def sql_text(node: cst.BaseExpression, consts: StringConstants, depth: int = 0) -> str | None:
    """The text of a SQL expression, with `HOLE` for every part that is not a literal."""
    kind = type(node)
    if kind is cst.SimpleString:
        return literal_str(node)
    if kind is cst.FormattedString:
        return _fstring_text(node)
    if kind is cst.ConcatenatedString or (kind is cst.BinaryOperation and type(node.operator) is cst.Add):
        if depth > 8:
            return None
        left = sql_text(node.left, consts, depth + 1)
        if left is None:
            return None
        right = sql_text(node.right, consts, depth + 1)
        return left + (HOLE if right is None else right)
    if kind is cst.BinaryOperation and type(node.operator) is cst.Modulo:
        return sql_text(node.left, consts, depth + 1)
    if kind is cst.Name:
        bound = consts.lookup(node.value)
        return None if bound is None or depth > 8 else sql_text(bound, consts, depth + 1)
    if kind is cst.Call and type(node.func) is cst.Attribute and node.func.attr.value == "format":
        return sql_text(node.func.value, consts, depth + 1)
    return None


def _fstring_text(node: cst.FormattedString) -> str:
    out: list[str] = []
    for part in node.parts:
        if type(part) is cst.FormattedStringText:
            out.append(part.value)
        else:
            out.append(HOLE)
    return "".join(out)


def callee_name(func: cst.BaseExpression) -> str | None:
    kind = type(func)
    if kind is cst.Attribute:
        return func.attr.value
    if kind is cst.Name:
        return func.value
    return None


class SqlGatherer(Gatherer):
    """Appends `Access(kind="table", via="sql")` for SQL statements handed to calls."""

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        self.out = Accesses(ctx)
        self.consts = StringConstants()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.consts.enter_function()

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.consts.leave_function()

    def visit_Assign(self, node: cst.Assign) -> None:
        self.consts.note(node, self.ctx.at_module_level)

    def visit_Call(self, node: cst.Call) -> None:
        args = node.args
        if not args or args[0].star:
            return
        first = args[0]
        value = first.value
        kind = type(value)
        if kind is cst.Name:
            bound = self.consts.lookup(value.value)
            head = raw_head(bound) if bound is not None else None
        elif kind in STRING_NODES:
            head = raw_head(value)
        elif kind is cst.BinaryOperation or kind is cst.Call:
            head = self._head_of_expression(value)
        else:
            return
        name = callee_name(node.func)
        if name is None or name in NOT_SQL_CALLS:
            return
        if name in TABLE_CALLS:
            self._named_table(value, TABLE_CALLS[name])
        elif head is not None and looks_like_sql(head) and self._is_sql_argument(name, first):
            self._statement(value, name in SQL_CALLS)

    @staticmethod
    def _is_sql_argument(name: str, first: cst.Arg) -> bool:
        """Whether a call takes SQL as its first argument, or may (a wrapper not named for it)."""
        known = name in SQL_CALLS
        if first.keyword is not None:
            return known and first.keyword.value in ("sql", "query", "statement", "stmt")
        return known or not name[:1].isupper()  # a capitalised callee is an exception: a message

    def _head_of_expression(self, node: cst.BaseExpression) -> str | None:
        """The head of `CONST + "..."`, `"..." % x` or `"...".format(x)`."""
        for _ in range(8):
            kind = type(node)
            if kind is cst.BinaryOperation:
                node = node.left
            elif kind is cst.Call and type(node.func) is cst.Attribute and node.func.attr.value == "format":
                node = node.func.value
            else:
                break
        if type(node) is cst.Name:
            node = self.consts.lookup(node.value)
        return raw_head(node) if type(node) in STRING_NODES else None

    def _statement(self, node: cst.BaseExpression, known: bool) -> None:
        text = sql_text(node, self.consts)
        if not text or (not known and not _STRICT.match(text)):
            return
        for table, mode in tables_of(text):
            self.out.add("table", table, mode, "sql")

    def _named_table(self, node: cst.BaseExpression, mode: str) -> None:
        name = self.consts.value(node)
        if name and name.replace("_", "a").replace(".", "a").isalnum():
            self.out.add("table", name.rsplit(".", 1)[-1].lower(), mode, "sql")
