"""The code style the project promises: ruff clean, and formatted, everywhere (chapters included).

Chapter code is read on the website, whose code blocks show about 88 characters, so chapters are
formatted at 88 columns by ``tests/ruff-chapters.toml``; everything else follows ``pyproject.toml``.
The chapter settings live here, not in ``chapters/``, which holds only what readers need.
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHAPTER_CONFIG = Path(__file__).with_name("ruff-chapters.toml")


def _ruff(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ruff", *args], cwd=ROOT, capture_output=True, text=True)


def test_ruff_check_is_clean():
    result = _ruff("check", ".")
    assert result.returncode == 0, result.stdout[-3000:]


def test_code_is_formatted():
    result = _ruff("format", "--check", ".")
    assert result.returncode == 0, result.stdout[-3000:]


def test_chapters_are_checked_and_formatted_at_88_columns():
    for command in ("check", "format"):
        args = [command, "--config", str(CHAPTER_CONFIG), "chapters"]
        result = _ruff(*args) if command == "check" else _ruff(*args, "--check")
        assert result.returncode == 0, result.stdout[-3000:]
    shown = _ruff("check", "--config", str(CHAPTER_CONFIG), "--show-settings", "chapters/momentum.ipynb")
    assert "line_length = 88" in shown.stdout, shown.stdout[-2000:]
    assert not (ROOT / "chapters" / "ruff.toml").exists(), "chapters/ holds only what readers need"
