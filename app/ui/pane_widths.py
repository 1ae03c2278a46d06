"""How a window without a saved layout first shares its width between the side-effect filter
dock, the agent list and the monograph.

At the default 1280 px the dock and list take 310 + 330 px and the monograph about 640; wider
windows give the dock and list a little more. Narrower windows (a 1366 px laptop at 150 %
scaling is about 910 px wide) shrink the dock and list in the same proportion, though not below
260 px, where the longest side-effect names take two lines and the frequency choices, set
under their labels, still read whole; so the monograph keeps about 40 % of the window instead of
being squeezed to a few words per line.
"""

from __future__ import annotations

REFERENCE_WINDOW_WIDTH = 1280
DOCK_WIDTH = 310
LIST_WIDTH = 330
DOCK_MAX = 380
LIST_MAX = 480
#: Narrower, names such as "Psychotomimetic effects (2)" would wrap and the tree show few rows.
NARROW_DOCK_MIN = 260


def pane_widths(window_width: int, dock_min: int, list_min: int) -> tuple[int, int]:
    """(dock, list) widths in px for a window `window_width` px wide; the monograph gets the
    rest. `dock_min` and `list_min` are the panes' own minimum widths, which always win."""
    if window_width >= REFERENCE_WINDOW_WIDTH:
        dock = min(DOCK_MAX, max(DOCK_WIDTH, window_width // 5))
        listing = min(LIST_MAX, max(LIST_WIDTH, window_width // 4))
    else:
        dock = max(NARROW_DOCK_MIN, DOCK_WIDTH * window_width // REFERENCE_WINDOW_WIDTH)
        listing = LIST_WIDTH * window_width // REFERENCE_WINDOW_WIDTH
    return max(dock_min, dock), max(list_min, listing)
