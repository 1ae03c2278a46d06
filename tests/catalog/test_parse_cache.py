from __future__ import annotations

import shutil

from app.catalog.loader import load_catalog
from app.catalog.parse_cache import ParseCache
from app.paths import user_cache_dir
from tests.catalog.test_loader import MALFORMED, expected_lines


def test_second_load_is_served_from_the_cache_with_identical_result(good_dir, tmp_path):
    first_cache = ParseCache(tmp_path / "cache")
    cold = load_catalog(good_dir, cache=first_cache)
    warm_cache = ParseCache(tmp_path / "cache")
    warm = load_catalog(good_dir, cache=warm_cache)
    assert first_cache.misses > 0 and first_cache.hits == 0
    assert warm_cache.hits == first_cache.misses and warm_cache.misses == 0
    assert warm.catalog == cold.catalog


def test_a_changed_file_is_never_served_stale(good_dir, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(good_dir, data)
    load_catalog(data, cache=ParseCache(tmp_path / "cache"))
    path = data / "agents" / "betamine.yaml"
    path.write_text(path.read_text().replace("name: Betamine", "name: Betamine v2"))
    cache = ParseCache(tmp_path / "cache")
    result = load_catalog(data, cache=cache)
    assert cache.misses == 1
    assert {a.name for a in result.catalog.agents} >= {"Betamine v2"}


def test_problems_keep_their_positions_when_parsed_data_comes_from_the_cache(good_dir, tmp_path):
    load_catalog(good_dir, [MALFORMED], cache=ParseCache(tmp_path / "cache"))
    cache = ParseCache(tmp_path / "cache")
    result = load_catalog(good_dir, [MALFORMED], cache=cache)
    assert cache.hits > 0
    assert sorted(str(p) for p in result.problems) == sorted(expected_lines(MALFORMED))


def test_a_corrupt_cache_file_means_a_cold_parse(good_dir, tmp_path):
    cache = ParseCache(tmp_path / "cache")
    cache.file.parent.mkdir(parents=True)
    cache.file.write_bytes(b"not a pickle")
    assert load_catalog(good_dir, cache=cache).ok
    assert cache.hits == 0


def test_user_cache_dir_follows_xdg_in_tests(fake_home):
    assert str(user_cache_dir()).startswith(str(fake_home))
