"""Backup and restore of the whole database (SQLite online backup; pg_dump / pg_restore)."""
