import app.state
from app.state import registry


def setup():
    registry.add("db", "sqlite")
    app.state.registry.add("cache", "memory")


setup()
print(registry.get("db"), app.state.registry.get("cache"))
