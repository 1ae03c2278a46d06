"""A cache of parsed YAML, keyed by each file's exact bytes, so large formularies start fast.

Parsing YAML is most of the cost of loading thousands of agents. The cache stores only what
PyYAML made of a file (plain values) under the SHA-256 of the file's bytes: a changed file
has a new digest and is parsed afresh, so stale content can never be served. Validation and
cross-checks always run on every load; positions for error messages are recovered by parsing
again only when a problem needs them. Any trouble with the cache file just means a cold parse.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

import yaml

from app.catalog.yamlsource import Located, parse_located, read_bytes

_FORMAT = 1


class ParseCache:
    def __init__(self, directory: Path):
        self.file = directory / f"parsed-v{_FORMAT}-pyyaml{yaml.__version__}.pickle"
        self._entries: dict[str, tuple[bytes, Any]] | None = None
        self._dirty = False
        self.hits = 0
        self.misses = 0

    def _load(self) -> dict[str, tuple[bytes, Any]]:
        if self._entries is None:
            self._entries = {}
            with contextlib.suppress(Exception):  # missing, truncated or foreign: start empty
                entries = pickle.loads(self.file.read_bytes())
                if isinstance(entries, dict):
                    self._entries = entries
        return self._entries

    def read(self, path: Path) -> Located:
        """Like yamlsource.read_located, but reuses the parse of identical bytes."""
        raw = read_bytes(path)
        digest = hashlib.sha256(raw).digest()
        key = os.path.abspath(path)  # no syscalls; the digest, not the key, guards freshness
        entries = self._load()
        cached = entries.get(key)
        if cached is not None and cached[0] == digest:
            self.hits += 1
            return Located(cached[1], raw)
        self.misses += 1
        located = parse_located(raw)
        entries[key] = (digest, located.data)
        self._dirty = True
        return located

    def save(self) -> None:
        """Write the cache atomically, dropping entries for files that no longer exist."""
        if not self._dirty or self._entries is None:
            return
        entries = {k: v for k, v in self._entries.items() if os.path.exists(k)}
        with contextlib.suppress(OSError):
            self.file.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.file.parent, suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as out:
                    pickle.dump(entries, out, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(tmp, self.file)
            finally:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
        self._dirty = False
