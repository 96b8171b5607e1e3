"""Functions handed to the app's own functions: which parameter receives which function.

`page.to_dict(product_summary)` makes `to_dict`'s `serialize` parameter hold
`product_summary`; `@logged def add` makes `logged`'s `func` hold `add`. A call of that
parameter inside the receiver (or a closure of it, like a decorator's wrapper) is then a
call of the function that flowed in, from the scope that really calls it.
"""

from __future__ import annotations

from collections import defaultdict

from granularity.link.resolve import Resolver, Value
from granularity.model import facts as f


def _is_bound_method(resolver: Resolver, unit: f.Unit, receiver: str, scope: str) -> bool:
    """True when the receiver is called through an instance, so `self` takes no argument."""
    parent = resolver.s.units.get(unit.parent or "")
    if parent is None or parent.kind != f.CLASS or "staticmethod" in unit.decorators:
        return False
    head = receiver.rpartition(".")[0]
    if not head:
        return False
    owners = resolver.resolve(head, scope)
    return not any(v[0] == "unit" and resolver.s.kind(v[1]) == f.CLASS for v in owners) \
        or "classmethod" in unit.decorators


def _param_name(unit: f.Unit, slot: str, shift: int) -> str | None:
    names = [p.name for p in unit.params if not p.star]
    if slot.isdigit():
        index = int(slot) + shift
        return names[index] if index < len(names) else None
    return slot if slot in names else None


def _functions(resolver: Resolver, values) -> list[Value]:
    return [v for v in values if v[0] == "unit" and resolver.s.kind(v[1]) in (f.FUNCTION, f.LAMBDA)]


def compute_flows(resolver: Resolver, calls: list[f.Call]) -> dict[tuple[str, str], tuple[Value, ...]]:
    flows: dict[tuple[str, str], set[Value]] = defaultdict(set)
    for call in calls:
        if call.kind != "callback" or not call.receiver:
            continue
        handed = _functions(resolver, resolver.resolve(call.target, call.scope))
        if not handed:
            continue
        for receiver in _functions(resolver, resolver.resolve(call.receiver, call.scope)):
            unit = resolver.s.units[receiver[1]]
            shift = 1 if _is_bound_method(resolver, unit, call.receiver, call.scope) else 0
            name = _param_name(unit, call.arg, shift)
            if name:
                flows[(unit.qualname, name)].update(handed)
    _decorated(resolver, flows)
    return {k: tuple(sorted(v)) for k, v in sorted(flows.items())}


def _decorated(resolver: Resolver, flows: dict[tuple[str, str], set[Value]]) -> None:
    """`@outer @inner def f`: inner's first parameter holds f, outer's holds what inner returns."""
    for unit in resolver.s.units.values():
        if not unit.decorators or unit.kind not in (f.FUNCTION, f.CLASS):
            continue
        # "raw": the function itself, not what calling its decorated name runs
        value: list[Value] = [("raw", unit.qualname)]
        for decorator in reversed(unit.decorators):
            applied = _functions(resolver, resolver.resolve(decorator, unit.parent or unit.qualname))
            if not applied:
                continue
            returned: list[Value] = []
            for dec in applied:
                dec_unit = resolver.s.units[dec[1]]
                name = _param_name(dec_unit, "0", 0)
                if name:
                    flows[(dec_unit.qualname, name)].update(value)
                returned.extend(("unit", q) for q in dec_unit.returns_functions)
            if returned:
                value = returned
