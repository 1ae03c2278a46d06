"""The Qt shell: windows and widgets over the pure core in app/catalog."""

from app.ui import pyside_source_scan

# Before any of the shell's modules import what they need: see pyside_source_scan's docstring.
pyside_source_scan.install()
