"""Extension objects, created unbound here and initialised by the application factory."""
from celery import Celery, Task
from flask import Flask
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()
migrate = Migrate()
celery = Celery("shop", include=["shop.tasks", "shop.payments.tasks"])


def init_celery(app: Flask) -> Celery:
    """Bind the module-level Celery app to ``app``'s config and context."""

    class ContextTask(Task):
        abstract = True

        def __call__(self, *args, **kwargs):
            with app.app_context():
                return self.run(*args, **kwargs)

    celery.conf.update(app.config["CELERY"])
    celery.Task = ContextTask
    app.extensions["celery"] = celery
    return celery
