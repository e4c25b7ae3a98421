"""`veo batch FILE --status`: a batch file's progress; on a shared journal, per worker of the
fleet (fleet.py)."""

from __future__ import annotations

from collections import Counter

from aimlapi_veo.batch import BatchRow, row_states
from aimlapi_veo.checks import check_base_url
from aimlapi_veo.fleet import batch_id, fleet_status
from aimlapi_veo.journal import JournalStore
from aimlapi_veo_cli.clients import journal_of
from aimlapi_veo_cli.options import DEFAULT_BASE_URL, Settings
from aimlapi_veo_cli.views import print_table

OUTCOMES = ("saved", "skipped", "failed", "unknown", "timed out", "error")


def show_status(settings: Settings, rows: list[BatchRow]) -> None:
    """Rows by outcome, then one line per worker: rows it holds now and what it finished."""
    journal = journal_of(settings)
    try:
        totals, workers = fleet_status(journal, batch_id(rows))
        if not totals:  # not queued as this file (yet): its rows' jobs, found by content
            _show_local(journal, rows, check_base_url(settings.base_url or DEFAULT_BASE_URL))
            return
    finally:
        journal.close()
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


def _show_local(journal: JournalStore, rows: list[BatchRow], base_url: str) -> None:
    """Rows no worker queued as this file: by state, as a rerun would find them."""
    totals = Counter(row_states(journal, rows, base_url))
    states = ("saved", "working", "open", "failed", "unknown")
    print(f"{len(rows)} row(s): " + ", ".join(f"{totals[s]} {s}" for s in states if totals[s]))
