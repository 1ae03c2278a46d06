"""A validated snapshot of the last load, so the window starts without PyYAML or pydantic.

Loading (parse the YAML, validate, cross-check, layer the folders) gives a LoadResult that
depends only on the bytes of the files read, the folders as named, and the code that reads
them. The snapshot keeps that result under a key made of all three, so a start whose key
matches can reuse it; any other start loads afresh and writes a new snapshot.

Stale data cannot be served: a changed byte, a YAML file added, removed or renamed, a folder
moved or unreadable, or another version of the app, Python, pydantic or PyYAML changes the
key. Problems are part of the result, so a broken local file is reported on every start,
not only on the first. Any trouble with the snapshot file just means a full load.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import sys

# The C unpickler alone: `pickle` adds its pure-Python pickler (0.4 MiB and ~2 ms at every
# start) that only a start which writes a new snapshot needs.
from _pickle import loads as unpickle
from collections.abc import Callable, Sequence
from pathlib import Path

import app
from app.catalog.collector import collector_paused
from app.catalog.report import LoadResult

try:  # CPython's own BLAKE2: hashlib would load OpenSSL's libcrypto (+4 MiB RSS at start-up)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - other Pythons
    from hashlib import blake2b

_FORMAT = 3  # 2: LoadResult.folders; 3: records pickle as a tuple of their values
_KEY_BYTES = 32
_YAML_SUFFIXES = (".yaml", ".yml")
#: Subfolders the loader reads, beside the top-level files (see loader.py).
_SUBFOLDERS = ("references", "agents")
#: Installed code whose behaviour shapes the result; found without importing it.
_LIBRARIES = ("pydantic", "pydantic_core", "yaml", "_yaml")


def load_catalog(
    bundled: Path,
    local: Sequence[Path],
    *,
    cache_dir: Path,
    shipped: Path | None = None,
    progress: Callable[[int, int], object] | None = None,
) -> LoadResult:
    """The same as loader.load_catalog(bundled, local), from a snapshot when one is current.

    `shipped` is the snapshot a build made of the bundled data alone (see `ship`); with no
    local folders it is used when it matches the bundled files, so even the first start after
    an install, or on a PC whose user profile is wiped at each log-off, needs no full load.
    Raises FatalDataError as loader.load_catalog does (a fatal load is never snapshotted).
    `progress` is passed to the full load when there is one (see loader.load_catalog).
    """
    folders = [bundled, *local]
    file = cache_dir / f"snapshot-v{_FORMAT}-{_folders_digest(folders)}.pickle"
    with collector_paused():
        if not local and shipped is not None and shipped.is_file():  # frozen builds and wheels
            result = _read(shipped, shipped_key(bundled))
            if result is not None:
                return result
        key = snapshot_key(folders)
        result = _read(file, key)
        if result is not None:
            return result
        from app.catalog.loader import load_catalog as load_afresh
        from app.catalog.parse_cache import ParseCache

        result = load_afresh(bundled, local, cache=ParseCache(cache_dir), progress=progress)
    _write(file, key, result)
    return result


def snapshot_key(folders: Sequence[Path]) -> bytes:
    """A digest of everything a load's result depends on (see the module docstring)."""
    return _digest((_FORMAT, app.__version__, sys.version, *_code_stamps()), folders)


def shipped_key(bundled: Path) -> bytes:
    """The key of a snapshot shipped with the app (see `ship`): as snapshot_key for the bundled
    folder alone, less what an install changes but the snapshot cannot depend on. The folder
    goes by its name, not where it was installed; the code is not stamped, because the
    snapshot is built from, and shipped inside, the very bundle that reads it. Every byte of
    the data is still part of it: an installed file edited afterwards is never served stale."""
    return _digest(("shipped", _FORMAT, app.__version__, sys.version), [bundled], relative=True)


