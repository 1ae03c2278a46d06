"""PySide6 6.12.0 dropped a reference to None on every call of a void method; the interpreter
then aborts with `none_dealloc` after some thousands of calls. Catch any release that does it."""

import sys

from PySide6.QtWidgets import QLabel

CALLS = 20_000


def test_void_method_calls_keep_none_refcount(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    label.setText("warm up")  # any one-time caching happens before we count
    before = sys.getrefcount(None)
    for i in range(CALLS):
        label.setText("x" if i % 2 else "y")
    after = sys.getrefcount(None)
    # A leak of one reference per call would show as a fall of about CALLS; allow noise.
    assert after > before - CALLS // 10, f"refcount(None) fell from {before} to {after}"
