"""Supported Pythons (3.11 to 3.13) are stated alike everywhere; an install on another stops at once."""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.specifiers import SpecifierSet

ROOT = Path(__file__).resolve().parents[1]
SUPPORTED = ["3.11", "3.12", "3.13"]
CANDIDATES = ["3.9", "3.10", "3.11", "3.12", "3.13", "3.14", "3.15"]


def _requires_python() -> SpecifierSet:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return SpecifierSet(project["requires-python"])


def test_pyproject_admits_exactly_the_supported_versions():
    spec = _requires_python()
    assert [v for v in CANDIDATES if spec.contains(f"{v}.0")] == SUPPORTED


def test_requirements_refuse_exactly_the_other_versions():
    """requirements.txt's guard line applies on every unsupported version and on no supported one."""
    lines = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    guard = next(line for line in lines if line.startswith("./tests/supported-python"))
    marker = Marker(guard.split(";", 1)[1])
    refused = [v for v in CANDIDATES if marker.evaluate({"python_version": v})]
    assert refused == [v for v in CANDIDATES if v not in SUPPORTED]
    assert "3.11, 3.12 and 3.13" in (ROOT / "tests" / "supported-python" / "refuse.py").read_text()


def test_runtime_and_readme_agree():
    runtime = (ROOT / "runtime.txt").read_text(encoding="utf-8").strip()
    assert re.fullmatch(r"python-3\.\d+", runtime) and runtime.removeprefix("python-") in SUPPORTED
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "Python 3.11, 3.12 or 3.13" in readme
    assert not re.search(r"Python 3\.10 or newer", readme)


def _unsupported_python() -> str | None:
    """A working Python 3.10 interpreter, from pyenv or PATH, if this machine has one."""
    candidates = [shutil.which("python3.10")]
    pyenv = shutil.which("pyenv")
    if pyenv:
        root = subprocess.run([pyenv, "root"], capture_output=True, text=True).stdout.strip()
        candidates = [str(p) for p in sorted(Path(root, "versions").glob("3.10*/bin/python"))] + candidates
    for candidate in filter(None, candidates):
        # pyenv's shims exist for every version but run only the selected ones.
        if subprocess.run([candidate, "-c", "import pip"], capture_output=True).returncode == 0:
            return candidate
    return None


def test_install_on_an_unsupported_python_stops_at_once_and_says_why(tmp_path):
    python = _unsupported_python()
    if python is None:
        pytest.skip("no Python 3.10 on this machine to try the install with")
    result = subprocess.run(
        [
            python,
            "-m",
            "pip",
            "install",
            "--dry-run",
            "--no-index",
            "--target",
            str(tmp_path),
            "-r",
            "requirements.txt",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert (
        "This book supports Python 3.11, 3.12 and 3.13; this is Python 3.10" in result.stdout + result.stderr
    )
