"""Read one YAML file safely and remember where every value came from.

PyYAML's safe loader turns text into plain Python values but forgets positions, and it
expands aliases without limit and keeps the last of two equal keys without a word. We
compose the node graph (C parser where available) and build the values ourselves, so that:
each value's `line:column` is known (to point schema errors at the right line), repeated
keys are reported, and alias expansion and nesting depth are bounded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

MAX_FILE_BYTES = 1024 * 1024
MAX_DEPTH = 40
MAX_NODES = 100_000

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Loc = tuple[str | int, ...]


class YamlProblem(Exception):
    def __init__(self, line: int, column: int, message: str):
        super().__init__(message)
        self.line, self.column, self.message = line, column, message


@dataclass
class Located:
    """A file's values plus the position of each value (and of each mapping key).

    Values served from the parse cache come without positions; `reparse` recovers them,
    only when a problem needs a line number.
    """

    data: Any
    values: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    reparse: Callable[[], Located] | None = None

    def position(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """Best position for `loc`: the node itself, else its nearest located parent."""
        if self.reparse is not None and not self.values:
            full = self.reparse()
            self.values, self.keys, self.reparse = full.values, full.keys, None
        if key and loc in self.keys:
            return self.keys[loc]
        while loc:
            if loc in self.values:
                return self.values[loc]
            loc = loc[:-1]
        return self.values.get((), (1, 1))


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _kind(value: Any) -> str:
    return {dict: "a mapping", list: "a list", str: "text", type(None): "nothing"}.get(
        type(value), type(value).__name__
    )


class _Builder:
    def __init__(self, loader: Any):
        self.loader = loader
        self.count = 0
        self.out = Located(data=None)

    def build(self, node: yaml.Node, loc: Loc, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise YamlProblem(
                *_mark(node),
                f"too many values after expanding aliases (limit {MAX_NODES:,}); "
                "check anchors (&) and aliases (*)",
            )
        if depth > MAX_DEPTH:
            raise YamlProblem(*_mark(node), f"nesting deeper than {MAX_DEPTH} levels")
        self.out.values.setdefault(loc, _mark(node))
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise YamlProblem(*_mark(key_node), "a key must be plain text")
                key = self.loader.construct_object(key_node)
                if not isinstance(key, str | int | bool | float) and key is not None:
                    raise YamlProblem(*_mark(key_node), "a key must be plain text")
                if key in result:
                    first = self.out.keys.get((*loc, key), ("?", "?"))
                    raise YamlProblem(
                        *_mark(key_node), f"duplicate key '{key}' (first given on line {first[0]})"
                    )
                self.out.keys[(*loc, key)] = _mark(key_node)
                result[key] = self.build(value_node, (*loc, key), depth + 1)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*loc, i), depth + 1) for i, item in enumerate(node.value)]
        if node.tag == _STR_TAG:  # the common case, without the constructor's bookkeeping
            return node.value
        return self.loader.construct_object(node)


_STR_TAG = "tag:yaml.org,2002:str"


def read_bytes(path: Path) -> bytes:
    """The file's bytes; raise YamlProblem when it is too large or unreadable."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise YamlProblem(1, 1, f"file is larger than the 1 MiB limit ({size:,} bytes)")
        return path.read_bytes()
    except OSError as exc:
        raise YamlProblem(1, 1, f"cannot read file: {exc.strerror or exc}") from exc


def read_located(path: Path) -> Located:
    """Parse `path`; raise YamlProblem for anything that stops the file from being read."""
    return parse_located(read_bytes(path))


def parse_located(raw: bytes) -> Located:
    if len(raw) > MAX_FILE_BYTES:
        raise YamlProblem(1, 1, f"file is larger than the 1 MiB limit ({len(raw):,} bytes)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise YamlProblem(
            line, column, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8"
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise YamlProblem(line, 1, "file contains a NUL character; is it a YAML text file?")
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        raise YamlProblem(1, 1, "file is empty")
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise YamlProblem(1, 1, "file is empty")
        builder = _Builder(loader)
        data = builder.build(node, (), 0)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or exc.context or "cannot be parsed"
        if exc.problem and exc.context and exc.context_mark and exc.context_mark is not mark:
            what += f" ({exc.context} that started on line {exc.context_mark.line + 1})"
        raise YamlProblem(line, column, f"YAML syntax error: {what}") from None
    except yaml.YAMLError as exc:
        raise YamlProblem(1, 1, f"YAML error: {exc}") from None
    except RecursionError:
        raise YamlProblem(1, 1, f"nesting deeper than {MAX_DEPTH} levels") from None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise YamlProblem(
            *builder.out.values.get((), (1, 1)),
            f"top level must be a mapping of 'key: value' lines, found {_kind(data)}",
        )
    builder.out.data = data
    return builder.out
