"""Process entry points: ``gunicorn wsgi:app`` and ``celery -A wsgi.celery worker -B``."""
from shop import create_app

app = create_app()
celery = app.extensions["celery"]
