"""The werkgroep works on the same rounds and initiatives as the initiatives tests."""

from tests.initiatives.conftest import published, round_phase, setting, submitted

__all__ = ["published", "round_phase", "setting", "submitted"]
