"""yamlsource: the resolver shortcut gives stock answers; positions found on request are exact."""

from __future__ import annotations

import json

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from app.catalog import yamlsource
from app.catalog.yamlsource import YamlProblem, parse_located

# Scalars the implicit resolvers treat specially (bool, null, int, float, timestamp, merge,
# value, yaml), near misses of them, and text starting with each of their first characters.
TRICKY = [
    "yes", "Yes", "YES", "no", "No", "NO", "y", "n", "on", "Off", "true", "False", "TRUE",
    "~", "null", "Null", "NULL", "nul", "", " ", "1", "-1", "+1", "0", "00", "0x1F", "0o17",
    "0b101", "1_000", "1:30", "190:20:30", "1e3", "1.0e+3", "-1.5E-3", ".5", "-.5", "+.inf",
    ".Inf", "-.INF", ".nan", ".NaN", ".NAN", ".", "-", "+", "2024-01-01", "2024-1-1",
    "2024-01-01T10:00:00Z", "2024-01-01 10:00:00.5 +01:00", "2024-13-45", "<<", "<", "=",
    "==", "!", "&", "*", "!x", "yesterday", "nothing", "true_ish", "0.5–1", "10 mg",
    "ketamine", "Ketamine", "_x", "é", "#", "'",
]
scalars = st.sampled_from(TRICKY) | st.text(max_size=12) | st.builds(
    str.__add__, st.sampled_from(TRICKY), st.text(max_size=4)
)


@settings(max_examples=2000, deadline=None)
@given(scalars, st.booleans(), st.booleans())
def test_the_resolver_shortcut_answers_as_the_stock_resolver_does(value, plain, quoted):
    loader = yamlsource._Loader("")
    stock = yamlsource._StockLoader("")
    implicit = (plain, quoted)
    expected = stock.resolve(ScalarNode, value, implicit)
    assert loader.resolve(ScalarNode, value, implicit) == expected
    assert loader.resolve(ScalarNode, value, implicit) == expected  # remembered, or not


@given(st.booleans())
def test_the_resolver_shortcut_answers_as_the_stock_resolver_does_for_collections(implicit):
    loader = yamlsource._Loader("")
    stock = yamlsource._StockLoader("")
    for kind in (MappingNode, SequenceNode):
        assert loader.resolve(kind, None, implicit) == stock.resolve(kind, None, implicit)


def test_the_shortcut_is_in_use():
    """Without it the tests above pass trivially; the safe loader has no path resolvers."""
    assert yamlsource._SHORTCUTS
    assert "resolve" in vars(yamlsource._Loader)


def test_typed_scalars_still_load_as_yaml_says():
    text = "a: yes\nb: ~\nc: 1e3\nd: .5\ne: 0x1F\nf: 2024-01-01\ng: '1'\nh: No\nj: ''\n"
    assert parse_located(text.encode()).data == yaml.safe_load(text)


# --- positions, worked out on request -------------------------------------------------------

# Leaves and keys are unique tokens, so each one's line:column can be read off the text.
tokens = st.integers(min_value=0, max_value=10**6).map(lambda i: f"t{i}")
documents = st.recursive(
    tokens,
    lambda children: st.lists(children, min_size=1, max_size=4)
    | st.dictionaries(tokens, children, min_size=1, max_size=4),
    max_leaves=15,
).filter(lambda v: isinstance(v, dict) and _unique(v))


def _unique(value, seen=None) -> bool:
    seen = set() if seen is None else seen
    items = value.items() if isinstance(value, dict) else enumerate(value)
    for key, child in items:
        for token in ([key] if isinstance(value, dict) else []) + (
            [child] if isinstance(child, str) else []
        ):
            if token in seen:
                return False
            seen.add(token)
        if isinstance(child, dict | list) and not _unique(child, seen):
            return False
    return True


def _where(text: str, token: str) -> tuple[int, int]:
    index = text.index(token)
    while text[index + len(token)].isdigit():  # t1 inside t12: look further on
        index = text.index(token, index + 1)
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _leaves(value, loc=()):
    items = value.items() if isinstance(value, dict) else enumerate(value)
    for key, child in items:
        if isinstance(value, dict):
            yield (*loc, key), key, True
        if isinstance(child, str):
            yield (*loc, key), child, False
        else:
            yield from _leaves(child, (*loc, key))


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(documents, st.booleans())
def test_each_value_and_key_is_found_where_the_text_has_it(document, flow):
    text = yaml.safe_dump(document, default_flow_style=flow, width=60)
    located = parse_located(text.encode())
    assert located.data == document
    for loc, token, is_key in _leaves(document):
        assert located.position(loc, key=is_key) == _where(text, token), (loc, token, text)
        # a path below a text value, or a key the file does not have: the nearest parent
        assert located.position((*loc, "missing"), key=is_key) == located.position(loc)


