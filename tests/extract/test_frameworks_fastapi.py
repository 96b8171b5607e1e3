"""FastAPI path operations, routers and their inclusion, read from source snippets."""

from __future__ import annotations

import textwrap

from granularity.extract.driver import extract_source
from granularity.model import facts as f

WEB = ("flask", "fastapi", "chalice", "drf")


def facts(src: str) -> f.ModuleFacts:
    return extract_source(textwrap.dedent(src).encode(), "pkg.mod", "pkg/mod.py")


def routes(src: str, framework: str = "fastapi") -> set[tuple]:
    """(unit or target, kind, details, router) of the entry points `framework` declares."""
    return {(e.unit or e.target, e.kind, e.details, e.router)
            for e in facts(src).entry_points if e.framework == framework}


def web_routes(src: str) -> set[tuple]:
    return {(e.unit or e.target, e.framework) for e in facts(src).entry_points if e.framework in WEB}


def http(methods: str, path: str) -> tuple[tuple[str, str], ...]:
    return (("methods", methods), ("path", path))


def test_path_operations_on_app() -> None:
    src = """
        from fastapi import FastAPI
        app = FastAPI(title="shop")

        @app.get("/items/{item_id}", response_model=Item)
        async def read_item(item_id: int):
            pass

        @app.post("/items")
        def create_item(item: Item):
            pass

        @app.api_route("/proxy/{path:path}", methods=["get", "POST", "put"])
        async def proxy(path: str):
            pass

        @app.websocket("/ws")
        async def ws(websocket):
            pass

        @app.head(path="/ping")
        def ping():
            pass

        PROXY_METHODS = ["GET", "POST"]

        @app.api_route("/p/{path:path}", methods=PROXY_METHODS)
        def forward(path: str):
            pass

        @app.api_route("/q", methods=get_methods())
        def dynamic():
            pass
    """
    assert routes(src) == {
        ("pkg.mod.read_item", "http", http("GET", "/items/{item_id}"), "app"),
        ("pkg.mod.create_item", "http", http("POST", "/items"), "app"),
        ("pkg.mod.proxy", "http", http("GET,POST,PUT", "/proxy/{path:path}"), "app"),
        ("pkg.mod.ws", "http", http("WEBSOCKET", "/ws"), "app"),
        ("pkg.mod.ping", "http", http("HEAD", "/ping"), "app"),
        ("pkg.mod.forward", "http", http("GET,POST", "/p/{path:path}"), "app"),
        ("pkg.mod.dynamic", "http", http("", "/q"), "app"),
    }
    assert routes(src, "flask") == set()


def test_router_prefix_and_inclusion() -> None:
    src = """
        from fastapi import APIRouter, FastAPI
        from .routers import users

        router = APIRouter(prefix="/orders", tags=["orders"])
        app = FastAPI()

        @router.get("")
        def list_orders():
            pass

        @router.delete("/{order_id}")
        def delete_order(order_id: int):
            pass

        router.include_router(users.router)
        app.include_router(router, prefix="/api/v1")
    """
    assert routes(src) == {
        ("pkg.mod.list_orders", "http", http("GET", ""), "router"),
        ("pkg.mod.delete_order", "http", http("DELETE", "/{order_id}"), "router"),
    }
    got = facts(src)
    assert got.routers == (f.Router("pkg.mod.router", "fastapi", "/orders", 5),)
    assert got.mounts == (
        f.Mount("pkg.mod", "users.router", "router", "", 16),
        f.Mount("pkg.mod", "router", "app", "/api/v1", 17),
    )


def test_annotated_router_binding() -> None:
    src = """
        import fastapi
        router: fastapi.APIRouter = fastapi.APIRouter(prefix="/x")
    """
    assert facts(src).routers == (f.Router("pkg.mod.router", "fastapi", "/x", 3),)


def test_imported_router_counts_when_the_module_imports_fastapi() -> None:
    src = """
        from fastapi import Depends
        from .base import router

        @router.put("/items/{id}")
        def update(id: int, db=Depends(get_db)):
            pass
    """
    assert routes(src) == {("pkg.mod.update", "http", http("PUT", "/items/{id}"), "router")}


def test_add_api_route_and_mounted_apps() -> None:
    src = """
        from fastapi import FastAPI
        from fastapi.staticfiles import StaticFiles
        from . import handlers
        app = FastAPI()
        app.add_api_route("/hook", handlers.hook, methods=["POST"])
        app.add_api_route("/status", endpoint=status)
        app.add_api_websocket_route("/live", live)
        app.mount("/v2", v2_app)
        app.mount("/static", StaticFiles(directory="static"), name="static")
    """
    got = facts(src)
    entries = {(e.target, e.scope, e.details, e.router, e.unit) for e in got.entry_points if e.framework == "fastapi"}
    assert entries == {
        ("handlers.hook", "pkg.mod", http("POST", "/hook"), "app", ""),
        ("status", "pkg.mod", http("GET", "/status"), "app", ""),
        ("live", "pkg.mod", http("WEBSOCKET", "/live"), "app", ""),
    }
    assert got.mounts == (f.Mount("pkg.mod", "v2_app", "app", "/v2", 9),)


def test_near_misses_stay_silent() -> None:
    src = """
        import httpx
        from fastapi import FastAPI
        from .cache import cache
        from .store import Store
        app = FastAPI()
        store = Store()

        @cache.get("key")
        def a():
            pass

        @store.get("/looks/like/a/route")
        def b():
            pass

        @app.get
        def c():
            pass

        @app.middleware("http")
        async def d(request, call_next):
            pass

        @app.on_event("startup")
        async def e():
            pass

        @app.exception_handler(ValueError)
        async def g(request, exc):
            pass

        async def h():
            async with httpx.AsyncClient() as client:
                await client.get("/x")
    """
    assert web_routes(src) == set()


def test_verb_decorators_without_a_fastapi_import_are_not_fastapi() -> None:
    src = """
        from .app import router

        @router.get("/x")
        def x():
            pass
    """
    assert routes(src) == set()
    assert routes(src, "flask") == {("pkg.mod.x", "http", http("GET", "/x"), "router")}


def test_include_router_on_an_imported_app() -> None:
    src = """
        from .app import app
        from .routes import items
        app.include_router(items.router, prefix="/items")
        app.mount("/legacy", legacy_app)
    """
    assert facts(src).mounts == (f.Mount("pkg.mod", "items.router", "app", "/items", 4),)
