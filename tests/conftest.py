"""Shared test settings: static animations, a non-interactive backend, the shared data file."""

import os
import shutil
from pathlib import Path

import matplotlib
import pytest

# Set before any notebook kernel starts, so that nbval's kernels inherit it and
# store one final figure per animation, as the re-execute command does.
os.environ["D2LMINI_STATIC"] = "1"
matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[1]
AIRFOIL = ROOT.parent / "shared" / "data" / "airfoil_self_noise.dat"


@pytest.fixture
def airfoil_path() -> Path:
    """The shared copy of the airfoil data; the test is skipped where it is absent."""
    if not AIRFOIL.is_file():
        pytest.skip(f"{AIRFOIL} is absent")
    return AIRFOIL


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def browser():
    """Headless Debian Chromium driven by Playwright (its own browser download does not work here)."""
    executable = _chromium()
    if executable is None:
        message = "Debian's chromium is not installed (apt-get install chromium); .ci/run installs it"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=executable,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()
