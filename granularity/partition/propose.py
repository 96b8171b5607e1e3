"""Entry point of the partition stage: propose a plan, and build the baselines."""

from __future__ import annotations

from pathlib import Path


from granularity.model.graph import ProgramGraph
from granularity.model.plan import Plan
from granularity.partition.affinity import Affinity
from granularity.partition.cluster import Agglomeration
from granularity.partition.context import PlanContext
from granularity.partition.derive import Deriver
from granularity.partition.naming import GATHERED_NAME, function_name, unique_names
from granularity.partition.packages import measured_sizes, package_use
from granularity.partition.settings import PlanSettings


class Partitioner:
    """Shares the indexes between the plan and its baselines."""

    def __init__(self, graph: ProgramGraph, settings: PlanSettings | None = None,
                 app_root: Path | None = None) -> None:
        self.settings = settings or PlanSettings()
        self.ctx = PlanContext(graph)
        self.measured = measured_sizes(app_root) if app_root else {}
        packages = {p for a in self.ctx.atoms.values() for p in a.packages}
        self.sizes = {p: package_use(p, self.measured).size_mb for p in sorted(packages)}
        self.affinity = Affinity(self.ctx, self.sizes)
        self.deriver = Deriver(self.ctx, self.settings, self.measured)
        self._plan: Plan | None = None

    def _names(self, groups: dict[str, list[str]], fixed: dict[str, str] | None = None) -> dict[str, str]:
        """Group key → unique function name."""
        fixed = fixed or {}
        raw = {k: fixed.get(k) or function_name(self.ctx, v) for k, v in groups.items()}
        return unique_names(raw, self.ctx, groups)

    def _named(self, groups: dict[str, list[str]], fixed: dict[str, str] | None = None) -> dict[str, list[str]]:
        names = self._names(groups, fixed)
        return {names[k]: v for k, v in groups.items()}

    def propose(self) -> Plan:
        """The plan; computed once per partitioner (it is deterministic), so the CLI, the
        rules and the report can each ask for it without partitioning again."""
        if self._plan is None:
            self._plan = self._propose()
        return self._plan

    def _propose(self) -> Plan:
        algo = Agglomeration(self.ctx, self.affinity, self.settings)
        groups = algo.run()
        fixed = dict(algo.fixed_names)
        if algo.gathered is not None:
            # a name that says what it is: small entry points with nothing in common
            fixed[algo.gathered] = GATHERED_NAME
        names = self._names(groups, fixed)
        return self.deriver.plan("plan", {names[k]: v for k, v in groups.items()}, self.affinity, algo.excluded,
                                 gathered=names.get(algo.gathered) if algo.gathered is not None else None,
                                 servers=algo.servers)

    # -- baselines ------------------------------------------------------------------------------

    def per_entry_point(self) -> Plan:
        return self.deriver.plan("per-entry-point", self._named({a: [a] for a in self.ctx.atoms}), self.affinity)

    def per_module(self) -> Plan:
        groups: dict[str, list[str]] = {}
        for a, atom in sorted(self.ctx.atoms.items()):
            groups.setdefault(atom.group, []).append(a)
        return self.deriver.plan("per-module", self._named(groups), self.affinity)

    def monolith(self) -> Plan:
        if not self.ctx.atoms:
            return self.deriver.plan("monolith", {}, self.affinity)
        return self.deriver.plan("monolith", {"monolith": sorted(self.ctx.atoms)}, self.affinity)

    def louvain(self) -> Plan:
        import networkx as nx  # only this baseline needs it

        g = nx.Graph()
        g.add_nodes_from(sorted(self.ctx.graph.units))
        for caller, callee, _ in sorted(set(self.ctx.sync_calls)):
            if caller != callee:
                g.add_edge(caller, callee)
        communities = nx.community.louvain_communities(g, seed=self.settings.seed) if g.number_of_edges() else []
        where = {u: i for i, members in enumerate(sorted(sorted(c) for c in communities)) for u in members}
        groups: dict[str, list[str]] = {}
        for a in sorted(self.ctx.atoms):
            groups.setdefault(str(where.get(a, a)), []).append(a)
        return self.deriver.plan("louvain", self._named(groups), self.affinity)

    def baselines(self) -> list[Plan]:
        return [self.per_entry_point(), self.per_module(), self.monolith(), self.louvain()]
