"""Shared test settings: static animations, a non-interactive backend, the shared data file."""

import os
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
