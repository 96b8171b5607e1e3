"""FastAPI dependencies are calls: FastAPI runs `Depends(get_user)` before the path
operation, in the same request, so the operation reaches get_user, what get_user reads,
and the packages it needs."""

from __future__ import annotations

from pathlib import Path

from evaluate.helpers import write_app

from granularity.pipeline import GraphOptions, build

APP = {
    "api/__init__.py": "",
    "api/deps.py": """
        from typing import Annotated

        import jwt
        from fastapi import Depends, Header

        def get_db():
            yield "db"

        def get_user(token: str = Header(), db=Depends(get_db)):
            return jwt.decode(token, "k")

        def require(role):
            def checker(user=Depends(get_user)):
                return user
            return checker

        class Paging:
            def __init__(self, page: int = 1):
                self.page = page

        class User:
            pass

        CurrentUser = Annotated[User, Depends(get_user)]
    """,
    "api/routes.py": """
        from typing import Annotated

        from fastapi import APIRouter, Depends

        from . import deps
        from .deps import CurrentUser, Paging, User, get_db, require

        router = APIRouter()

        def audit():
            pass

        @router.get("/default")
        def by_default(db=Depends(get_db)):
            return db

        @router.get("/inline")
        def inline(user: Annotated[User, Depends(deps.get_user)]):
            return user

        @router.get("/alias")
        def alias(user: CurrentUser):
            return user

        @router.get("/attribute")
        def attribute(user: deps.CurrentUser):
            return user

        @router.get("/bare")
        def bare(paging: Paging = Depends()):
            return paging.page

        @router.get("/factory")
        def factory(admin=Depends(require("admin"))):
            return admin

        @router.get("/listed", dependencies=[Depends(audit)])
        def listed():
            return 1

        @router.get("/plain")
        def plain(user: User, page: int = 1):
            return user
    """,
    "api/admin.py": """
        from fastapi import APIRouter, Depends

        from .deps import get_user

        router = APIRouter(prefix="/admin", dependencies=[Depends(get_user)])
        other = APIRouter()

        @router.get("/stats")
        def stats():
            return 1

        @other.get("/open")
        def open_route():
            return 2
    """,
    "api/items.py": """
        from fastapi import APIRouter

        router = APIRouter()

        @router.get("/")
        def list_items():
            return []
    """,
    "api/main.py": """
        from fastapi import Depends, FastAPI
        from fastapi.middleware.cors import CORSMiddleware
        from starlette.middleware import Middleware
        from starlette.middleware.base import BaseHTTPMiddleware

        from . import admin, items

        def verify_key():
            pass

        def token_header():
            pass

        class Audit:
            def __init__(self, app):
                self.app = app

            async def __call__(self, scope, receive, send):
                await self.app(scope, receive, send)

        class Tenant(BaseHTTPMiddleware):
            async def dispatch(self, request, call_next):
                return await call_next(request)

        app = FastAPI(dependencies=[Depends(verify_key)],
                      middleware=[Middleware(Tenant), Middleware(CORSMiddleware, allow_origins=["*"])])
        app.include_router(items.router, prefix="/items", dependencies=[Depends(token_header)])
        app.include_router(admin.router)
        app.add_middleware(Audit)
        app.add_middleware(CORSMiddleware, allow_origins=["*"])

        @app.middleware("http")
        async def timing(request, call_next):
            return await call_next(request)

        @app.get("/ping")
        def ping():
            return "pong"
    """,
    "scripts/tool.py": """
        def Depends(f):
            return f

        def helper():
            pass

        def run(x=Depends(helper)):
            return x
    """,
}


def _graph(tmp_path: Path):
    return build(write_app(tmp_path / "app", APP), GraphOptions(jobs=1, use_cache=False)).graph


def _depends(graph) -> set[tuple[str, str]]:
    return {(e.caller, e.callee) for e in graph.calls if e.via == "depends"}


def test_each_form_of_dependency_is_a_call_from_the_operation(tmp_path: Path) -> None:
    edges = _depends(_graph(tmp_path))
    r = "api.routes."
    assert (r + "by_default", "api.deps.get_db") in edges
    assert (r + "inline", "api.deps.get_user") in edges
    assert (r + "alias", "api.deps.get_user") in edges  # through the imported alias
    assert (r + "attribute", "api.deps.get_user") in edges  # `deps.CurrentUser`
    assert (r + "bare", "api.deps.Paging.__init__") in edges  # bare Depends(): the annotation's class
    assert (r + "factory", "api.deps.require.checker") in edges  # what require("admin") returns
    assert (r + "listed", r + "audit") in edges  # the decorator's dependencies=[...]
    assert ("api.admin.stats", "api.deps.get_user") in edges  # the router's dependencies=[...]
    assert ("api.admin.open_route", "api.deps.get_user") not in edges
    assert ("api.deps.get_user", "api.deps.get_db") in edges  # dependencies of dependencies
    assert ("api.deps.require.checker", "api.deps.get_user") in edges


def test_dependencies_of_an_app_a_router_and_a_mount_reach_routes_in_other_files(tmp_path: Path) -> None:
    edges = _depends(_graph(tmp_path))
    m = "api.main."
    assert ("api.items.list_items", m + "verify_key") in edges  # the app's, through the mount
    assert ("api.items.list_items", m + "token_header") in edges  # the mount's
    assert (m + "ping", m + "verify_key") in edges  # declared on the app itself
    assert (m + "ping", m + "token_header") not in edges
    assert ("api.admin.stats", m + "verify_key") in edges
    assert ("api.admin.stats", m + "token_header") not in edges


def test_middleware_runs_in_every_request_of_the_app(tmp_path: Path) -> None:
    graph = _graph(tmp_path)
    hooks = {(e.caller, e.callee) for e in graph.calls if e.via == "hook"}
    for route in ("api.main.ping", "api.items.list_items", "api.admin.stats"):
        assert (route, "api.main.timing") in hooks  # @app.middleware("http")
        assert (route, "api.main.Audit.__call__") in hooks  # app.add_middleware(Audit)
        assert (route, "api.main.Tenant.dispatch") in hooks  # FastAPI(middleware=[Middleware(Tenant)])
    assert not {callee for _, callee in hooks if "CORS" in callee}


def test_a_plain_annotation_is_not_a_dependency(tmp_path: Path) -> None:
    edges = _depends(_graph(tmp_path))
    assert not {callee for caller, callee in edges if caller == "api.routes.plain"}


def test_only_in_files_that_import_fastapi(tmp_path: Path) -> None:
    edges = _depends(_graph(tmp_path))
    assert not {e for e in edges if e[0].startswith("scripts.")}


def test_the_operation_reaches_its_dependencies_and_their_packages(tmp_path: Path) -> None:
    from granularity.partition.context import PlanContext

    graph = _graph(tmp_path)
    assert {"api.deps.get_user", "api.deps.get_db"} <= set(graph.reach["api.routes.alias"])
    atoms = PlanContext(graph).atoms
    assert "PyJWT" in atoms["api.routes.alias"].needs
    assert "PyJWT" not in atoms["api.routes.listed"].needs
