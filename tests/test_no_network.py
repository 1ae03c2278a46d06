"""The app never opens a socket: the self-test passes with socket creation blocked.

Runs in a subprocess so the blocker is in place before anything is imported, and so the
self-test gets its own QApplication. Every attempt is counted as well as refused, so a
library that swallowed the refusal would still fail this test. (CI also runs the frozen
self-test inside `unshare -n`, which catches sockets opened from C++ too.)
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from tests.conftest import FIXTURES, REPO

BLOCKED_RUN = textwrap.dedent(
    """
    import socket, sys
    from pathlib import Path

    attempts = []

    def refuse(name):
        def blocked(*args, **kwargs):
            attempts.append(name)
            raise OSError(f"network blocked by test: {name}")
        return blocked

    class NoSocket(socket.socket):
        def __init__(self, *args, **kwargs):
            refuse("socket.socket")()

    socket.socket = NoSocket
    for name in ("create_connection", "create_server", "socketpair", "fromfd",
                 "getaddrinfo", "gethostbyname", "gethostbyname_ex"):
        setattr(socket, name, refuse(name))

    # The blocker must bite, or this test proves nothing.
    try:
        socket.socket()
    except OSError:
        pass
    else:
        sys.exit("blocker did not block")
    attempts.clear()

    from app.ui.launch import run_self_test

    code = run_self_test([], bundled_dir=Path(sys.argv[1]))
    print(f"socket attempts: {len(attempts)} {attempts}")
    sys.exit(code)
    """
)


@pytest.mark.slow
def test_self_test_passes_with_sockets_blocked(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    proc = subprocess.run(
        [sys.executable, "-c", BLOCKED_RUN, str(FIXTURES / "good")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "self-test: OK" in proc.stdout
    assert "socket attempts: 0 []" in proc.stdout
    assert "Traceback" not in proc.stderr
