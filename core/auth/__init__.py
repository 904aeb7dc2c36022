"""Admin users, bearer tokens and role checks."""
