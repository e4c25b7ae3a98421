"""The async client is generated from the sync one; the generator refuses to guess."""

from __future__ import annotations

import pytest
from make_async import SOURCE, TARGET, translate


def test_async_client_is_what_the_sync_client_makes() -> None:
    """A hand edit to async_client.py, or a client.py change without `make async-twin`, fails."""
    assert TARGET.read_text(encoding="utf-8") == translate(SOURCE.read_text(encoding="utf-8"))


def test_a_rule_that_no_longer_matches_stops_the_generator() -> None:
    """If client.py changes under a rule, the twin is not written half-translated."""
    source = SOURCE.read_text(encoding="utf-8").replace(
        "response.iter_bytes()", "response.iter_raw()"
    )
    with pytest.raises(SystemExit, match="matched nothing"):
        translate(source)
