"""Where the id of a paid generation goes when the journal cannot take it.

A line is appended to the first of these folders that takes it: the journal's own folder, the
user's state folder, the current folder, the temporary folder. The caller names the file in its
message, logs it, and puts it on the exception, so the id reaches the user on three roads.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

FALLBACK_NAME = "aimlapi-veo-unjournaled-ids.txt"


def candidates(location: str) -> list[Path]:
    from aimlapi_veo.journal.paths import state_dir  # noqa: PLC0415 (platformdirs: rare path)

    # Beside a journal file: not beside a URL (postgresql://, or SQLite's file: URI form).
    folders = [] if location.startswith("file:") or "://" in location else [Path(location).parent]
    folders += [state_dir(), Path.cwd()]
    folders.append(Path(tempfile.gettempdir()))
    return [folder / FALLBACK_NAME for folder in folders]


def save_unjournaled(
    generation_id: str, base_url: str, label: str | None, location: str
) -> Path | None:
    """Append `<UTC time> <id> <base URL> <label>` to the first file that takes it."""
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    line = f"{stamp}\t{generation_id}\t{base_url}\t{label or ''}\n"
    for path in candidates(location):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8") as handle:
                handle.write(line)
        except OSError:
            continue
        return path
    return None
