"""The code style the project promises: ruff clean, and formatted, everywhere (chapters included)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _ruff(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ruff", *args], cwd=ROOT, capture_output=True, text=True)


def test_ruff_check_is_clean():
    result = _ruff("check", ".")
    assert result.returncode == 0, result.stdout[-3000:]


def test_code_is_formatted():
    result = _ruff("format", "--check", ".")
    assert result.returncode == 0, result.stdout[-3000:]
