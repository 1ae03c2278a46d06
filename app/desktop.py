"""`nmda-ref --install-desktop-entry`: put the app in the Linux launcher for this user.

Writes a freedesktop .desktop entry and the hicolor icons under $XDG_DATA_HOME (default
~/.local/share), with Exec pointing at the program that ran this command — the frozen
executable, or the installed `nmda-ref` script. No root, no Qt, nothing outside that folder.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from app.paths import FROZEN, resource

APP_ID = "nmda-ref"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def data_home(env: dict[str, str] | None = None) -> Path:
    env = dict(os.environ) if env is None else env
    value = env.get("XDG_DATA_HOME", "")
    # The spec says a relative value is invalid and must be ignored.
    if value and Path(value).is_absolute():
        return Path(value)
    return Path(env.get("HOME") or Path.home()) / ".local" / "share"


def launch_command() -> list[str]:
    """The command that starts this same installation of the app."""
    if FROZEN:
        return [str(Path(sys.executable).resolve())]
    # Not resolved: a venv's python is a symlink, and following it would leave the venv.
    python = Path(os.path.abspath(sys.executable))
    beside = python.with_name(APP_ID)  # the gui-script pip put beside this interpreter
    if beside.is_file():
        return [str(beside)]
    script = shutil.which(APP_ID)
    if script:
        return [os.path.abspath(script)]
    return [str(python), "-m", "app"]


def quote_exec_arg(arg: str) -> str:
    """Quote one argument for a desktop entry's Exec key (Desktop Entry Specification)."""
    arg = arg.replace("%", "%%")
    if not any(ch in arg for ch in " \t\n\"'\\><~|&;$*?#()`="):
        return arg
    escaped = "".join("\\" + ch if ch in '"`$\\' else ch for ch in arg)
    return f'"{escaped}"'


def desktop_entry_text(command: list[str]) -> str:
    exec_line = " ".join(quote_exec_arg(arg) for arg in command)
    lines = []
    for line in resource("nmda-ref.desktop").read_text(encoding="utf-8").splitlines():
        if line.startswith("Exec="):
            line = f"Exec={exec_line}"
            lines.append(line)
            lines.append(f"TryExec={quote_exec_arg(command[0])}")
            continue
        lines.append(line)
    return "\n".join(lines) + "\n"


def install_desktop_entry(
    target: Path | None = None, command: list[str] | None = None
) -> list[Path]:
    """Write the entry and icons under `target` (default: $XDG_DATA_HOME); the paths written."""
    target = data_home() if target is None else target
    command = launch_command() if command is None else command
    written = []
    entry = target / "applications" / f"{APP_ID}.desktop"
    entry.parent.mkdir(parents=True, exist_ok=True)
    entry.write_text(desktop_entry_text(command), encoding="utf-8")
    written.append(entry)
    icons = target / "icons" / "hicolor"
    for size in ICON_SIZES:
        dest = icons / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(resource(f"icons/{APP_ID}-{size}.png"), dest)
        written.append(dest)
    svg = icons / "scalable" / "apps" / f"{APP_ID}.svg"
    svg.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(resource(f"icons/{APP_ID}.svg"), svg)
    written.append(svg)
    return written


def main() -> int:
    if sys.platform != "linux":
        print("--install-desktop-entry is for Linux desktops (freedesktop launchers).",
              file=sys.stderr)
        return 2
    try:
        written = install_desktop_entry()
    except OSError as exc:
        print(f"error: could not install the desktop entry: {exc}", file=sys.stderr)
        return 1
    print(f"Installed the launcher entry {written[0]}")
    print(f"and {len(written) - 1} icons under {written[1].parents[2]}.")
    print("NMDA Pain Reference now appears in the applications menu (log out and in if it "
          "does not show at once).")
    return 0
