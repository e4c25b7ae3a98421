"""`veo batch FILE --status`: a fleet's progress on one batch file, per worker (fleet.py)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from aimlapi_veo.batch import BatchRow
from aimlapi_veo.fleet import batch_id, fleet_status
from aimlapi_veo_cli.common import Connection, say

OUTCOMES = ("saved", "skipped", "failed", "unknown", "timed out", "error")


def show_status(connection: Connection, rows: list[BatchRow]) -> None:
    """Rows by outcome, then one line per worker: rows it holds now and what it finished."""
    journal = connection.open_journal()
    try:
        totals, workers = fleet_status(journal, batch_id(rows))
    finally:
        journal.close()
    if not totals:
        say(f"{len(rows)} row(s); none queued yet in {journal.location}: no worker has started")
        return
    counted = ", ".join(f"{totals[name]} {name}" for name in ("open", *OUTCOMES) if totals[name])
    print(f"{sum(totals.values())} row(s): {counted}", flush=True)
    table = Table("worker", "working", *OUTCOMES, box=None)
    for worker in workers:
        done = [str(worker.outcomes.get(name, 0)) for name in OUTCOMES]
        table.add_row(worker.worker, str(worker.working), *done)
    Console(soft_wrap=False, width=None if Console().is_terminal else 240).print(table)
