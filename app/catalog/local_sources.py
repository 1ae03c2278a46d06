"""Which local formulary folders to layer, in which order, each once.

Folders come from three places, read in this order (a later folder's agent replaces an
earlier one with the same id):
    1. the NMDA_REF_DATA_DIRS environment variable (machine-wide deployments),
    2. `--data-dir` on the command line (a desktop shortcut),
    3. the folders a user saved in Preferences.

The same folder is often named twice in different spellings: a relative `--data-dir` in a
shortcut and the absolute path in the environment, a trailing slash, `..`, or another letter
case on Windows. Loading it twice would report every problem twice and make its monograph
claim to "replace the entry from" itself, so it is kept once, at its first position and in
its first spelling (which messages then show). The comparison is on the text of the path
only: resolving links would touch the disk, and an unreachable network share can block for
a long time. The price: `link/../x` counts as `x` even when `link` is a symbolic link to
somewhere else, which no deployment has reason to write.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path


def folder_key(folder: Path | str) -> str:
    """The spelling-independent identity of a folder path (absolute, normalised, case as the OS)."""
    return os.path.normcase(os.path.normpath(os.path.abspath(folder)))


def merge_local_dirs(*layers: Iterable[Path | str]) -> list[Path]:
    """All folders of all layers in order, blanks dropped, each folder once at its first place."""
    merged: dict[str, Path] = {}
    for layer in layers:
        for folder in layer:
            if not str(folder).strip():
                continue
            merged.setdefault(folder_key(folder), Path(folder))
    return list(merged.values())


__all__ = ["folder_key", "merge_local_dirs"]
