"""Models of the results feature."""

from __future__ import annotations
