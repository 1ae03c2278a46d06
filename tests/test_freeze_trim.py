"""What build.spec keeps of Qt: the platform plugins the app needs stay, the rest goes."""

from __future__ import annotations

import sys

import pytest

from tests.conftest import REPO

sys.path.insert(0, str(REPO / "tools"))
from freeze_trim import drop_dangling_symlinks, keep_plugin, strip_symbols, trim_datas

PLUGINS = "PySide6/Qt/plugins"


@pytest.mark.parametrize(
    "dest",
    [
        f"{PLUGINS}/platforms/libqxcb.so",
        f"{PLUGINS}/platforms/libqwayland.so",
        f"{PLUGINS}/platforms/libqoffscreen.so",
        f"{PLUGINS}/platforms/qwindows.dll",
        f"{PLUGINS}/platforms/libqcocoa.dylib",
        f"{PLUGINS}/xcbglintegrations/libqxcb-glx-integration.so",
        f"{PLUGINS}/wayland-shell-integration/libxdg-shell.so",
        f"{PLUGINS}/wayland-decoration-client/libbradient.so",
        f"{PLUGINS}/platforminputcontexts/libcomposeplatforminputcontextplugin.so",
        f"{PLUGINS}/platformthemes/libqxdgdesktopportal.so",
        f"{PLUGINS}/imageformats/libqsvg.so",
        f"{PLUGINS}/iconengines/libqsvgicon.so",
        f"{PLUGINS}/printsupport/libcupsprintersupport.so",
        "PySide6/plugins/platforms/qwindows.dll",  # the Windows wheel's layout
        "PySide6/plugins/styles/qmodernwindowsstyle.dll",
        "PySide6/Qt/lib/libQt6Gui.so.6",  # not a plugin: libraries are judged by links
        "data/agents/ketamine.yaml",
    ],
)
def test_kept(dest):
    assert keep_plugin(dest)


@pytest.mark.parametrize(
    "dest",
    [
        f"{PLUGINS}/platforms/libqeglfs.so",
        f"{PLUGINS}/platforms/libqlinuxfb.so",
        f"{PLUGINS}/platforms/libqvnc.so",
        f"{PLUGINS}/platformthemes/libqgtk3.so",
        f"{PLUGINS}/platforminputcontexts/libqtvirtualkeyboardplugin.so",
        f"{PLUGINS}/imageformats/libqpdf.so",
        f"{PLUGINS}/imageformats/libqjpeg.so",
        f"{PLUGINS}/tls/libqopensslbackend.so",
        f"{PLUGINS}/networkinformation/libqnetworkmanager.so",
        f"{PLUGINS}/sqldrivers/libqsqlite.so",
        f"{PLUGINS}/generic/libqevdevmouseplugin.so",
        f"{PLUGINS}/egldeviceintegrations/libqeglfs-kms-integration.so",
        f"{PLUGINS}/wayland-graphics-integration-server/libqt-wayland-compositor-wayland-egl.so",
        f"{PLUGINS}/qmltooling/libqmldbg_tcp.so",
        "PySide6/plugins/sqldrivers/qsqlite.dll",
        "PySide6/plugins/imageformats/qjpeg.dll",
    ],
)
def test_dropped(dest):
    assert not keep_plugin(dest)


def test_translations_go_and_app_data_stays():
    datas = [
        ("PySide6/Qt/translations/qtbase_de.qm", "/x/qtbase_de.qm", "DATA"),
        ("PySide6/translations/qtbase_fr.qm", "/x/qtbase_fr.qm", "DATA"),
        ("data/catalog.yaml", "/r/data/catalog.yaml", "DATA"),
        ("resources/icons/nmda-ref.svg", "/r/resources/icons/nmda-ref.svg", "DATA"),
    ]
    kept = [d[0] for d in trim_datas(datas)]
    assert kept == ["data/catalog.yaml", "resources/icons/nmda-ref.svg"]


def test_links_to_dropped_libraries_go():
    kept = [("PySide6/Qt/lib/libQt6Gui.so.6", "/x/libQt6Gui.so.6", "BINARY")]
    toc = [
        *kept,
        ("libQt6Gui.so.6", "PySide6/Qt/lib/libQt6Gui.so.6", "SYMLINK"),
        ("libQt6Network.so.6", "PySide6/Qt/lib/libQt6Network.so.6", "SYMLINK"),
    ]
    assert [e[0] for e in drop_dangling_symlinks(toc, kept)] == [
        "PySide6/Qt/lib/libQt6Gui.so.6",
        "libQt6Gui.so.6",
    ]


def test_the_app_and_its_bare_baseline_strip_alike():
    # Both specs ask strip_symbols(): a stripped app beside an unstripped bare window once made
    # the app look 0.97x the bare's size when, frozen alike, it is about 1.16x.
    assert strip_symbols() is sys.platform.startswith("linux")
    assert strip_symbols(debug=True) is False
    for spec in ("build.spec", "tests/perf/bare_window.spec"):
        text = (REPO / spec).read_text(encoding="utf-8")
        assert "strip_symbols(" in text and "strip=STRIP" in text, spec
        assert "module_collection_mode=MODULE_COLLECTION_MODE" in text, spec
