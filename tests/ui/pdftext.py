"""Read a PDF back as text with poppler's pdftotext (skip cleanly where it is missing)."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None,
    reason="pdftotext not installed (apt-get install poppler-utils): cannot read the PDF back",
)


def pdf_text(path: Path) -> str:
    """The PDF's text, NFKC-normalised: Qt's PDFs keep ligature glyphs ('ﬁ' -> 'fi')."""
    run = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return unicodedata.normalize("NFKC", run.stdout)
