"""Hatch build hook: the wheel ships the validated snapshot of its bundled data.

As build.spec does for the frozen app, a wheel build loads data/ once (parse, validate,
cross-check) and puts the result in the package as `app/bundled-snapshot.pickle`. The
installed app's first start, and every start on a PC whose user profile (and so its cache)
is wiped at log-off, then reads that instead of parsing the YAML with PyYAML and pydantic.

The snapshot is keyed by the app version, the Python that built it and every byte of the data
(app/catalog/snapshot.py `shipped_key`): installed by another Python, or with a data file
edited afterwards, it is simply not used. Editable installs read the checkout and get none.
A build stops if the bundled data has any problem, as the frozen build does.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class ShippedSnapshotHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        sys.path.insert(0, self.root)
        try:
            from app.catalog.snapshot import ship
            from app.paths import SHIPPED_SNAPSHOT_NAME
        finally:
            sys.path.remove(self.root)
        # Written outside the output folder, which should hold the wheel alone.
        self._folder = tempfile.TemporaryDirectory(prefix="nmda-ref-snapshot-")
        out = Path(self._folder.name) / SHIPPED_SNAPSHOT_NAME
        ship(Path(self.root) / "data", out)
        build_data["force_include"][str(out)] = f"app/{SHIPPED_SNAPSHOT_NAME}"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        folder = getattr(self, "_folder", None)
        if folder is not None:
            folder.cleanup()
