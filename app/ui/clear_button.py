"""A line edit's clear button, set up when the reader first types rather than at start-up."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit


def clear_button_once_typed(line_edit: QLineEdit) -> None:
    """Give `line_edit` its clear (✕) button as soon as it first holds text.

    The button shows only while there is text, so nobody sees it arrive; setting it up loads
    its icon from the style, about 1 ms for the first line edit, which the first paint no
    longer waits for.
    """

    def offer(text: str) -> None:
        if text:
            line_edit.textChanged.disconnect(offer)
            line_edit.setClearButtonEnabled(True)

    line_edit.textChanged.connect(offer)
