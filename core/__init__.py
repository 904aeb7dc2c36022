"""The kernel: the app factory and what every domain shares."""

from flask import Flask

from core.app import create_app

__all__ = ["Flask", "create_app"]
