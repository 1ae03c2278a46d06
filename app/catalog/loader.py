"""Data folders -> one validated, immutable Catalog, plus a report of every problem.

A folder holds (all optional in a local formulary folder; the bundled folder needs the
first two):
    catalog.yaml        manifest: data version, date, disclaimer, licence
    side_effects.yaml   side-effect vocabulary (a local file adds or replaces terms)
    references/*.yaml   reference lists
    overview.yaml       the class overview (a local file replaces the bundled one)
    agents/*.yaml       one agent each; a later folder's agent replaces one with the same id

A bad file costs only itself: it is reported as `path:line:column: message` and skipped,
and everything else loads. Only a bundled folder that cannot supply a manifest and a
vocabulary is fatal.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from app.catalog.collector import collector_paused
from app.catalog.model import (
    Agent,
    Catalog,
    Manifest,
    Overview,
    Record,
    Reference,
    ReferenceList,
    SideEffect,
    Vocabulary,
)
from app.catalog.parse_cache import ParseCache
from app.catalog.report import BUNDLED, FatalDataError, LoadResult, Problem
from app.catalog.validation import validate
from app.catalog.yamlsource import Loc, Located, YamlProblem, read_located

M = TypeVar("M", bound=Record)

_LOADER_FIELDS = ("origin", "replaces")


@dataclass
class _Folder:
    root: Path
    label: str  # "bundled" or the folder as given
    display: str  # how paths in messages start

    def show(self, path: Path) -> str:
        return str(Path(self.display) / path.relative_to(self.root))


@dataclass
class _Work:
    problems: list[Problem] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    cache: ParseCache | None = None
    progress: Callable[[int, int], object] | None = None
    agent_files: int = 0
    agent_files_read: int = 0

    def agent_file_done(self) -> None:
        self.agent_files_read += 1
        if self.progress is not None:
            self.progress(self.agent_files_read, self.agent_files)

    def add(self, path: str, line: int, column: int, message: str) -> None:
        self.problems.append(Problem(path, line, column, message))


_PATTERN_HINTS = {
    "doi": "a DOI looks like 10.1097/AAP.0000000000000806 (no https://doi.org/ prefix)",
    "pmid": "a PMID is digits only",
    "url": "a URL starts with http:// or https://",
    "atc_codes": "an ATC code looks like N01AX03",
    "id": "ids use lower-case letters, digits and single hyphens or underscores, e.g. 'ketamine'",
}


#: pydantic's error types for a key the record does not have (models vs dataclasses).
_UNKNOWN_FIELD = ("extra_forbidden", "unexpected_keyword_argument")


def _describe(error: dict[str, Any]) -> str:
    loc = error["loc"]
    kind = error["type"]
    name = str(loc[-1]) if loc else ""
    where = ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in loc).replace(".[", "[")
    if kind in _UNKNOWN_FIELD:
        message = f"unknown field '{name}'"
        where = where.rsplit(".", 1)[0] if "." in where else ""
    elif kind == "missing":
        message = f"missing required field '{name}'"
        where = where.rsplit(".", 1)[0] if "." in where else ""
    else:
        message = error["msg"]
        if message.startswith("Value error, "):
            message = message[len("Value error, ") :]
        got = error.get("input")
        if kind == "string_pattern_mismatch":
            message = _PATTERN_HINTS.get(name, _PATTERN_HINTS["id"])
        if kind in ("enum", "literal_error", "string_pattern_mismatch") and isinstance(got, str):
            message += f" (got '{got}')"
    return f"{where}: {message}" if where else message


def _validate(model: type[M], located: Located, display: str, work: _Work) -> M | None:
    try:
        return validate(model, located.data)
    except ValidationError as exc:
        _report_invalid(exc, located, display, work)
        return None


def _report_invalid(exc: ValidationError, located: Located, display: str, work: _Work) -> None:
    # Not inline in _validate: an error from a field's own check carries that ValueError, whose
    # traceback holds _validate's frame; a local there naming the error would close a cycle
    # keeping the file's data and nodes alive until the collector (paused for a load) runs.
    for error in exc.errors(include_url=False):
        loc: Loc = tuple(error["loc"])
        line, column = located.position(loc, key=error["type"] in _UNKNOWN_FIELD)
        work.add(display, line, column, _describe(error))


def _read(path: Path, display: str, work: _Work) -> Located | None:
    try:
        return work.cache.read(path) if work.cache is not None else read_located(path)
    except YamlProblem as problem:
        work.add(display, problem.line, problem.column, problem.message)
        work.skipped.append(display)
        return None


def _yaml_files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        return []
    return sorted(
        p
        for p in directory.iterdir()
        if p.suffix in (".yaml", ".yml") and not p.name.startswith(".")
    )


def _load_document(
    path: Path, model: type[M], folder: _Folder, work: _Work
) -> tuple[M, Located] | None:
    display = folder.show(path)
    located = _read(path, display, work)
    if located is None:
        return None
    value = _validate(model, located, display, work)
    if value is None:
        work.skipped.append(display)
        return None
    return value, located


@dataclass
class _Merged:
    manifest: Manifest | None = None
    overview: tuple[Overview, Located, str] | None = None
    systems: dict[str, str] = field(default_factory=dict)
    effects: dict[str, SideEffect] = field(default_factory=dict)
    references: dict[str, Reference] = field(default_factory=dict)
    #: id -> every layer's (agent, where it was read, display path), bundled first
    agents: dict[str, list[tuple[Agent, Located, str]]] = field(default_factory=dict)


def _load_vocabulary(folder: _Folder, merged: _Merged, work: _Work) -> bool:
    path = folder.root / "side_effects.yaml"
    if not path.is_file():
        return False
    loaded = _load_document(path, Vocabulary, folder, work)
    if loaded is None:
        return False
    vocabulary, located = loaded
    display = folder.show(path)
    for system in vocabulary.body_systems:
        merged.systems[system.id] = system.label
    seen: set[str] = set()
    for i, effect in enumerate(vocabulary.side_effects):
        if effect.id in seen:
            work.add(
                display,
                *located.position(("side_effects", i, "id")),
                f"side effect '{effect.id}' is defined twice in this file",
            )
            continue
        seen.add(effect.id)
        if effect.system not in merged.systems:
            work.add(
                display,
                *located.position(("side_effects", i, "system")),
                f"unknown body system '{effect.system}' for side effect '{effect.id}'",
            )
            work.skipped.append(f"{display} (side effect {effect.id})")
            continue
        merged.effects[effect.id] = effect
    return True


def _load_references(folder: _Folder, merged: _Merged, work: _Work) -> None:
    first_seen: dict[str, str] = {}
    for path in _yaml_files(folder.root / "references"):
        loaded = _load_document(path, ReferenceList, folder, work)
        if loaded is None:
            continue
        references, located = loaded
        display = folder.show(path)
        for i, reference in enumerate(references.references):
            if reference.id in first_seen:
                work.add(
                    display,
                    *located.position(("references", i, "id")),
                    f"duplicate reference id '{reference.id}' (also in {first_seen[reference.id]})",
                )
                work.skipped.append(f"{display} (reference {reference.id})")
                continue
            first_seen[reference.id] = display
            merged.references[reference.id] = reference


def _load_agents(folder: _Folder, merged: _Merged, work: _Work) -> None:
    first_seen: dict[str, str] = {}
    for path in _yaml_files(folder.root / "agents"):
        work.agent_file_done()  # counted before reading, so a bad file still moves it on
        display = folder.show(path)
        located = _read(path, display, work)
        if located is None:
            continue
        written = [name for name in _LOADER_FIELDS if name in located.data]
        if written:
            for name in written:
                work.add(
                    display,
                    *located.position((name,), key=True),
                    f"field '{name}' is set by the app and cannot be written in data",
                )
            work.skipped.append(display)
            continue
        agent = _validate(Agent, located, display, work)
        if agent is None:
            work.skipped.append(display)
            continue
        if agent.id in first_seen:
            work.add(
                display,
                *located.position(("id",)),
                f"duplicate agent id '{agent.id}' (also in {first_seen[agent.id]})",
            )
            work.skipped.append(display)
            continue
        first_seen[agent.id] = display
        layers = merged.agents.setdefault(agent.id, [])
        update: dict[str, Any] = {"origin": folder.label}
        if layers:
            update["replaces"] = layers[-1][0].origin
        layers.append((agent.model_copy(update=update), located, display))


def _check_refs(
    refs: Iterable[str],
    loc: Loc,
    located: Located,
    display: str,
    known: dict[str, Reference],
    work: _Work,
) -> bool:
    ok = True
    for i, ref in enumerate(refs):
        if ref not in known:
            close = difflib.get_close_matches(ref, list(known), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            work.add(display, *located.position((*loc, i)), f"unknown reference id '{ref}'{hint}")
            ok = False
    return ok


def _refs_in(data: dict[str, Any]) -> list[tuple[Loc, list[str]]]:
    """Every `refs` list in a file's (already validated) data, with its location, in file order.

    Walks the plain parsed data rather than the models: same lists, a fraction of the cost.
    """
    found: list[tuple[Loc, list[str]]] = []
    _collect_refs(data, (), found)
    return found


def _collect_refs(value: dict[Any, Any] | list[Any], loc: Loc, found: list[Any]) -> None:
    # Plain dicts, lists and scalars (from yamlsource or the parse cache), so exact type tests
    # do. Not a closure: one that calls itself is a reference cycle, which would keep every
    # file's list alive until the collector (paused during a load) next runs.
    if type(value) is dict:
        for key, child in value.items():
            kind = type(child)
            if kind is list and key == "refs":
                found.append(((*loc, key), [str(ref).strip() for ref in child]))
            elif kind is dict or kind is list:
                _collect_refs(child, (*loc, key), found)
    else:
        for i, child in enumerate(value):
            kind = type(child)
            if kind is dict or kind is list:
                _collect_refs(child, (*loc, i), found)


def _cross_check_agent(
    agent: Agent, located: Located, display: str, merged: _Merged, work: _Work
) -> bool:
    ok = True
    listed: dict[str, int] = {}
    for i, adverse in enumerate(agent.adverse_effects):
        where = ("adverse_effects", i, "effect")
        if adverse.effect not in merged.effects:
            close = difflib.get_close_matches(adverse.effect, list(merged.effects), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            work.add(
                display,
                *located.position(where),
                f"unknown side-effect id '{adverse.effect}'{hint}",
            )
            ok = False
        elif adverse.effect in listed:
            first_line = located.position(("adverse_effects", listed[adverse.effect]))[0]
            work.add(
                display,
                *located.position(where),
                f"side effect '{adverse.effect}' is listed twice (first on line {first_line})",
            )
            ok = False
        else:
            listed[adverse.effect] = i
    for loc, refs in _refs_in(located.data):
        ok &= _check_refs(refs, loc, located, display, merged.references, work)
    return ok


def _folders(bundled: Path | None, local: Sequence[Path]) -> list[_Folder]:
    folders = []
    if bundled is not None:
        folders.append(_Folder(bundled, BUNDLED, str(bundled)))
    folders.extend(_Folder(p, str(p), str(p)) for p in local)
    return folders


def load_catalog(
    bundled: Path | None,
    local: Sequence[Path] = (),
    *,
    cache: ParseCache | None = None,
    progress: Callable[[int, int], object] | None = None,
) -> LoadResult:
    """Load the bundled folder (None: local folders alone) and layer `local` folders on top.

    Raises FatalDataError only when the base data cannot give a manifest and a vocabulary.
    `cache` reuses earlier parses of byte-identical files (see parse_cache.py).
    `progress(done, total)` is called as each agent file is taken up (a large local formulary
    takes seconds to validate; the window shows how far it has got).
    """
    work = _Work(cache=cache, progress=progress)
    try:
        # Parsing makes a node, two marks and a value for every item of every file; the cyclic
        # collector would walk all that again and again as it is made (5,000 agents: about
        # 40% of the load), yet a load leaves no cyclic garbage.
        with collector_paused():
            return _load(bundled, local, work)
    finally:
        if cache is not None:
            cache.save()


def _load(bundled: Path | None, local: Sequence[Path], work: _Work) -> LoadResult:
    merged = _Merged()
    folders = _folders(bundled, local)
    base = folders[0] if folders else None
    if base is None:
        raise FatalDataError("no data folder given")
    if not base.root.is_dir():
        raise FatalDataError(f"{base.display}: data folder not found or not a folder")
    work.agent_files = sum(len(_yaml_files(f.root / "agents")) for f in folders)
    for index, folder in enumerate(folders):
        if index and not folder.root.is_dir():
            work.add(folder.display, 1, 1, "data folder not found or not a folder")
            work.skipped.append(folder.display)
            continue
        manifest_path = folder.root / "catalog.yaml"
        if manifest_path.is_file():
            loaded = _load_document(manifest_path, Manifest, folder, work)
            if loaded is not None and merged.manifest is None:
                merged.manifest = loaded[0]
        _load_vocabulary(folder, merged, work)
        _load_references(folder, merged, work)
        overview_path = folder.root / "overview.yaml"
        if overview_path.is_file():
            loaded_overview = _load_document(overview_path, Overview, folder, work)
            if loaded_overview is not None:
                merged.overview = (*loaded_overview, folder.show(overview_path))
        _load_agents(folder, merged, work)

    if merged.manifest is None:
        raise FatalDataError(_fatal_message(base, "catalog.yaml", work))
    if not merged.effects:
        raise FatalDataError(_fatal_message(base, "side_effects.yaml", work))

    agents = []
    for layers in merged.agents.values():
        # The top layer that passes its cross-checks wins: a broken local replacement leaves the
        # entry beneath it in place (reported, never silently gone), as a broken file does.
        valid = []
        for agent, located, display in layers:
            if _cross_check_agent(agent, located, display, merged, work):
                valid.append(agent)
            else:
                work.skipped.append(display)
        if valid:
            agents.append(valid[-1])
    overview = None
    if merged.overview is not None:
        candidate, located, display = merged.overview
        # Every refs list is checked, not only up to the first bad one: each problem is reported.
        ok = all([
            _check_refs(refs, loc, located, display, merged.references, work)
            for loc, refs in _refs_in(located.data)
        ])
        overview = candidate if ok else None
        if not ok:
            work.skipped.append(display)

    systems = [{"id": k, "label": v} for k, v in merged.systems.items()]
    used_systems = {e.system for e in merged.effects.values()}
    vocabulary = validate(
        Vocabulary,
        {
            "body_systems": [s for s in systems if s["id"] in used_systems],
            "side_effects": list(merged.effects.values()),
        },
    )
    agents.sort(key=lambda a: (a.name.casefold(), a.id))
    catalog = Catalog(
        manifest=merged.manifest,
        agents=tuple(agents),
        vocabulary=vocabulary,
        references=tuple(merged.references.values()),
        overview=overview,
    )
    return LoadResult(
        catalog,
        tuple(work.problems),
        tuple(dict.fromkeys(work.skipped)),
        tuple(f.display for f in folders[1:]),
    )


def _fatal_message(base: _Folder, name: str, work: _Work) -> str:
    what = "the bundled data" if base.label == BUNDLED else "the first data folder"
    lines = [f"{Path(base.display) / name}: missing or unreadable; {what} must provide it"]
    lines += [str(p) for p in work.problems if p.path.endswith(name)]
    return "\n".join(lines)
