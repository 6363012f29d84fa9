"""Loaded by pytest (``-p tests.testenv``) before Django is configured: test-time environment."""

import os

os.environ.setdefault("DEBUG", "1")  # plain static storage, no HTTPS redirect for the test client
os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-0123456789abcdef")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "burqin.settings")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop
