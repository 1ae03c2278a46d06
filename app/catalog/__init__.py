"""Qt-free core: what the data is (model), how it is read (loader), queried (query) and rendered."""

from app.catalog.loader import FatalDataError, LoadResult, load_catalog
from app.catalog.model import Agent, Catalog, FrequencyBand
from app.catalog.yamlsource import Problem

__all__ = [
    "Agent",
    "Catalog",
    "FatalDataError",
    "FrequencyBand",
    "LoadResult",
    "Problem",
    "load_catalog",
]
