"""SQL text to tables: which tables a statement reads and which it writes, with sqlglot.

The target of INSERT/UPDATE/DELETE/MERGE/REPLACE/CREATE/DROP/ALTER/TRUNCATE is written and
every other table is read; CTE names are not tables, nor are a database's catalog tables
(`information_schema.*`, `pg_*`, `sqlite_*`). An idempotent `CREATE ... IF NOT EXISTS` names
no access at all: it sets up a schema once and changes no data. Placeholders (`?`, `%s`, `:name`, `$1`, and
`HOLE` for an f-string's `{...}`) are made parseable first; each distinct text is parsed once.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlglot import exp

#: Stands for an f-string placeholder or an unknown part while parsing.
HOLE = "__granularity_hole__"
#: Longest SQL text parsed.
MAX_SQL = 20_000
#: Dialects tried in turn until one finds tables (backquotes need MySQL, brackets T-SQL).
DIALECTS = (None, "mysql", "tsql")
#: Schemas, name prefixes and names of a database's own catalog tables, which are not app data.
CATALOG_SCHEMAS = frozenset({"information_schema", "pg_catalog", "sys", "mysql"})
CATALOG_PREFIXES = ("pg_", "sqlite_")
CATALOG_TABLES = frozenset({"dual"})

# sqlglot warns on every statement it keeps as an opaque command; that is expected here.
logging.getLogger("sqlglot").setLevel(logging.ERROR)

_REPLACE_INTO = re.compile(r"^(\s*)(?:REPLACE|UPSERT|INSERT\s+OR\s+\w+|INSERT\s+IGNORE)\s+INTO\b", re.I)
_PYFORMAT = re.compile(r"%\((\w+)\)s|%s|%d")
_BRACES = re.compile(r"\{\w*\}")
_HOLE_AFTER_WORD = re.compile(r"(?<=[A-Za-z0-9])" + HOLE + r"(?![A-Za-z0-9_])")
_HOLE_IN_WORD = re.compile(r"(?<=[A-Za-z0-9])_" + HOLE)


def neutral(sql: str) -> str:
    """Make placeholders parseable: `{}` and `%s` holes become a token; a hole right after a
    word is split off it (`doctors{where}`), one inside a name keeps it dynamic (`log_{x}`)."""
    sql = _BRACES.sub(HOLE, sql.replace("{}", HOLE))
    sql = _PYFORMAT.sub("?", sql)
    sql = _HOLE_AFTER_WORD.sub(" " + HOLE, sql)
    sql = _HOLE_IN_WORD.sub("_" + HOLE + "x", sql)
    return _REPLACE_INTO.sub(r"\1INSERT INTO", sql)


@lru_cache(maxsize=4096)
def tables_of(sql: str) -> tuple[tuple[str, str], ...]:
    """(table, "read"/"write") pairs of SQL text, sorted; () when it names no table."""
    import sqlglot
    from sqlglot.errors import ErrorLevel

    text = neutral(sql[:MAX_SQL])
    for dialect in DIALECTS:
        try:
            statements = sqlglot.parse(text, read=dialect, error_level=ErrorLevel.IGNORE)
        except Exception:  # sqlglot's tokenizer rejects the text: try another dialect
            continue
        found: dict[str, str] = {}
        for statement in statements:
            if statement is not None:
                collect(statement, found)
        if found:
            return tuple(sorted(found.items()))
    return ()


def collect(statement: exp.Expression, found: dict[str, str]) -> None:
    """Add the tables of one statement to `found`, a write winning over a read."""
    from sqlglot import exp

    kind = str(statement.args.get("kind") or "").upper()
    if isinstance(statement, (exp.Alter, exp.Drop)) and kind not in ("", "TABLE"):
        return  # ALTER INDEX, DROP VIEW...: the names are not tables
    if isinstance(statement, exp.Create) and statement.args.get("exists"):
        return  # CREATE ... IF NOT EXISTS sets up a schema once and changes no data
    ctes = {c.alias_or_name.lower() for c in statement.find_all(exp.CTE)}
    target = write_target(statement)
    for table in statement.find_all(exp.Table):
        name = table_name(table, ctes)
        if not name:
            continue
        if table is target:
            found[name] = "write"
        elif not (isinstance(statement, exp.Create) and kind == "INDEX"):
            found.setdefault(name, "read")


def write_target(statement: exp.Expression) -> exp.Table | None:
    """The table an INSERT/UPDATE/DELETE/MERGE/CREATE/DROP/ALTER/TRUNCATE changes."""
    from sqlglot import exp

    writes = (exp.Insert, exp.Update, exp.Delete, exp.Merge, exp.Create, exp.Drop, exp.Alter,
              getattr(exp, "TruncateTable", exp.Drop))
    if not isinstance(statement, writes):
        return None
    node = statement.this
    while node is not None and not isinstance(node, exp.Table):
        node = node.this if isinstance(node.this, exp.Expression) else None
    return node if node is not None else next(statement.find_all(exp.Table), None)


def table_name(table: exp.Table, ctes: set[str]) -> str:
    """The lower-cased name of an app table, "" for a CTE, a catalog table or a dynamic name."""
    name = table.name
    if not isinstance(name, str) or not name or HOLE in name:
        return ""
    name = name.lower()
    if not name.replace("_", "a").replace("$", "a").isalnum():
        return ""
    schema = (table.db or "").lower()
    if (name in ctes and not schema) or schema in CATALOG_SCHEMAS:
        return ""
    if name.startswith(CATALOG_PREFIXES) or name in CATALOG_TABLES:
        return ""
    return name
