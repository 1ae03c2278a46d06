"""The first share of the window's width between the filter dock, the agent list and the
monograph (app/ui/pane_widths.py)."""

from hypothesis import given
from hypothesis import strategies as st

from app.ui.pane_widths import pane_widths

DOCK_MIN, LIST_MIN = 232, 260
widths = st.integers(min_value=300, max_value=8000)
minima = st.tuples(st.integers(0, 400), st.integers(0, 400))


def _before(width: int) -> tuple[int, int]:
    """The rule this replaced: the same at every width, so narrow windows squeezed the monograph."""
    return min(380, max(310, width // 5)), min(480, max(330, width // 4))


def test_default_and_wide_windows_keep_their_layout():
    assert pane_widths(1280, DOCK_MIN, LIST_MIN) == (310, 330)
    assert pane_widths(1600, DOCK_MIN, LIST_MIN) == (320, 400)
    assert pane_widths(1920, DOCK_MIN, LIST_MIN) == (380, 480)


def test_narrow_windows_give_the_monograph_more():
    assert pane_widths(1100, DOCK_MIN, LIST_MIN) == (266, 283)  # monograph 551, was 460
    assert pane_widths(1024, DOCK_MIN, LIST_MIN) == (260, 264)  # monograph 500, was 384
    assert pane_widths(910, DOCK_MIN, LIST_MIN) == (260, 260)  # monograph 390, was 270
    assert pane_widths(800, DOCK_MIN, LIST_MIN) == (260, 260)  # monograph 280, was 160


@given(widths, minima)
def test_panes_never_go_below_their_own_minimum(width, mins):
    dock, listing = pane_widths(width, *mins)
    assert dock >= mins[0] and listing >= mins[1]


@given(widths, widths)
def test_a_wider_window_never_gives_a_pane_less(a, b):
    narrow, wide = sorted((a, b))
    small = pane_widths(narrow, DOCK_MIN, LIST_MIN)
    large = pane_widths(wide, DOCK_MIN, LIST_MIN)
    assert small[0] <= large[0] and small[1] <= large[1]


@given(widths)
def test_the_monograph_never_gets_less_room_than_before(width):
    dock, listing = pane_widths(width, DOCK_MIN, LIST_MIN)
    assert width - dock - listing >= width - sum(_before(width))
