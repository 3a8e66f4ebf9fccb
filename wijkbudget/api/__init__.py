"""The read-only JSON API under /api/v1/, with API tokens for the gemeente."""
