"""Resolve entry-point facts into triggers: find their units, join route prefixes
(blueprints, routers, mounts, Django includes, DRF routers), fill HTTP methods of
class-based views, and merge handlers declared in deployment descriptors."""

from __future__ import annotations

import re
from collections import defaultdict

from granularity.link.resolve import Resolver, locate
from granularity.link.symbols import Symbols
from granularity.model import facts as f
from granularity.model.graph import Trigger

HTTP_VERBS = ("get", "post", "put", "patch", "delete", "head", "options")
#: Django signals that `Model.save()` / `delete()` send synchronously, in the caller's transaction.
MODEL_SIGNALS = frozenset({"pre_save", "post_save", "pre_delete", "post_delete", "m2m_changed"})
#: A model signal's sender given as `settings.AUTH_USER_MODEL`: the user model, whichever it is.
USER_MODEL_SETTING = "settings.AUTH_USER_MODEL"
#: Django's lazy model reference: `"app_label.ModelName"`.
_LAZY_MODEL = re.compile(r"([A-Za-z_]\w*)\.([A-Za-z_]\w*)")
#: What Django calls on a middleware instance in a request (`MiddlewareMixin.__call__`
#: calls the `process_*` hooks a class defines).
DJANGO_MIDDLEWARE_METHODS = ("__call__", "process_request", "process_view", "process_response",
                             "process_exception", "process_template_response")
_METHOD_DECORATORS = {
    "require_GET": "GET", "require_POST": "POST", "require_safe": "GET,HEAD",
}


def join_flask(prefix: str, rule: str) -> str:
    if not prefix:
        return rule
    return "/".join((prefix.rstrip("/"), rule.lstrip("/"))) if rule else prefix


def join_plain(prefix: str, rule: str) -> str:
    return prefix + rule


def _slash(path: str) -> str:
    return path if path.startswith("/") else "/" + path


