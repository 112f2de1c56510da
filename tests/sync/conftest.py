"""Fixtures of the sync tests (defined in tests/server/harness.py)."""

from tests.server.harness import (  # noqa: F401 - fixtures
    app_server,
    client_template,
    keyring_file,
    new_client,
    pg_server,
    pg_template,
    server_template,
    sqlite_server_url,
)
