"""WSGI entry point: `gunicorn wsgi:app`."""

from app import create_app
from core.gc_settings import tune_for_serving

app = create_app()
tune_for_serving()
