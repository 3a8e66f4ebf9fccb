"""Helpers of ``bench/load.py``: own PostgreSQL, gunicorn, the voters' HTTP flow and the check."""
