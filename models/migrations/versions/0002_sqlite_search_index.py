"""SQLite: trigram full-text index over company names and cities (substring search).

External-content FTS5 keyed by the companies table's rowid, kept current by
triggers. After a VACUUM (which may renumber rowids) run
``INSERT INTO companies_fts(companies_fts) VALUES('rebuild')``;
``app.db.rebuild_search_index`` does it.

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TRIGGERS = {
    "companies_fts_ai": """
        CREATE TRIGGER companies_fts_ai AFTER INSERT ON companies BEGIN
          INSERT INTO companies_fts(rowid, name_key, city_key)
          VALUES (new.rowid, new.name_key, new.city_key);
        END""",
    "companies_fts_ad": """
        CREATE TRIGGER companies_fts_ad AFTER DELETE ON companies BEGIN
          INSERT INTO companies_fts(companies_fts, rowid, name_key, city_key)
          VALUES ('delete', old.rowid, old.name_key, old.city_key);
        END""",
    "companies_fts_au": """
        CREATE TRIGGER companies_fts_au AFTER UPDATE OF name_key, city_key ON companies BEGIN
          INSERT INTO companies_fts(companies_fts, rowid, name_key, city_key)
          VALUES ('delete', old.rowid, old.name_key, old.city_key);
          INSERT INTO companies_fts(rowid, name_key, city_key)
          VALUES (new.rowid, new.name_key, new.city_key);
        END""",
}


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(
        "CREATE VIRTUAL TABLE companies_fts USING fts5("
        "name_key, city_key, content='companies', content_rowid='rowid', "
        "tokenize='trigram')"
    )
    for sql in TRIGGERS.values():
        op.execute(sql)
    op.execute("INSERT INTO companies_fts(companies_fts) VALUES('rebuild')")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS companies_fts")
