"""Local servers for the browser tests: the built site over HTTP, and Jupyter started on a free port."""

from __future__ import annotations

import functools
import http.server
import os
import socket
import subprocess
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

START_SECONDS = 60
"""How long a Jupyter server may take to answer; far above its few seconds, for busy machines."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 from a thread; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()


def live_kernel_env() -> dict[str, str]:
    """The environment for a Jupyter server whose kernels run live (ipywidgets), not as the tests' static
    re-execution and not with the tests' non-interactive backend."""
    return {k: v for k, v in os.environ.items() if k not in ("D2LMINI_STATIC", "MPLBACKEND")}


@contextmanager
def running(command: list[str], ready_url: str) -> Iterator[subprocess.Popen]:
    """Start a Jupyter server and wait until ``ready_url`` answers; stop it afterwards."""
    server = subprocess.Popen(
        command, env=live_kernel_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + START_SECONDS
    while True:
        try:
            urllib.request.urlopen(ready_url, timeout=2).close()
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                pytest.fail(f"{Path(command[0]).name} did not start within {START_SECONDS} s")
            time.sleep(0.3)
    try:
        yield server
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
