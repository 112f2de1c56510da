"""Fixtures of the server tests (defined in harness.py, shared with tests/sync)."""

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
