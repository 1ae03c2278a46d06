"""Pausing the cyclic garbage collector while a load builds its objects (loader and snapshot)."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """A load creates up to hundreds of thousands of objects that live as long as the app;
    the cyclic garbage collector would walk all of them again and again while they are
    made (unpickling 5,000 agents: 580 ms with it, 330 ms without). None is garbage yet."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
