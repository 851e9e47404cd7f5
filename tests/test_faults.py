"""Fault injection for the data loader and the download: bad files, and a server on 127.0.0.1 that stalls,
trickles, sends too much or sends the wrong bytes. Every fault ends quickly in a clear error and leaves no
partial file behind."""

from __future__ import annotations

import hashlib
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import pytest

import d2lmini as d2l
from d2lmini import data as data_module

GOOD_ROWS = "\n".join("\t".join(str(v) for v in row) for row in np.arange(60.0).reshape(10, 6) ** 1.5) + "\n"
GOOD = GOOD_ROWS.encode()
GOOD_SHA1 = hashlib.sha1(GOOD).hexdigest()


# --------------------------------------------------------------------------- bad files


def _write(tmp_path, content: bytes | str, name="data.dat"):
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


@pytest.mark.parametrize(
    "content, pattern",
    [
        (GOOD_ROWS.replace("0.0", "nan", 1), r"line 1 holds a value that is not finite \(nan or inf\)"),
        (GOOD_ROWS.replace("1.0", "inf", 1), r"line 1 holds a value that is not finite"),
        (GOOD_ROWS + "1\t2\t3\n", "line 11 has 3 columns, expected 6"),
        (GOOD_ROWS.replace("8.0", "eight", 1), "line 1 holds a value that is not a number"),
        (b"\x00\xff\xfe garbage \x89PNG\r\n" * 3, "columns, expected 6"),
        ("", "found 0 data lines"),
        ("1\t2\t3\t4\t5\t6\n", "found 1 data lines"),
        ("1\t2\t3\t4\t5\t6\n1\t2\t3\t4\t5\t7\n", "a column is constant"),
        ("1e300\t2\t3\t4\t5\t6\n-1e300\t3\t4\t5\t6\t7\n", "values too large to standardize"),
    ],
)
def test_bad_data_file_is_rejected_with_the_line(tmp_path, content, pattern):
    path = _write(tmp_path, content)
    before = path.read_bytes()
    with pytest.raises(ValueError, match=pattern):
        d2l.load_airfoil(path)
    with pytest.raises(ValueError, match=pattern):
        d2l.get_data_ch11(path=str(path))
    assert path.read_bytes() == before


