"""Turn libcst expressions into reference text and literal values (see model/facts.py)."""

from __future__ import annotations

import libcst as cst


def ref_of(node: cst.BaseExpression | None) -> str | None:
    """Reference text of an expression (`a.b`, `f()`, `x[]`, `super()`), or None when it is not one."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        base = ref_of(node.value)
        return None if base is None else f"{base}.{node.attr.value}"
    if isinstance(node, cst.Call):
        base = ref_of(node.func)
        return None if base is None else f"{base}()"
    if isinstance(node, cst.Subscript):
        base = ref_of(node.value)
        return None if base is None else f"{base}[]"
    if isinstance(node, cst.Await):
        return ref_of(node.expression)
    return None


def dotted(node: cst.BaseExpression | None) -> str | None:
    """`a.b.c` for a chain of names and attributes only; None otherwise."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        base = dotted(node.value)
        return None if base is None else f"{base}.{node.attr.value}"
    return None


def literal_str(node: cst.BaseExpression | None) -> str | None:
    """The value of a string literal (concatenations included), or None for anything else."""
    if isinstance(node, cst.SimpleString):
        try:
            value = node.evaluated_value
        except Exception:  # a malformed escape: not a literal we can use
            return None
        return value if isinstance(value, str) else None
    if isinstance(node, cst.ConcatenatedString):
        left, right = literal_str(node.left), literal_str(node.right)
        return None if left is None or right is None else left + right
    return None


def fstring_prefix(node: cst.BaseExpression | None) -> str | None:
    """The literal text of an f-string up to its first placeholder, or a plain literal's value."""
    plain = literal_str(node)
    if plain is not None:
        return plain
    if isinstance(node, cst.FormattedString):
        out = []
        for part in node.parts:
            if not isinstance(part, cst.FormattedStringText):
                break
            out.append(part.value)
        return "".join(out)
    return None


def literal_strs(node: cst.BaseExpression | None) -> tuple[str, ...] | None:
    """The values of a list/tuple/set of string literals, or None when any element is not one."""
    if not isinstance(node, (cst.List, cst.Tuple, cst.Set)):
        return None
    values = []
    for element in node.elements:
        value = literal_str(element.value)
        if value is None:
            return None
        values.append(value)
    return tuple(values)


def arg(call: cst.Call, position: int | None = None, keyword: str | None = None) -> cst.BaseExpression | None:
    """A call's argument by keyword, else by position among the positional arguments."""
    if keyword is not None:
        for a in call.args:
            if a.keyword is not None and a.keyword.value == keyword:
                return a.value
    if position is not None:
        positional = [a for a in call.args if a.keyword is None and not a.star]
        if position < len(positional):
            return positional[position].value
    return None


def expr_text(node: cst.CSTNode) -> str:
    """Source text of a node, whitespace folded (for details such as a schedule expression)."""
    code = cst.Module(body=[]).code_for_node(node)
    return " ".join(code.split())
