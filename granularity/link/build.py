"""Build the program graph from every file's facts."""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import replace

from granularity.link.calls import CallLinker
from granularity.link.entrypoints import USER_MODEL_SETTING, EntryPointLinker
from granularity.link.flows import compute_flows
from granularity.link.resolve import Resolver
from granularity.link.resources import ResourceLinker, import_edges
from granularity.link.symbols import Symbols
from granularity.model import facts as f
from granularity.model.graph import CALL, ProgramGraph, Trigger, UnitInfo


def link(modules: list[f.ModuleFacts], root: str = "", descriptors: object | None = None,
         extra_diagnostics: tuple[f.Diagnostic, ...] = (),
         skipped: tuple[tuple[str, str], ...] = ()) -> ProgramGraph:
    """All facts in, one program graph out. Deterministic: inputs are sorted first."""
    modules = sorted(modules, key=lambda m: (m.path, m.module))
    symbols = Symbols(modules)
    resolver = Resolver(symbols)
    entry_points = EntryPointLinker(symbols, resolver)
    triggers = entry_points.link(descriptors)
    task_names = {t.detail("name"): t.unit for t in triggers if t.kind == "queue" and t.detail("name")}
    live = list(symbols.modules.values())
    resolver.track()
    resolver.flows = compute_flows(resolver, [c for m in live for c in m.calls])
    resolver.forget(set(resolver.flows))
    linker = CallLinker(resolver, task_names)
    for facts in live:
        linker.link(list(facts.calls))
    for unit, ref, scope, line, via in entry_points.dependencies:
        linker.depend(unit, ref, scope, line, via)
    resources = ResourceLinker(resolver, descriptors)
    resources.read_mappings(live)
    triggers = _with_sender_tables(triggers, resources)
    edges = set(linker.edges) | set(resources.remotes(live))
    calls = tuple(sorted(edges, key=lambda e: (e.caller, e.callee, e.line, e.kind, e.via)))
    accesses = tuple(sorted(set(resources.accesses(live)),
                            key=lambda a: (a.unit, a.resource, a.line, a.mode, a.via)))
    users = import_users(symbols)
    imports = tuple(sorted(set(import_edges(symbols, live, users)),
                           key=lambda i: (i.unit, i.package, i.module, i.line, i.type_checking, i.conditional, i.users)))
    units = {q: UnitInfo(u, symbols.unit_module[q], symbols.modules[symbols.unit_module[q]].path)
             for q, u in sorted(symbols.units.items())}
    diagnostics = tuple(sorted(
        [d for m in modules for d in m.diagnostics] + list(extra_diagnostics)
        + [f.Diagnostic(path, "skipped", reason) for path, reason in skipped],
        key=lambda d: (d.path, d.line, d.code, d.message)))
    return ProgramGraph(
        root=root,
        units=units,
        entry_points=triggers,
        calls=calls,
        accesses=accesses,
        imports=imports,
        unresolved=tuple(sorted(set(linker.unresolved), key=lambda u: (u.caller, u.line, u.target))),
        call_sites=dict(sorted(linker.sites.items())),
        files={m.path: m.lines for m in modules},
        diagnostics=diagnostics,
        reach=_reach(triggers, calls, symbols),
        module_imports=_module_imports(symbols),
        module_import_users=_module_import_users(symbols, users),
        markers=tuple(sorted({m for facts in live for m in facts.markers},
                             key=lambda m: (m.scope, m.line, m.kind, m.detail))),
        suppressions=tuple(sorted({s for facts in live for s in facts.suppressions},
                                  key=lambda s: (s.path, s.line, s.codes))),
    )


