"""`flask demo load` and `flask demo generate`: demo and benchmark data."""

from flask.cli import AppGroup

demo_cli = AppGroup("demo", help="Load demo content or generate synthetic products.")
