"""Command-line tools of the api feature."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register this feature's commands on app.cli."""
