"""Helpers shared by the widget tests."""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def viewing(role: str | None) -> Iterator[None]:
    """Widgets created inside see the runtime role ``role`` ("student" / "teacher"), through the
    ``KIJKVERDER_VIEW`` override of :mod:`widgets.settings`; ``None`` leaves it unchanged."""
    if role is None:
        yield
        return
    old = os.environ.get("KIJKVERDER_VIEW")
    os.environ["KIJKVERDER_VIEW"] = role
    try:
        yield
    finally:
        if old is None:
            del os.environ["KIJKVERDER_VIEW"]
        else:
            os.environ["KIJKVERDER_VIEW"] = old
