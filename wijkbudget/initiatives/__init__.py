"""Initiatives: residents submit ideas, the wijkondersteuner moderates them."""
