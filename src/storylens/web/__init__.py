"""Web app placeholder replaced below."""
