"""Admin pages: wijken, rounds, users and their roles, and the audit log."""
