"""Models of the paper feature."""

from __future__ import annotations
