"""Where the journal's files go unless told otherwise: the user's state folder (platformdirs;
`~/.local/state/aimlapi-veo` on Linux). A module of its own so that `veo --help`, which prints
the default path, loads neither sqlite3 nor a store."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "aimlapi-veo"


def state_dir() -> Path:
    return Path(platformdirs.user_state_dir(APP_NAME))


def default_path() -> Path:
    """$AIMLAPI_VEO_JOURNAL, else `jobs.sqlite3` in the state folder."""
    override = os.environ.get("AIMLAPI_VEO_JOURNAL")
    if override:
        return Path(override)
    return state_dir() / "jobs.sqlite3"
