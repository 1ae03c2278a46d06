"""What loading the data produced: the catalog, every located problem, what was left out.

Kept free of PyYAML and pydantic so that a start from the validated snapshot (snapshot.py)
can hand the window a LoadResult without importing the machinery that made it.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.catalog.model import Catalog

#: The `origin` of agents from the app's own data folder.
BUNDLED = "bundled"


class FatalDataError(Exception):
    """The bundled data cannot be used at all; the message says what and where."""


@dataclass(frozen=True, order=True)
class Problem:
    """One located problem, shown to users exactly as `str(problem)`."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


@dataclass(frozen=True)
class LoadResult:
    catalog: Catalog
    problems: tuple[Problem, ...]
    #: Files or entries left out because of a problem (display paths, possibly with an id).
    skipped: tuple[str, ...]
    #: The local folders layered on the base data, in order, as given.
    folders: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems
