"""pydantic, used only where data is validated or dumped: reading YAML, `validate`, tests.

The records in model.py are plain dataclasses; pydantic builds a validator for each record
class from the field types (and their Limits/Check markers) the first time it is needed.
"""

from __future__ import annotations

from functools import cache
from typing import Any, TypeVar

from pydantic import TypeAdapter

R = TypeVar("R")


@cache
def adapter(record_class: type[R]) -> TypeAdapter[R]:
    return TypeAdapter(record_class)


def validate(record_class: type[R], data: Any) -> R:
    """The record read from plain data; raises pydantic.ValidationError."""
    return adapter(record_class).validate_python(data)


def dump(value: Any, **options: Any) -> Any:
    """Plain data for a record, e.g. `dump(catalog, mode="json", by_alias=True)`."""
    return adapter(type(value)).dump_python(value, **options)
