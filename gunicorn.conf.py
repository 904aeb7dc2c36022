"""gunicorn settings for `make run`: several workers on loopback port 5000."""

import os

import gunicorn.http.wsgi

# Exported so the app sees how many workers share its rate-limit counters.
os.environ.setdefault("WEB_CONCURRENCY", "4")

bind = os.environ.get("BIND", "127.0.0.1:5000")
workers = int(os.environ["WEB_CONCURRENCY"])
timeout = 30
# The app logs one line per request itself (with its request id), so no access log here.
accesslog = None

# gunicorn names itself in a Server header on every response; say nothing about the stack.
gunicorn.http.wsgi.SERVER = "catalogue"