def _digest(header: Sequence[object], folders: Sequence[Path], *, relative: bool = False) -> bytes:
    digest = blake2b(digest_size=_KEY_BYTES)

    def add(*parts: object) -> None:
        for part in parts:
            data = part if isinstance(part, bytes) else str(part).encode("utf-8", "surrogatepass")
            digest.update(len(data).to_bytes(8, "little"))
            digest.update(data)

    add(*header)
    for folder in folders:
        add("folder", "" if relative else folder)
        for sub in ("", *_SUBFOLDERS):
            directory = folder / sub if sub else folder
            for name, content in _files(directory):
                add(sub if relative else directory, name, content)
    return digest.digest()


def ship(bundled: Path, file: Path) -> None:
    """Write the snapshot of the bundled data alone that a build ships with the app.

    Run by build.spec, with the very Python, libraries and code the bundle carries. Refuses
    data with any problem: a shipped snapshot must be a clean load.
    """
    from app.catalog.loader import load_catalog as load_afresh

    result = load_afresh(bundled, [])
    if result.problems or result.skipped:
        listed = "\n".join(str(p) for p in result.problems)
        raise ValueError(f"the bundled data has problems; fix them before a build:\n{listed}")
    file.parent.mkdir(parents=True, exist_ok=True)
    _write(file, shipped_key(bundled), result)
    if _read(file, shipped_key(bundled)) != result:
        raise OSError(f"could not write a readable snapshot to {file}")


def _files(directory: Path) -> list[tuple[str, bytes]]:
    """Every non-hidden YAML file directly in `directory`, by name, with its bytes (or why not).

    Any YAML name, not only those the loader reads today; never other files, which a shared
    formulary folder may hold (a large PDF would otherwise be read on every start).
    """
    try:
        with os.scandir(directory) as entries:
            names = sorted(
                e.name
                for e in entries
                if not e.name.startswith(".") and e.name.endswith(_YAML_SUFFIXES)
            )
    except OSError as exc:
        return [("", f"unlistable: {exc.errno}".encode())]
    files = []
    for name in names:
        path = directory / name
        if path.is_dir():
            continue
        try:
            files.append((name, path.read_bytes()))
        except OSError as exc:
            files.append((name, f"unreadable: {exc.errno}".encode()))
    return files


def _code_stamps() -> list[str]:
    """Size and modification time of this app's loading code and the libraries it uses.

    A frozen app carries its code inside the executable, which is stamped instead.
    """
    paths = [Path(sys.executable)] if getattr(sys, "frozen", False) else []
    paths += sorted(Path(__file__).parent.glob("*.py"))
    for name in _LIBRARIES:
        with contextlib.suppress(ImportError, ValueError):
            spec = importlib.util.find_spec(name)
            if spec is not None and spec.origin:
                paths.append(Path(spec.origin))
    stamps = []
    for path in paths:
        try:
            stat = path.stat()
        except OSError:
            stamps.append(f"{path} missing")
        else:
            stamps.append(f"{path} {stat.st_size} {stat.st_mtime_ns}")
    return stamps


def _folders_digest(folders: Sequence[Path]) -> str:
    """Short name for one set of folders, so two configurations do not evict each other."""
    named = "\0".join(str(f) for f in folders).encode("utf-8", "surrogatepass")
    return blake2b(named, digest_size=8).hexdigest()


def _read(file: Path, key: bytes) -> LoadResult | None:
    try:
        data = file.read_bytes()
    except OSError:
        return None
    if data[:_KEY_BYTES] != key:
        return None
    try:
        result = unpickle(memoryview(data)[_KEY_BYTES:])
    except Exception:  # truncated or foreign: a full load replaces it
        return None
    return result if isinstance(result, LoadResult) else None


def _write(file: Path, key: bytes, result: LoadResult) -> None:
    """Write atomically; a cache that cannot be written only costs the next start time."""
    import pickle
    import tempfile

    with contextlib.suppress(OSError, pickle.PicklingError):
        file.parent.mkdir(parents=True, exist_ok=True)
        payload = key + pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        fd, tmp = tempfile.mkstemp(dir=file.parent, prefix=file.stem, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(payload)
            os.replace(tmp, file)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