def test_a_problem_deeper_than_the_data_points_at_the_nearest_parent():
    located = parse_located(b"a:\n  b:\n    - x\n    - {c: 1}\nd: 2\n")
    assert located.position(("a", "b", 1, "c")) == (4, 11)
    assert located.position(("a", "b", 1, "c"), key=True) == (4, 8)
    assert located.position(("a", "b", 1, "nope")) == (4, 7)
    assert located.position(("a", "b", 5)) == (3, 5)
    assert located.position(("a", "b", 1)) == (4, 7)
    assert located.position(("zz",)) == (1, 1)
    assert located.position(()) == (1, 1)


def test_typed_keys_and_aliases_are_located_like_the_values_they_give():
    located = parse_located(b"base: &b\n  x: 1\nother: *b\n1: one\n~: yes\n2.5: x\n")
    assert located.data == {"base": {"x": 1}, "other": {"x": 1}, 1: "one", None: True, 2.5: "x"}
    assert located.position(("other", "x")) == (2, 6)  # the anchored node, where it is written
    assert located.position((1,), key=True) == (4, 1)
    assert located.position((None,), key=True) == (5, 1)
    assert located.position((2.5,)) == (6, 6)


def test_a_duplicate_key_names_the_line_of_the_first():
    text = b"a:\n  b: 1\n  c: 2\n  1: x\n  b: 3\n"
    try:
        parse_located(text)
    except YamlProblem as problem:
        assert (problem.line, problem.column, problem.message) == (
            5, 3, "duplicate key 'b' (first given on line 2)"
        )
    else:
        raise AssertionError("the repeated key was not reported")


def test_keys_equal_as_a_dict_sees_them_are_duplicates():
    try:
        parse_located(b"x: 0\n1: a\ny: 0\n1.0: b\n")
    except YamlProblem as problem:
        assert (problem.line, problem.column, problem.message) == (
            4, 1, "duplicate key '1.0' (first given on line 2)"
        )
    else:
        raise AssertionError("the repeated key was not reported")


# --- the limits hold exactly, also for text values built without a call ---------------------


def _problem(raw: bytes) -> tuple[int, int, str] | None:
    try:
        parse_located(raw)
    except YamlProblem as problem:
        return problem.line, problem.column, problem.message
    return None


def test_the_node_limit_counts_each_value_after_alias_expansion():
    # root 1, a: 1 + 999, b: 1 + 98 * 1000, c: 1, d: 1 + extra
    def document(extra: int) -> bytes:
        head = "a: &a [" + ", ".join(["x"] * 999) + "]\nb: [" + ", ".join(["*a"] * 98) + "]\n"
        tail = "c: t\nd: {" + ", ".join(f"k{i}: v" for i in range(extra)) + "}\n"
        return (head + tail).encode()

    assert yamlsource.MAX_NODES == 100_000
    assert _problem(document(996)) is None
    last = document(997).decode().splitlines()[-1]
    assert _problem(document(997)) == (
        4,
        last.rindex("v") + 1,
        "too many values after expanding aliases (limit 100,000); "
        "check anchors (&) and aliases (*)",
    )


def test_the_depth_limit_holds_for_text_values():
    def document(levels: int) -> bytes:  # a text value inside `levels` mappings
        return ("a: " + "{a: " * (levels - 1) + "x" + "}" * (levels - 1) + "\n").encode()

    assert yamlsource.MAX_DEPTH == 40
    assert _problem(document(40)) is None
    assert _problem(document(41)) == (1, 4 * 41, "nesting deeper than 40 levels")


# --- text that looks typed but is not: a located problem, never a crash of the whole load ---


def test_an_impossible_date_is_a_located_problem():
    assert _problem(b"name: X\nlast_reviewed: 2025-02-30\n") == (
        2, 16, "'2025-02-30' is not a valid date (day is out of range for month)"
    )
    assert _problem(b"2025-13-01: x\n") == (
        1, 1, "'2025-13-01' is not a valid date (month must be in 1..12)"
    )


def test_a_value_tagged_with_a_type_it_does_not_have_is_a_located_problem():
    assert _problem(b"a: 1\nb: !!int abc\n") == (2, 4, "'abc' is not a valid whole number")
    assert _problem(b"b: !!float x\n") == (1, 4, "'x' is not a valid number")
    assert _problem(b"b: !!timestamp soon\n") == (1, 4, "'soon' is not a valid date")
    assert _problem(b"b: !!bool maybe\n") == (1, 4, "'maybe' is not a valid yes/no value")
    assert _problem(b"b: !!int ''\n") == (1, 4, "'' is not a valid whole number")


tags = st.sampled_from(["", "!!int ", "!!float ", "!!bool ", "!!timestamp ", "!!null ", "!!str "])


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.tuples(tags, scalars, tags, scalars), min_size=1, max_size=4))
def test_tagged_or_typed_looking_text_never_raises_anything_but_a_located_problem(entries):
    lines = [
        f"{key_tag}{json.dumps(key)}: {tag}{json.dumps(value) if value else '2025-02-30'}"
        if i % 2 else f"{key_tag}k{i}: {tag}{value.strip() or 'x'}"
        for i, (key_tag, key, tag, value) in enumerate(entries)
    ]
    try:
        parse_located("\n".join(lines).encode())
    except YamlProblem as problem:
        assert problem.line >= 1 and problem.column >= 1 and problem.message
