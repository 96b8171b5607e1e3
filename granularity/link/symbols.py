"""Indexes of the app's facts by namespace: what each module, class and function binds."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from granularity.model import facts as f


@dataclass
class Namespace:
    """Everything bound directly in one unit's namespace."""

    #: Nested units by simple name.
    units: dict[str, str] = field(default_factory=dict)
    bindings: dict[str, list[f.Binding]] = field(default_factory=lambda: defaultdict(list))
    imports: dict[str, list[f.Import]] = field(default_factory=lambda: defaultdict(list))
    #: Modules star-imported into this namespace.
    stars: list[str] = field(default_factory=list)
    #: Parameters by name (functions only).
    params: dict[str, f.Param] = field(default_factory=dict)


class Symbols:
    """Units, modules and namespaces of the whole app, by qualified name."""

    def __init__(self, modules: list[f.ModuleFacts]) -> None:
        self.modules: dict[str, f.ModuleFacts] = {}
        self.units: dict[str, f.Unit] = {}
        self.unit_module: dict[str, str] = {}
        self.namespaces: dict[str, Namespace] = defaultdict(Namespace)
        self.packages: set[str] = set()
        for facts in sorted(modules, key=lambda m: (m.module, m.path)):
            if facts.module in self.modules or facts.diagnostics and not facts.units:
                continue
            self.modules[facts.module] = facts
            self._index(facts)
        for name in self.modules:
            parts = name.split(".")
            for i in range(1, len(parts)):
                self.packages.add(".".join(parts[:i]))

    def _index(self, facts: f.ModuleFacts) -> None:
        for unit in facts.units:
            self.units[unit.qualname] = unit
            self.unit_module[unit.qualname] = facts.module
            if unit.parent is not None:
                self.namespaces[unit.parent].units[unit.qualname.rsplit(".", 1)[-1]] = unit.qualname
            if unit.params:
                self.namespaces[unit.qualname].params = {p.name: p for p in unit.params}
        for binding in facts.bindings:
            self.namespaces[binding.scope].bindings[binding.name].append(binding)
        for imp in facts.imports:
            if imp.alias == "*":
                self.namespaces[imp.scope].stars.append(imp.module)
            else:
                self.namespaces[imp.scope].imports[imp.alias].append(imp)

    def is_module(self, name: str) -> bool:
        """True for a module or package of the app (namespace packages included)."""
        return name in self.modules or name in self.packages

    def module_of(self, qualname: str) -> str:
        return self.unit_module.get(qualname, qualname)

    def kind(self, qualname: str) -> str | None:
        unit = self.units.get(qualname)
        return unit.kind if unit else None

    def children(self, qualname: str) -> dict[str, str]:
        ns = self.namespaces.get(qualname)
        return ns.units if ns else {}
