"""Accounts: register, confirm, log in and out, reset a password, choose a language."""
