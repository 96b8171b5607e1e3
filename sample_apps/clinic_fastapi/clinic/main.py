"""ASGI application: ``uvicorn clinic.main:app``."""
import logging

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse

from . import __version__
from .config import Settings, get_settings
from .db import DbConn, init_schema
from .repositories import NotFoundError
from .routers import appointments, auth, billing, doctors, patients

logger = logging.getLogger("clinic")


async def not_found_handler(request: Request, exc: NotFoundError) -> JSONResponse:
    return JSONResponse(status_code=404, content={"detail": str(exc), "entity": exc.entity})


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    logging.basicConfig(level=logging.INFO)
    init_schema(settings.database_path)

    application = FastAPI(title="Clinic API", version=__version__)
    application.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_methods=["*"],
        allow_headers=["*"],
    )
    application.add_exception_handler(NotFoundError, not_found_handler)
    application.include_router(auth.router, prefix="/api/v1/auth")
    application.include_router(patients.router, prefix="/api/v1")
    application.include_router(doctors.router, prefix="/api/v1")
    application.include_router(appointments.router, prefix="/api/v1")
    application.include_router(billing.router, prefix="/api/v1")
    logger.info("Clinic API %s using %s", __version__, settings.database_path)
    return application


app = create_app()


@app.get("/health", tags=["ops"])
def health(db: DbConn) -> dict:
    db.execute("SELECT 1").fetchone()
    return {"status": "ok", "version": __version__}