def _with_sender_tables(triggers: tuple[Trigger, ...], resources: ResourceLinker) -> tuple[Trigger, ...]:
    """A Django model-signal receiver whose sender model is known (detail `model`) gets
    that model's table as detail `table`: whoever saves or deletes a row there runs the
    receiver in process, inside its own `save()`."""
    out = []
    for t in triggers:
        model = t.detail("model")
        if model == USER_MODEL_SETTING:  # `sender=settings.AUTH_USER_MODEL`
            model = resources.user_model()
            t = replace(t, details=tuple(sorted((k, v) for k, v in t.details if k != "model")
                                         + [("model", model)]))
        table = resources.table_of(model) if model else None
        if table:
            t = replace(t, details=tuple(sorted(t.details + (("table", f"table:{table}"),))))
        out.append(t)
    return tuple(out)


def _module_imports(symbols: Symbols) -> dict[str, tuple[str, ...]]:
    """App modules imported at module level by each module (what loading it loads)."""
    out: dict[str, tuple[str, ...]] = {}
    for name, facts in symbols.modules.items():
        found: set[str] = set()
        for imp in facts.imports:
            if imp.scope == name and not imp.type_checking:
                found |= _app_modules(symbols, imp, name)
        out[name] = tuple(sorted(found))
    return out


def _app_modules(symbols: Symbols, imp: f.Import, importer: str) -> set[str]:
    """App modules loaded by one import (importing a.b.c loads a and a.b too)."""
    found: set[str] = set()
    candidates = [imp.module] + ([f"{imp.module}.{imp.name}"] if imp.name and imp.name != "*" else [])
    for candidate in candidates:
        parts = candidate.split(".")
        for i in range(1, len(parts) + 1):
            prefix = ".".join(parts[:i])
            if prefix in symbols.modules and prefix != importer:
                found.add(prefix)
    return found


def import_users(symbols: Symbols) -> dict[tuple[str, str], tuple[str, ...]]:
    """(module, bound name) → the functions that use the name, for each name a module-level
    import binds; `()` when it is loaded with the module (see `extract.imports.with_users`,
    which fills `Import.users` with the file's facts)."""
    out: dict[tuple[str, str], tuple[str, ...]] = {}
    for name, facts in symbols.modules.items():
        for imp in facts.imports:
            if imp.scope == name and not imp.type_checking and imp.alias != "*":
                out[(name, imp.alias)] = imp.users
    return out


def _module_import_users(symbols: Symbols, users: dict[tuple[str, str], tuple[str, ...]]
                         ) -> dict[str, dict[str, tuple[str, ...]]]:
    """For each module, the app modules it imports at module level that only some of its
    functions use, with those functions (see `import_users`); modules missing here are
    loaded with the module."""
    out: dict[str, dict[str, tuple[str, ...]]] = {}
    for name, facts in symbols.modules.items():
        owners: dict[str, set[str]] = {}
        kept: set[str] = set()
        for imp in facts.imports:
            if imp.scope != name or imp.type_checking:
                continue
            who = users.get((name, imp.alias), ())
            for module in _app_modules(symbols, imp, name):
                if not who:
                    kept.add(module)
                else:
                    owners.setdefault(module, set()).update(who)
        owned = {m: tuple(sorted(u)) for m, u in sorted(owners.items()) if m not in kept}
        if owned:
            out[name] = owned
    return out


def _reach(triggers: tuple[Trigger, ...], calls, symbols: Symbols) -> dict[str, tuple[str, ...]]:
    succ: dict[str, set[str]] = defaultdict(set)
    for edge in calls:
        if edge.kind == CALL and not edge.callee.startswith("<builtin>"):
            succ[edge.caller].add(edge.callee)
    out: dict[str, tuple[str, ...]] = {}
    for unit in sorted({t.unit for t in triggers}):
        seen = {unit}
        queue = deque([unit])
        if symbols.kind(unit) == f.CLASS:
            for member in symbols.children(unit).values():
                if member not in seen:
                    seen.add(member)
                    queue.append(member)
        while queue:
            for nxt in succ.get(queue.popleft(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    queue.append(nxt)
        out[unit] = tuple(sorted(seen))
    return out