class EntryPointLinker:
    """Collects the triggers of the whole app."""

    def __init__(self, symbols: Symbols, resolver: Resolver) -> None:
        self.s = symbols
        self.r = resolver
        self.routers: dict[str, f.Router] = {}
        self.mounts: list[f.Mount] = []
        self.hooks: list[f.RequestHook] = []
        for facts in symbols.modules.values():
            for router in facts.routers:
                self.routers[router.qualname] = router
            self.mounts.extend(facts.mounts)
            self.hooks.extend(facts.hooks)
        self._hook_objects: list[tuple[f.RequestHook, frozenset[str]]] | None = None
        self._django_hooks: list[tuple[str, str]] | None = None
        self._mounted: dict[str, list[tuple[f.Mount, tuple[str, ...]]]] | None = None
        self.out: list[Trigger] = []
        #: What runs in a route's request before or after it, per route: (route unit,
        #: reference text, scope to resolve it in, line, how: "depends" for a FastAPI
        #: dependency of a router or mount, "hook" for a Flask request hook); the call
        #: linker turns them into edges.
        self.dependencies: list[tuple[str, str, str, int, str]] = []

    # -- the whole pass -------------------------------------------------------------------

    def link(self, descriptors: object | None) -> tuple[Trigger, ...]:
        deferred: list[tuple[f.EntryPoint, str]] = []
        for facts in self.s.modules.values():
            for ep in facts.entry_points:
                if ep.framework == "drf":
                    continue  # joined with the urlpatterns that include its router
                if ep.target.startswith("task:"):
                    deferred.append((ep, facts.path))
                    continue
                for unit in self._units_of(ep):
                    self._add(ep, unit, facts.path)
        self._django()
        tasks = {t.detail("name"): t.unit for t in self.out if t.kind == "queue"}
        for ep, path in deferred:
            unit = tasks.get(ep.target[5:])
            if unit:
                self._add(ep, unit, path)
        if descriptors is not None:
            self._declared(descriptors)
        self._drop_guessed_handlers()
        return tuple(sorted(set(self.out), key=lambda t: (t.unit, t.kind, t.details)))

    def _drop_guessed_handlers(self) -> None:
        """A function taken for a Lambda handler by its `(event, context)` signature alone
        is not one when something declares how it is triggered (Chalice, a descriptor)."""
        known = {t.unit for t in self.out if not (t.kind == "faas" and t.framework == "aws-lambda")}
        self.out = [t for t in self.out if not (t.kind == "faas" and t.framework == "aws-lambda"
                                                and t.unit in known and not t.detail("function"))]

    def _units_of(self, ep: f.EntryPoint) -> list[str]:
        if ep.unit:
            return [ep.unit] if ep.unit in self.s.units or ep.unit in self.s.modules else []
        ref = re.sub(r"\.as_view\(\)$", "", ep.target)
        units = []
        for value in self.r.resolve(ref, ep.scope or ""):
            if value[0] == "unit":
                units.append(value[1])
        return units

    def _add(self, ep: f.EntryPoint, unit: str, path: str) -> None:
        details = dict(ep.details)
        if ep.kind == "http":
            if not details.get("methods"):
                details["methods"] = self.view_methods(unit)
            route = details.get("path", "")
            scope = ep.scope or self.s.module_of(unit)
            for prefix, join in self._prefixes(ep.router, scope, ep.framework):
                details["path"] = _slash(join(prefix, route))
                self.out.append(Trigger(unit, ep.kind, ep.framework, tuple(sorted(details.items())), path, ep.line))
            if ep.framework == "fastapi" and ep.router:
                found: set[tuple[str, str]] = set()
                for qualname in locate(self.r, ep.router, scope):
                    found |= self._router_dependencies(qualname)
                self.dependencies.extend((unit, ref, where, ep.line, "depends") for ref, where in sorted(found))
            if ep.framework in ("flask", "fastapi", "django", "drf") and self.hooks:
                self.dependencies.extend((unit, ref, where, ep.line, "hook")
                                         for ref, where in self._hooks_for(ep.router, scope, ep.framework))
            return
        if ep.kind == "event" and ep.framework == "django" and details.get("event") in MODEL_SIGNALS \
                and details.get("sender"):
            model = self._sender_model(details["sender"], ep.scope or unit)
            if model:
                details["model"] = model
        self.out.append(Trigger(unit, ep.kind, ep.framework, tuple(sorted(details.items())), path, ep.line))

    def _sender_model(self, sender: str, scope: str) -> str | None:
        """The class a model signal's `sender` names, resolved where the receiver was
        connected; Django's lazy `"app_label.ModelName"` is looked up as
        `app_label.models.ModelName`. None unless exactly one class."""
        if sender.rsplit(".", 1)[-1] == "AUTH_USER_MODEL":
            return USER_MODEL_SETTING  # the link stage knows the user model (ResourceLinker)
        classes = {v[1] for v in self.r.resolve(sender, scope) if v[0] == "unit" and self.s.kind(v[1]) == f.CLASS}
        lazy = _LAZY_MODEL.fullmatch(sender)
        if not classes and lazy:
            candidate = f"{lazy.group(1)}.models.{lazy.group(2)}"
            if self.s.kind(candidate) == f.CLASS:
                classes = {candidate}
        return classes.pop() if len(classes) == 1 else None

    # -- prefixes ---------------------------------------------------------------------------

    def _prefixes(self, router_ref: str, scope: str, framework: str) -> list[tuple[str, object]]:
        join = join_flask if framework == "flask" else join_plain
        if not router_ref:
            return [("", join)]
        prefixes: list[str] = []
        for qualname in locate(self.r, router_ref, scope) or ("",):
            prefixes.extend(self._router_prefixes(qualname, framework, set()))
        return [(p, join) for p in sorted(set(prefixes))] or [("", join)]

    def _router_prefixes(self, qualname: str, framework: str, seen: set[str]) -> list[str]:
        if qualname in seen:
            return [""]
        seen = seen | {qualname}
        own = self.routers[qualname].prefix if qualname in self.routers else ""
        mounted = self.mounted()
        mounts = mounted.get(qualname, [])
        if not mounts:
            return [own]
        out: list[str] = []
        for mount, parents in mounts:
            if framework == "flask":
                local = mount.prefix or own
                joiner = join_flask
            else:
                local = mount.prefix + own
                joiner = join_plain
            for parent in parents or ("",):
                for above in self._router_prefixes(parent, framework, seen) \
                        if parent in self.routers or parent in mounted else [""]:
                    out.append(joiner(above, local) if above else local)
        return out

    def mounted(self) -> dict[str, list[tuple[f.Mount, tuple[str, ...]]]]:
        """Router (qualified name) → the mounts that mount it, each with what it is mounted
        on: located once, for every route's walk up the mounts."""
        if self._mounted is None:
            self._mounted = {}
            for mount in self.mounts:
                parents = locate(self.r, mount.parent, mount.scope)
                for router in locate(self.r, mount.router, mount.scope):
                    self._mounted.setdefault(router, []).append((mount, parents))
        return self._mounted

    def _hooks_for(self, router_ref: str, scope: str, framework: str) -> list[tuple[str, str]]:
        """Request hooks of the route's framework that run for a route declared on
        `router_ref`: those of its blueprint and of the blueprints it is registered in, and
        every hook of its app (one registered on the app the route's blueprints are
        registered in, or on the app it is declared on; a `*_app_request` hook; a FastAPI
        middleware). A hook on an app the linker cannot place (an app handed to a setup
        function) runs for every route, as does any app hook for a route whose app is not
        known."""
        if self._hook_objects is None:
            self._hook_objects = [(h, frozenset(locate(self.r, h.obj, h.scope) if h.obj else ()))
                                  for h in self.hooks]
        if framework in ("django", "drf"):
            if self._django_hooks is None:  # the same for every Django route
                self._django_hooks = sorted({ref for hook, _ in self._hook_objects if hook.framework == "django"
                                             for ref in self._django_middleware(hook.target)})
            return self._django_hooks
        chain: set[str] = set()
        for qualname in (locate(self.r, router_ref, scope) if router_ref else ()):
            chain |= self._router_chain(qualname)
        # The apps the route is served by, where known: what its chain reaches that is no
        # blueprint or router.
        apps = {q for q in chain if q not in self.routers and not self._is_param(q)}
        out = []
        for hook, objects in self._hook_objects:
            if hook.framework != framework:
                continue
            blueprints = {o for o in objects if o in self.routers}
            if blueprints:
                applies = hook.app_wide or bool(blueprints & chain)
            else:
                # registered on an app: that app's routes; on an app the linker cannot
                # place (a setup function's parameter), or for a route whose app is not
                # known: every route
                placed = {o for o in objects if not self._is_param(o)}
                applies = not placed or not apps or bool(placed & apps)
            if applies:
                out.append((hook.target, hook.scope))
        return sorted(set(out))

    def _is_param(self, qualname: str) -> bool:
        """True for a located name that is a function's parameter (`app` in
        `def configure(app)`): which object it is depends on the caller."""
        scope, _, name = qualname.rpartition(".")
        ns = self.s.namespaces.get(scope)
        return ns is not None and name in ns.params

    def _django_middleware(self, path: str) -> list[tuple[str, str]]:
        """What Django runs in a request for a `MIDDLEWARE` entry of the app, as references
        and the scopes to resolve them in: a class's `__call__` and `process_*` methods
        (`MiddlewareMixin` calls those), or a factory (`def timing(get_response)`) and the
        functions it defines, one of which it returns to run per request. Entries of
        installed packages (`django.middleware...`) name nothing in the app: none."""
        parts = path.split(".")
        module = next((".".join(parts[:i]) for i in range(len(parts) - 1, 0, -1)
                       if self.s.is_module(".".join(parts[:i]))), "")
        out: list[tuple[str, str]] = []
        if module:
            rest = path[len(module) + 1:]
            for kind, qualname in self.r.resolve(rest, module):
                if kind != "unit":
                    continue
                if self.s.kind(qualname) == f.CLASS:
                    out.extend((f"{rest}.{method}", module) for method in DJANGO_MIDDLEWARE_METHODS)
                else:
                    out.append((rest, module))
                    out.extend((name, qualname) for name, child in sorted(self.s.children(qualname).items())
                               if self.s.kind(child) == f.FUNCTION)
        return out

    def _router_chain(self, qualname: str) -> set[str]:
        """A router and every router or app it is registered in, up the mounts."""
        mounted = self.mounted()
        out: set[str] = set()
        stack = [qualname]
        while stack:
            router = stack.pop()
            if router not in out:
                out.add(router)
                stack.extend(p for _, parents in mounted.get(router, ()) for p in parents)
        return out

    def _router_dependencies(self, qualname: str) -> set[tuple[str, str]]:
        """FastAPI dependencies every route of a router runs: the router's own, those given
        where it is included, and those of everything it is included in; as (reference
        text, scope to resolve it in)."""
        out: set[tuple[str, str]] = set()
        mounted = self.mounted()
        for router in self._router_chain(qualname):
            if router in self.routers:
                out |= {(ref, router.rpartition(".")[0]) for ref in self.routers[router].dependencies}
            for mount, _ in mounted.get(router, ()):
                out |= {(ref, mount.scope) for ref in mount.dependencies}
        return out

    # -- HTTP methods -------------------------------------------------------------------------

    def view_methods(self, unit: str) -> str:
        """Methods a view accepts: from its decorators, or the handler methods of a view class."""
        info = self.s.units.get(unit)
        if info is None:
            return "ANY"
        if info.kind == f.CLASS:
            verbs = set()
            for klass in self.r.mro(unit):
                verbs.update(v.upper() for v in HTTP_VERBS if v in self.s.children(klass))
            return ",".join(sorted(verbs)) or "ANY"
        for ref, text in zip(info.decorators, info.decorator_texts):
            name = ref.rsplit(".", 1)[-1].rstrip("()")
            if name in _METHOD_DECORATORS:
                return _METHOD_DECORATORS[name]
            if name in ("require_http_methods", "api_view"):
                verbs = re.findall(r"['\"]([A-Za-z]+)['\"]", text)
                if verbs:
                    return ",".join(sorted({v.upper() for v in verbs}))
        return "ANY"

    # -- Django -------------------------------------------------------------------------------

    def _django(self) -> None:
        patterns: dict[str, list[f.UrlPattern]] = defaultdict(list)
        for facts in self.s.modules.values():
            for pattern in facts.urlpatterns:
                patterns[facts.module].append(pattern)
        if not patterns:
            return
        included = {p.include for ps in patterns.values() for p in ps if p.include}
        drf = [ep for m in self.s.modules.values() for ep in m.entry_points if ep.framework == "drf"]
        for root in sorted(m for m in patterns if m not in included):
            self._walk_urls(root, "", patterns, drf, {root})

    def _walk_urls(self, module: str, prefix: str, patterns: dict, drf: list, seen: set[str]) -> None:
        path = self.s.modules[module].path
        for pattern in patterns.get(module, ()):
            if pattern.include:
                self._include(module, prefix + pattern.route, pattern, patterns, drf, seen)
                continue
            ep = f.EntryPoint("", "http", "django", (("methods", ""), ("path", prefix + pattern.route)),
                              line=pattern.line, target=pattern.view, scope=module)
            for unit in self._units_of(ep):
                self._add(ep, unit, path)

    def _include(self, module: str, prefix: str, pattern: f.UrlPattern, patterns: dict, drf: list,
                 seen: set[str]) -> None:
        target = pattern.include
        if target in patterns and target not in seen:
            self._walk_urls(target, prefix, patterns, drf, seen | {target})
            return
        ref = target.lstrip("@").removeprefix("ref:").removesuffix(".urls")
        routers = set(locate(self.r, ref, module))
        if not routers:
            return
        for ep in drf:
            if routers & set(locate(self.r, ep.router, ep.scope)):
                route = dict(ep.details).get("path", "").strip("/")
                joined = f"{prefix}{route}/" if route else prefix
                view = f.EntryPoint("", "http", "drf", (("methods", "ANY"), ("path", joined)),
                                    line=ep.line, target=ep.target, scope=ep.scope)
                for unit in self._units_of(view):
                    self._add(view, unit, self.s.modules[self.s.module_of(unit)].path)

    # -- deployment descriptors ---------------------------------------------------------------

    def _declared(self, descriptors: object) -> None:
        declared_units: set[str] = set()
        for fn in getattr(descriptors, "functions", ()):
            unit = f"{fn.module}.{fn.function}"
            if unit not in self.s.units:
                continue
            declared_units.add(unit)
            path = self.s.modules[fn.module].path
            triggers = fn.triggers or ()
            if not triggers:
                self.out.append(Trigger(unit, "faas", "aws-lambda",
                                        (("function", fn.name), ("handler", fn.handler)), path))
            for trig in triggers:
                details = dict(trig.details)
                details["function"] = fn.name
                if trig.kind == "http" and "path" in details:
                    details["path"] = _slash(details["path"])
                self.out.append(Trigger(unit, trig.kind, "aws-lambda", tuple(sorted(details.items())), path))
        self.out = [t for t in self.out if not (t.unit in declared_units and t.kind == "faas"
                                                 and not t.detail("function"))]
