"""Online shop: the application factory."""
import logging
import os

from flask import Flask, jsonify

from .commands import create_admin_command, init_db_command
from .common.errors import register_error_handlers
from .config import CONFIGS
from .extensions import db, init_celery, migrate

__all__ = ["create_app", "db"]


def create_app(config_name: str | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_object(CONFIGS[config_name or os.getenv("SHOP_CONFIG", "development")])
    app.config.from_prefixed_env("SHOP")

    logging.basicConfig(level=os.getenv("LOG_LEVEL", "INFO"))
    db.init_app(app)
    migrate.init_app(app, db)
    init_celery(app)
    register_error_handlers(app)
    register_blueprints(app)

    app.cli.add_command(init_db_command)
    app.cli.add_command(create_admin_command)

    @app.get("/healthz")
    def healthz():
        return jsonify({"status": "ok"})

    return app


def register_blueprints(app: Flask) -> None:
    from .admin import bp as admin_bp
    from .cart import bp as cart_bp
    from .catalog import bp as catalog_bp
    from .orders import bp as orders_bp
    from .payments import bp as payments_bp
    from .users import bp as users_bp

    app.register_blueprint(catalog_bp)
    app.register_blueprint(cart_bp, url_prefix="/cart")
    app.register_blueprint(orders_bp, url_prefix="/orders")
    app.register_blueprint(payments_bp)
    app.register_blueprint(users_bp, url_prefix="/users")
    app.register_blueprint(admin_bp)
