from .registry import register

for plugin in ("csv", "json"):
    register(plugin)
