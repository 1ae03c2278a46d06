import subprocess
import sys

from tests.conftest import REPO

BLOCK_QT = """
import sys
class BlockQt:
    def find_spec(self, name, path=None, target=None):
        if name == "PySide6" or name.startswith("PySide6."):
            raise ImportError("Qt is blocked in this test")
sys.meta_path.insert(0, BlockQt())
import app.catalog, app.catalog.query, app.catalog.loader, app.catalog.model
import app.catalog.render, app.catalog.parse_cache, app.catalog.local_sources, app.catalog.report
import app.catalog.matrix, app.catalog.patient
import app.catalog.matrix_render, app.catalog.patient_render
from pathlib import Path
result = app.catalog.loader.load_catalog(Path("tests/fixtures/good"))
assert result.ok
assert not any(m.startswith("PySide6") for m in sys.modules)
print("qt-free")
"""


def test_catalog_imports_and_loads_with_qt_unimportable():
    run = subprocess.run(
        [sys.executable, "-c", BLOCK_QT], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "qt-free"
