"""`veo batch FILE --status`: a batch file's progress, per worker (fleet.py; every journal
keeps the batch queue)."""

from __future__ import annotations

from aimlapi_veo.batch import BatchRow
from aimlapi_veo.fleet import batch_id, fleet_status
from aimlapi_veo_cli.clients import journal_of
from aimlapi_veo_cli.options import Settings
from aimlapi_veo_cli.views import print_table, say

OUTCOMES = ("saved", "skipped", "failed", "unknown", "timed out", "error")


def show_status(settings: Settings, rows: list[BatchRow]) -> None:
    """Rows by outcome, then one line per worker: rows it holds now and what it finished."""
    journal = journal_of(settings)
    try:
        totals, workers = fleet_status(journal, batch_id(rows))
    finally:
        journal.close()
    if not totals:
        say(f"{len(rows)} row(s); none queued yet in {journal.location}: no worker has started")
        return
    counted = ", ".join(f"{totals[name]} {name}" for name in ("open", *OUTCOMES) if totals[name])
    print(f"{sum(totals.values())} row(s): {counted}", flush=True)
    print_table(
        ("worker", "working", *OUTCOMES),
        [
            (
                worker.worker,
                str(worker.working),
                *(str(worker.outcomes.get(n, 0)) for n in OUTCOMES),
            )
            for worker in workers
        ],
    )
