"""Accounts: the first administrator, signing in, switching user, the admin's users page."""
