"""Read one YAML file safely, and say where in it any value came from when a problem needs it.

PyYAML's safe loader turns text into plain Python values but forgets positions, and it
expands aliases without limit and keeps the last of two equal keys without a word. We
compose the node graph (C parser where available) and build the values ourselves, so that
repeated keys are reported, alias expansion and nesting depth are bounded, and a value's
`line:column` can be found (to point schema errors at the right line).

Positions are worked out only when asked for: nearly every file is fine, and recording a
position and a path for each of its values cost more than building the values. A `Located`
keeps the file's bytes and, on the first question, composes them again and walks the nodes
along the value's path (see `Located.position`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

if TYPE_CHECKING:
    from pathlib import Path

MAX_FILE_BYTES = 1024 * 1024
MAX_DEPTH = 40
MAX_NODES = 100_000

_StockLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR_TAG = _StockLoader.DEFAULT_SCALAR_TAG

#: First characters for which PyYAML's implicit resolvers may give a plain scalar a type other
#: than text (bool, int, float, null, timestamp, merge, value, ...); '' is the empty scalar.
_MAY_BE_TYPED = frozenset(_StockLoader.yaml_implicit_resolvers)
#: The shortcuts below give the stock answers only without wildcard or path resolvers,
#: which the safe loader has none of; should that ever change, the stock methods are used.
_SHORTCUTS = None not in _MAY_BE_TYPED and not _StockLoader.yaml_path_resolvers


#: The stock resolver's answers for plain scalars it had to match against its patterns (the
#: answer depends on the text alone): the same words (`not_known`, `oral`, `true`, ids) come
#: back in every file. Bounded, short texts only.
_RESOLVED: dict[str, str] = {}
_RESOLVED_MAX = 4096  # a 5,000-agent load fills ~2,800; at most ~0.4 MiB
_RESOLVED_LENGTH = 40


class _Loader(_StockLoader):
    """The safe loader, with the stock resolver's answers found faster for the common cases.

    The C composer calls `resolve` (and descend/ascend_resolver) in Python for every node;
    the stock `resolve` tries each implicit resolver's pattern for the scalar's first
    character. A scalar whose first character no resolver is registered for, a quoted one and
    any collection get their default tag at once; any other text gets the stock method's
    answer, remembered.
    """

    if _SHORTCUTS:

        def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> str:
            if kind is ScalarNode:
                if implicit[0] and value[:1] in _MAY_BE_TYPED:
                    tag = _RESOLVED.get(value)
                    if tag is None:
                        tag = super().resolve(kind, value, implicit)
                        if len(value) <= _RESOLVED_LENGTH and len(_RESOLVED) < _RESOLVED_MAX:
                            _RESOLVED[value] = tag
                    return tag
                return _STR_TAG
            if kind is MappingNode:
                return self.DEFAULT_MAPPING_TAG
            if kind is SequenceNode:
                return self.DEFAULT_SEQUENCE_TAG
            return super().resolve(kind, value, implicit)

        # Path resolvers are all these track, and there are none.
        def descend_resolver(self, current_node: Any, current_index: Any) -> None:
            pass

        def ascend_resolver(self) -> None:
            pass


Loc = tuple[str | int, ...]


class YamlProblem(Exception):
    def __init__(self, line: int, column: int, message: str):
        super().__init__(message)
        self.line, self.column, self.message = line, column, message


class Located:
    """A file's values, and the position of any value (or mapping key) on request.

    `raw` is the file's bytes, which parsed without a problem; positions come from composing
    them again, once, only when a problem needs a line number. Values served from the parse
    cache are located the same way.
    """

    __slots__ = ("_nodes", "data", "raw")

    def __init__(self, data: Any, raw: bytes):
        self.data = data
        self.raw = raw
        self._nodes: tuple[Any, yaml.Node] | None = None

    def position(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """Best position for `loc`: the node itself, else its nearest located parent; with
        `key`, the mapping key that `loc` ends in, when there is one."""
        if self._nodes is None:
            self._nodes = _compose(_decode(self.raw))
        loader, node = self._nodes
        last = len(loc) - 1
        for depth, step in enumerate(loc):
            if isinstance(node, MappingNode):
                pair = _entry(loader, node, step)
                if pair is None:
                    break
                if key and depth == last:
                    return _mark(pair[0])
                node = pair[1]
            elif isinstance(node, SequenceNode) and step in range(len(node.value)):
                node = node.value[int(step)]
            else:
                break
        return _mark(node)


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _key(loader: Any, node: yaml.ScalarNode) -> Any:
    return node.value if node.tag == _STR_TAG else loader.construct_object(node)


def _entry(loader: Any, mapping: yaml.MappingNode, key: Any) -> tuple[Any, Any] | None:
    """The first (key node, value node) of `mapping` whose key equals `key` as a dict sees it."""
    for pair in mapping.value:
        found = _key(loader, pair[0])
        if found is key or found == key:
            return pair
    return None


def _kind(value: Any) -> str:
    return {dict: "a mapping", list: "a list", str: "text", type(None): "nothing"}.get(
        type(value), type(value).__name__
    )


class _Builder:
    """Plain values from the node graph, counting nodes (after alias expansion) and depth."""

    def __init__(self, loader: Any):
        self.loader = loader
        self.count = 0

    def build(self, node: yaml.Node, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise YamlProblem(
                *_mark(node),
                f"too many values after expanding aliases (limit {MAX_NODES:,}); "
                "check anchors (&) and aliases (*)",
            )
        if depth > MAX_DEPTH:
            raise YamlProblem(*_mark(node), f"nesting deeper than {MAX_DEPTH} levels")
        if isinstance(node, MappingNode):
            return self._mapping(node, depth)
        if isinstance(node, SequenceNode):
            return [self.build(item, depth + 1) for item in node.value]
        if node.tag == _STR_TAG:  # the common case, without the constructor's bookkeeping
            return node.value
        return self._construct(node)

    def _mapping(self, node: yaml.MappingNode, depth: int) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.__class__ is not ScalarNode:
                raise YamlProblem(*_mark(key_node), "a key must be plain text")
            if key_node.tag == _STR_TAG:
                key = key_node.value
            else:
                key = self._construct(key_node)
                if not isinstance(key, str | int | bool | float) and key is not None:
                    raise YamlProblem(*_mark(key_node), "a key must be plain text")
            if key in result:
                first = _entry(self.loader, node, key)[0]  # type: ignore[index]
                raise YamlProblem(
                    *_mark(key_node),
                    f"duplicate key '{key}' (first given on line {_mark(first)[0]})",
                )
            # Text values, most of them, without a call (the same count and depth limits)
            if (
                value_node.__class__ is ScalarNode
                and value_node.tag == _STR_TAG
                and depth < MAX_DEPTH
                and self.count < MAX_NODES
            ):
                self.count += 1
                result[key] = value_node.value
            else:
                result[key] = self.build(value_node, depth + 1)
        return result

    def _construct(self, node: yaml.Node) -> Any:
        """The typed value of a scalar; PyYAML's constructors raise plain Python errors for
        text that looks like a date or is tagged as a number but is none (2025-02-30,
        `!!int abc`), which would stop the whole load instead of costing only this file."""
        try:
            return self.loader.construct_object(node)
        except (ValueError, TypeError, AttributeError, LookupError, ArithmeticError) as exc:
            kind = node.tag.rsplit(":", 1)[-1]
            what = _TYPE_NAMES.get(kind, f"'{node.tag}' value")
            why = f" ({exc})" if kind == "timestamp" and isinstance(exc, ValueError) else ""
            raise YamlProblem(*_mark(node), f"'{node.value}' is not a valid {what}{why}") from None


_TYPE_NAMES = {
    "timestamp": "date",
    "int": "whole number",
    "float": "number",
    "bool": "yes/no value",
}


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
    text = _decode(raw)
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise YamlProblem(line, 1, "file contains a NUL character; is it a YAML text file?")
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        raise YamlProblem(1, 1, "file is empty")
    try:
        loader, node = _compose(text)
        if node is None:
            raise YamlProblem(1, 1, "file is empty")
        data = _Builder(loader).build(node, 0)
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
    if not isinstance(data, dict):
        raise YamlProblem(
            *_mark(node),
            f"top level must be a mapping of 'key: value' lines, found {_kind(data)}",
        )
    return Located(data, raw)


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise YamlProblem(
            line, column, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8"
        ) from None


def _compose(text: str) -> tuple[Any, yaml.Node | None]:
    """The loader (its constructor builds typed keys) and the document's root node."""
    loader = _Loader(text)
    return loader, loader.get_single_node()
