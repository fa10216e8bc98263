"""Web app: FastAPI pages and the /api/v1 JSON API over the same SQLite database the CLI writes.
Reads go through store/ (one read-only connection per thread); writes (POST /api/v1/articles) run
the same pipeline as `storylens analyze` and need the server's write token."""
from .app import create_app

__all__ = ["create_app"]