def test_good_file_loads_standardized(tmp_path):
    X, y = d2l.load_airfoil(_write(tmp_path, GOOD))
    assert X.shape == (10, 5) and y.shape == (10,)
    np.testing.assert_allclose(X.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(y.std(), 1)


def test_missing_directory_and_fifo_paths_fail_at_once(tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        d2l.load_airfoil(tmp_path / "absent.dat")
    with pytest.raises(FileNotFoundError, match="is not a regular file"):
        d2l.load_airfoil(tmp_path)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)  # opening a FIFO for reading would block until a writer comes
    with pytest.raises(FileNotFoundError, match="is not a regular file"):
        d2l.load_airfoil(fifo)
    with pytest.raises(TypeError, match="path must be a file path"):
        d2l.load_airfoil(3)


def test_oversized_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "big.dat"
    with open(path, "wb") as fh:
        fh.truncate(data_module.MAX_FILE_BYTES + 1)  # sparse: costs no disk and no time
    with pytest.raises(ValueError, match="too large for the airfoil format"):
        d2l.load_airfoil(path)


# --------------------------------------------------------------------------- a misbehaving server


class _Handler(BaseHTTPRequestHandler):
    hits: list[str] = []

    def log_message(self, *args):  # keep the test output clean
        pass

    def _head(self, length: int | None = None) -> None:
        self.send_response(200)
        if length is not None:
            self.send_header("Content-Length", str(length))
        self.end_headers()
        self.wfile.flush()

    def do_GET(self):  # noqa: N802 (the name http.server calls)
        _Handler.hits.append(self.path)
        try:
            if self.path == "/good":
                self._head(len(GOOD))
                self.wfile.write(GOOD)
            elif self.path == "/wrong":
                self._head(len(GOOD))
                self.wfile.write(GOOD[::-1])
            elif self.path == "/stall":
                self._head(len(GOOD))
                self.wfile.write(GOOD[:10])
                self.wfile.flush()
                time.sleep(4)
            elif self.path == "/trickle":
                self._head(10**6)
                for _ in range(400):
                    self.wfile.write(b"1")
                    self.wfile.flush()
                    time.sleep(0.01)
            elif self.path == "/flood":
                self._head()
                for _ in range(64):
                    self.wfile.write(b"0" * 4096)
            else:
                self.send_error(404)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up, as it should


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    httpd.block_on_close = False
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_download_verifies_caches_and_accepts_any_case(server, tmp_path):
    _Handler.hits.clear()
    path = d2l.download_airfoil(tmp_path, url=f"{server}/good", sha1=GOOD_SHA1.upper(), timeout=5)
    assert path.read_bytes() == GOOD and path.parent == tmp_path
    again = d2l.download_airfoil(tmp_path, url=f"{server}/good", sha1=f" {GOOD_SHA1} ", timeout=5)
    assert again == path and _Handler.hits == ["/good"]
    X, _ = d2l.get_data_ch11(batch_size=2, n=10, path=path)[0].X, None
    assert X.shape == (10, 5)


# Not a speed budget: the servers stall or trickle forever, so a download without its overall deadline would
# never end. Any finite bound detects that; this one is far above the 1 s deadline, for busy machines.
HANG = 60.0


@pytest.mark.parametrize(
    "route, pattern",
    [
        ("/wrong", f"has SHA-1 {hashlib.sha1(GOOD[::-1]).hexdigest()}, expected {GOOD_SHA1}"),
        ("/stall", "could not download"),
        ("/trickle", "took longer than timeout=1 s"),
        ("/missing", "could not download.*404"),
    ],
)
def test_faulty_server_ends_in_a_clear_error_and_leaves_nothing(server, tmp_path, route, pattern):
    started = time.monotonic()
    with pytest.raises(OSError, match=pattern):
        d2l.download_airfoil(tmp_path, url=f"{server}{route}", sha1=GOOD_SHA1, timeout=1)
    assert time.monotonic() - started < HANG, "the download hung"
    assert list(tmp_path.iterdir()) == []


def test_a_server_that_sends_too_much_is_cut_off(server, tmp_path, monkeypatch):
    monkeypatch.setattr(data_module, "MAX_FILE_BYTES", 10_000)
    with pytest.raises(OSError, match="sent more than 10000 bytes"):
        d2l.download_airfoil(tmp_path, url=f"{server}/flood", sha1=GOOD_SHA1, timeout=5)
    assert list(tmp_path.iterdir()) == []


def test_unreachable_server_fails_fast(tmp_path):
    with pytest.raises(OSError, match="could not download"):
        d2l.download_airfoil(tmp_path, url="http://127.0.0.1:9/none", sha1=GOOD_SHA1, timeout=2)


@pytest.mark.parametrize(
    "kwargs, error, pattern",
    [
        (dict(url="ftp://example.org/x"), ValueError, "url must be an https, http or file URL"),
        (dict(url=3), ValueError, "url must be"),
        (dict(sha1="abc"), ValueError, "sha1 must be 40 hexadecimal digits"),
        (dict(sha1=None), TypeError, "sha1 must be a string"),
        (dict(timeout=0), ValueError, "timeout must satisfy timeout > 0"),
        (dict(timeout=float("nan")), ValueError, "timeout must be finite"),
        (dict(cache_dir=b"/tmp"), TypeError, "cache_dir must be a file path"),
    ],
)
def test_download_arguments_are_checked_before_any_request(tmp_path, kwargs, error, pattern):
    kwargs.setdefault("cache_dir", tmp_path)
    with pytest.raises(error, match=pattern):
        d2l.download_airfoil(**kwargs)
    if isinstance(kwargs["cache_dir"], os.PathLike):
        assert list(tmp_path.iterdir()) == []
