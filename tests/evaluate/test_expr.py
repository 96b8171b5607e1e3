"""The condition language: what it accepts, how it evaluates, and every construct it rejects."""

from __future__ import annotations

import pytest

from granularity.errors import ConfigError
from granularity.evaluate.expr import ExprError, compile_expr

TYPES = {"n": "int", "x": "float", "flag": "bool", "s": "str", "kinds": "list", "limit": "int"}
ENV = {"n": 5, "x": 2.5, "flag": True, "s": "reason", "kinds": ("http", "queue"), "limit": 3}


def ev(text: str):
    return compile_expr(text, "rules/GRA1XX.toml: condition", TYPES)(ENV)


@pytest.mark.parametrize("text, expected", [
    ("n > limit", True),
    ("n >= 5 and x < 3", True),
    ("1 < n < 10", True),
    ("n == 5 or flag", True),
    ("not flag", False),
    ("n * 2 + 1 == 11", True),
    ("n / 2 == 2.5 and n // 2 == 2 and n % 2 == 1", True),
    ("-n < 0", True),
    ('"http" in kinds and "cli" not in kinds', True),
    ('s == "reason"', True),
    ('"rea" in s', True),
    ('s in ("allow", "reason")', True),
    ("n in [1, 2, -3]", False),
    ("True", True),
    ('s + "!" == "reason!"', True),
])
def test_accepted_expressions_evaluate_like_python(text, expected) -> None:
    assert ev(text) is expected or ev(text) == expected


def test_names_it_reads_are_recorded() -> None:
    assert compile_expr("n > limit and flag", "f", TYPES).names == {"n", "limit", "flag"}


def test_and_short_circuits() -> None:
    reads = []

    class Env(dict):
        def __getitem__(self, key):
            reads.append(key)
            return ENV[key]

    compile_expr("not flag and n > 1", "f", TYPES)(Env())
    assert reads == ["flag"]


@pytest.mark.parametrize("text, construct", [
    ("s.upper", "attribute access"),
    ("n.__class__", "attribute access"),
    ("len(kinds) > 1", "a call"),
    ("__import__('os')", "a call"),
    ("kinds[0]", "a subscript"),
    ("[k for k in kinds]", "a comprehension"),
    ("any(k for k in kinds)", "a call"),
    ("{k: 1 for k in kinds}", "a comprehension"),
    ("lambda: 1", "a lambda"),
    ("__builtins__", "dunder name `__builtins__`"),
    ("_private > 1", "private name `_private`"),
    ("n ** 1000", "the `**` operator"),
    ("n & 1", "the `&` operator"),
    ("n if flag else 0", "a conditional expression"),
    ('f"{n}"', "an f-string"),
    ("{1: 2}", "a dict"),
    ("{1, 2}", "a set"),
    ("(y := 1)", "an assignment expression"),
    ("n is None", "the `is` operator"),
    ("None", "the literal None"),
    ("[n, 1]", "literal numbers and strings"),
])
def test_constructs_outside_the_grammar_are_rejected_naming_file_and_construct(text, construct) -> None:
    with pytest.raises(ConfigError) as err:
        compile_expr(text, "rules/GRA1XX.toml: condition", TYPES)
    message = str(err.value)
    assert message.startswith("rules/GRA1XX.toml: condition")
    assert construct in message


@pytest.mark.parametrize("text, why", [
    ("unknown > 1", "unknown name `unknown`"),
    ('s > 1', "cannot order a string against a number"),
    ('s * 2 > 1', "arithmetic needs numbers"),
    ('n == "5"', "always unequal"),
    ("n in 5", "right side of `in`"),
    ("n >", "not a valid expression"),
    ("", "empty"),
    ("(" * 500 + "1" + ")" * 500, "not a valid expression"),
])
def test_mistakes_are_configuration_errors(text, why) -> None:
    with pytest.raises(ConfigError) as err:
        compile_expr(text, "rules/GRA1XX.toml: condition", TYPES)
    assert why in str(err.value)


def test_division_by_zero_is_reported_not_raised_raw() -> None:
    expr = compile_expr("n / (limit - 3) > 1", "f", TYPES)
    with pytest.raises(ExprError, match="divides by zero"):
        expr(ENV)


def test_nothing_reaches_eval(monkeypatch) -> None:
    import builtins

    def forbidden(*args, **kwargs):
        raise AssertionError("eval/exec must not be used")

    monkeypatch.setattr(builtins, "eval", forbidden)
    monkeypatch.setattr(builtins, "exec", forbidden)
    assert compile_expr("n > 1", "f", TYPES)(ENV) is True
