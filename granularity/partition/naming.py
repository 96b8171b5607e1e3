"""Names for candidate functions and shared layers, derived from the code they hold."""

from __future__ import annotations

import re
from collections import Counter

from granularity.partition.context import GENERIC_PARTS, PlanContext


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "function"


def _route_root(ctx: PlanContext, atoms: list[str]) -> str:
    """The most common first meaningful segment of the functions' HTTP paths."""
    segments = Counter()
    for a in atoms:
        for t in ctx.atoms[a].triggers:
            path = t.detail("path")
            parts = [p for p in re.split(r"[/^$]", path) if p and not p.startswith(("<", "{", "(", "?"))
                     and p not in ("api", "v1", "v2", "v3")]
            if parts:
                segments[parts[0]] += 1
    return segments.most_common(1)[0][0] if segments else ""


def _majority_package(ctx: PlanContext, atoms: list[str]) -> str:
    """The top-level package holding more than half of the atoms, when no single group
    does (`pipeline` for pipeline.validate, .price, .reserve, .charge and one API route);
    not a package that holds the whole app (`shop` in a one-package app says nothing)."""
    tops = Counter(ctx.atoms[a].group.split(".")[0] for a in atoms)
    top, held = sorted(tops.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    if 2 * held <= len(atoms) or top in GENERIC_PARTS:
        return ""
    everywhere = all(atom.group.split(".")[0] == top for atom in ctx.atoms.values())
    return "" if everywhere else top


#: The name of the function that gathers nano-functions sharing nothing with any other.
GATHERED_NAME = "misc"
#: Module name parts that only say how a module is wired into the app: never a name.
WIRING_PARTS = frozenset({
    "cli", "commands", "__main__", "main", "app", "wsgi", "asgi", "urls", "src",
})
#: Module name parts that say a module is the HTTP layer: a name only when nothing else is
#: left (`api` for `ckan.views.api`, but `views` for `ckan.cli.views`).
WEB_LAYER_PARTS = frozenset({
    "views", "view", "routes", "route", "routers", "router", "handlers", "handler", "endpoints",
    "controllers", "resources", "blueprints", "web",
})


def _module_part(ctx: PlanContext, atoms: list[str], package: str) -> str:
    """A name from the module holding at least half of the atoms, past the app's package
    and its wiring: its last part that is not the HTTP layer (`management` for
    `flaskbb.management.views`, `api` for `ckan.views.api`, `jobs` for `ckan.cli.jobs`,
    though such words are too generic to group entry points by), else its last part."""
    modules = Counter(ctx.atoms[a].module for a in atoms)
    module, held = sorted(modules.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    if 2 * held < len(atoms):
        return ""
    parts = [p for p in module.split(".") if p != package and p not in WIRING_PARTS]
    specific = [p for p in parts if p not in WEB_LAYER_PARTS]
    return specific[-1] if specific else parts[-1] if parts else ""


def _mostly_http(ctx: PlanContext, atoms: list[str]) -> bool:
    return 2 * sum("http" in ctx.atoms[a].kinds for a in atoms) > len(atoms)


def function_name(ctx: PlanContext, atoms: list[str]) -> str:
    """From the atoms' most common group (blueprint, router, Django app, module): its last
    part that is neither the top-level package nor wiring, preferring a specific word
    (`orders` for `shop.orders`) to a generic one (`api` for `ckan.views.api`, `jobs` for
    `ckan.cli.jobs`); else, for HTTP entry points, the first segment of their routes; a
    group that is the whole app's package gives way to the module's own name."""
    groups = Counter(ctx.atoms[a].group for a in atoms)
    group, held = sorted(groups.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    app = ctx.app_package
    if 2 * held < len(atoms):
        package = _majority_package(ctx, atoms)
        if package and package != app:
            return _slug(package)
    parts = group.split(".")
    rest = [p for p in parts[1:] if p not in WIRING_PARTS]
    named = [p for p in rest if p not in GENERIC_PARTS] or [p for p in rest if p not in WEB_LAYER_PARTS]
    if named:
        return _slug(named[-1])
    name = rest[-1] if rest else parts[0]
    if (name in GENERIC_PARTS or (len(parts) == 1 and len(groups) > 1) or name == app) \
            and _mostly_http(ctx, atoms):
        name = _route_root(ctx, atoms) or name
    if name == app:
        name = _module_part(ctx, atoms, app) or name
    return _slug(name)


#: Words of entry-point names that say nothing about the function.
STOPWORDS = frozenset({
    "view", "views", "handler", "handle", "api", "do", "run", "main", "all", "by", "for", "to", "of",
    "the", "and", "on", "from", "with", "task", "command",
})
#: Words that say what is done, not to what: used only when no other word tells a function
#: from its namesakes (`dataset-delete` rather than `dataset-http-2`).
VERBS = STOPWORDS | frozenset({
    "get", "list", "create", "update", "delete", "set", "add", "remove", "index", "detail", "new",
    "edit", "post", "put", "patch", "show",
})


def _words(ctx: PlanContext, atoms: list[str], skip: frozenset[str] = VERBS) -> Counter:
    words: Counter = Counter()
    for a in atoms:
        name = a.rsplit(".", 1)[-1]
        if name in ("Command", "handler", "lambda_handler"):
            name = a.rsplit(".", 2)[-2]
        for word in re.split(r"[_\W]+|(?<=[a-z])(?=[A-Z])", name):
            word = word.lower()
            if len(word) > 2 and word not in skip:
                words[word] += 1
    return words


def _distinct_word(ctx: PlanContext, key: str, rivals: list[str], members: dict[str, list[str]], base: str) -> str:
    """The most common word of this function's entry points that its namesakes lack; a
    verb only when no other word does."""
    for skip in (VERBS, STOPWORDS):
        mine = _words(ctx, members[key], skip)
        theirs: Counter = Counter()
        for other in rivals:
            if other != key:
                theirs.update(_words(ctx, members[other], skip))
        for word, _ in sorted(mine.items(), key=lambda kv: (-kv[1], kv[0])):
            if word not in theirs and word != base:
                return word
    return ""


def unique_names(raw: dict[str, str], ctx: PlanContext, members: dict[str, list[str]]) -> dict[str, str]:
    """Make names unique: add a word its namesakes' entry points lack, else the trigger
    kind, then a number."""
    counts = Counter(raw.values())
    rivals: dict[str, list[str]] = {}
    for key, name in raw.items():
        rivals.setdefault(name, []).append(key)
    out: dict[str, str] = {}
    taken: set[str] = set()
    for key in sorted(raw, key=lambda k: (raw[k], k)):
        name = raw[key]
        if counts[name] > 1:
            word = _distinct_word(ctx, key, rivals[name], members, name)
            if word:
                name = f"{name}-{_slug(word)}"
            else:
                kinds = sorted({k for a in members[key] for k in ctx.atoms[a].kinds})
                name = f"{name}-{'-'.join(kinds)}"
        base, n = name, 2
        while name in taken:
            name, n = f"{base}-{n}", n + 1
        taken.add(name)
        out[key] = name
    return out


def layer_name(units: list[str], ctx: PlanContext) -> str:
    modules = Counter(ctx.graph.units[u].module for u in units if u in ctx.graph.units)
    module, _ = sorted(modules.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    return module
