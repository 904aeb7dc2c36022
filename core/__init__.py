"""The kernel: what every domain shares, bound to an app by `init_app`; it imports no domain."""

from core.kernel import init_app

__all__ = ["init_app"]
