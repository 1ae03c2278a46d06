"""Merging environment, --data-dir and Preferences folder lists: order kept, each folder once."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.catalog.local_sources import folder_key, merge_local_dirs

P = Path


@pytest.mark.parametrize(
    ("layers", "expected"),
    [
        pytest.param(([], [], []), [], id="nothing anywhere"),
        pytest.param(
            ([P("/srv/env")], [P("/srv/arg")], [P("/srv/pref")]),
            [P("/srv/env"), P("/srv/arg"), P("/srv/pref")],
            id="environment, then --data-dir, then Preferences",
        ),
        pytest.param(
            ([P("/srv/share")], [], [P("/srv/share")]),
            [P("/srv/share")],
            id="same folder in environment and Preferences: kept at its first place",
        ),
        pytest.param(
            ([P("/srv/a"), P("/srv/b")], [P("/srv/a")], []),
            [P("/srv/a"), P("/srv/b")],
            id="a repeat never moves a folder later",
        ),
        pytest.param(
            (["/srv/share/"], ["/srv/x/../share"], ["/srv//share"]),
            [P("/srv/share")],
            id="trailing slash, dot-dot and double slash are the same folder",
        ),
        pytest.param(
            (["", "  "], ["/srv/a"], []),
            [P("/srv/a")],
            id="blank entries are dropped",
        ),
    ],
)
def test_merge_table(layers, expected):
    assert merge_local_dirs(*layers) == expected


def test_relative_and_absolute_spellings_are_one_folder_and_the_first_spelling_is_kept(
    tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    assert merge_local_dirs([tmp_path / "share"], [P("share")], [P("./share/")]) == [
        tmp_path / "share"
    ]
    assert merge_local_dirs([P("share")], [tmp_path / "share"]) == [P("share")]


@pytest.mark.skipif(os.name != "nt", reason="letter case is significant on POSIX file systems")
def test_letter_case_is_ignored_on_windows():  # pragma: no cover - Windows only
    assert merge_local_dirs([P(r"\\pharmacy\NMDA")], [P(r"\\PHARMACY\nmda")]) == [
        P(r"\\pharmacy\NMDA")
    ]


@pytest.mark.skipif(os.name == "nt", reason="POSIX spelling")
def test_letter_case_matters_on_posix():
    assert merge_local_dirs([P("/srv/NMDA")], [P("/srv/nmda")]) == [P("/srv/NMDA"), P("/srv/nmda")]


_names = st.sampled_from(["a", "b", "c", "a/", "./a", "b/../a", "c/.", "d//e"])
_layer = st.lists(_names.map(lambda n: P("/srv") / n if not n.startswith(".") else P(n)))


@given(st.lists(_layer, max_size=4))
def test_merge_properties(layers):
    merged = merge_local_dirs(*layers)
    keys = [folder_key(f) for f in merged]
    everything = [f for layer in layers for f in layer]
    # Each folder once, nothing invented, nothing lost.
    assert len(keys) == len(set(keys))
    assert set(keys) == {folder_key(f) for f in everything}
    # Order of first appearance, first spelling.
    firsts = {}
    for f in everything:
        firsts.setdefault(folder_key(f), f)
    assert merged == list(firsts.values())
    # Merging again changes nothing.
    assert merge_local_dirs(merged) == merged
