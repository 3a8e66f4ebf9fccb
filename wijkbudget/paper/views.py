"""Pages of the paper feature."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("paper", __name__)
