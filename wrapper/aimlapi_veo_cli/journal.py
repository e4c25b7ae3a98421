"""`veo journal migrate`: create or upgrade a journal's schema, explicitly.

A PostgreSQL journal shared by a fleet is upgraded only by this command (workers of the older
version refuse a newer schema, and a newer worker refuses an older one until it is migrated);
an empty database gets its schema on first use. An SQLite file is upgraded when it is opened,
so for a file this only reports the version.
"""

from __future__ import annotations

from typing import Annotated

import typer

from aimlapi_veo_cli.errors import Session, guarded
from aimlapi_veo_cli.options import common, settings

journal_app = typer.Typer(
    name="journal", help="Look after the journal itself (schema migrations).", no_args_is_help=True
)


@journal_app.command()
@common
def migrate(
    ctx: typer.Context,
    target: Annotated[
        str | None,
        typer.Argument(
            help="a postgresql:// URL or an SQLite file [default: --journal, "
            "$AIMLAPI_VEO_JOURNAL or the user state directory]",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Create or upgrade the journal's schema to this version's; run once per shared journal,
    after stopping the workers of the older version."""
    from aimlapi_veo.journal import SCHEMA_VERSION, parse_target  # noqa: PLC0415 (start-up)
    from aimlapi_veo.journal.postgres import PostgresJournal  # noqa: PLC0415
    from aimlapi_veo.journal.sqlite import SQLiteJournal  # noqa: PLC0415
    from aimlapi_veo_cli.views import say  # noqa: PLC0415

    with guarded(Session(debug=settings(ctx).debug)):
        kind, where = parse_target(target or settings(ctx).journal)
        store = (
            PostgresJournal(where, migrate=True) if kind == "postgresql" else SQLiteJournal(where)
        )
        store.close()
        before = store.found_version
        if before == SCHEMA_VERSION:
            say(f"journal {store.location}: schema version {SCHEMA_VERSION}, nothing to do")
        else:
            say(f"journal {store.location}: schema version {before or 'none'} -> {SCHEMA_VERSION}")
