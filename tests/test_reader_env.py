"""The reader environment (``binder/``): what Binder builds and what a reader installs to run the chapters.

The pin checks are quick and always run. The full check installs ``binder/`` as Binder does
(requirements.txt, then postBuild) into a fresh virtual environment, with no build or test tools in it
(no pytest, Sphinx, nbval, Playwright or ruff), registers that environment as a Jupyter kernel, and
re-executes every chapter in that kernel, comparing each output with the stored one through nbval exactly
as the README's test command does. It takes a few minutes, so it runs only when asked::

    READER_ENV_TEST=1 python -m pytest tests/test_reader_env.py

``.ci/run`` does this after the README's test command.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"
GATE = "READER_ENV_TEST"
KERNEL = "d2lmini-reader"
# Distributions of the build and test toolchain that must not reach readers.
TOOLS = {"pytest", "nbval", "sphinx", "jupyter-book", "myst-nb", "playwright", "ruff", "pytest-xdist"}
# Python modules of those tools; the reader environment must fail to import each.
TOOL_MODULES = ["pytest", "nbval", "sphinx", "jupyter_book", "myst_nb", "playwright", "ruff"]


def _pins(path: Path) -> dict[str, str]:
    """``name==version`` lines of a requirements file, by normalized distribution name."""
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)", line.strip())
        if match:
            pins[re.sub(r"[-_.]+", "-", match.group(1)).lower()] = match.group(2)
    return pins


def test_reader_pins_equal_the_full_pins():
    reader, full = _pins(BINDER / "requirements.txt"), _pins(ROOT / "requirements.txt")
    assert {"numpy", "matplotlib", "ipywidgets", "ipykernel"} <= set(reader)
    differ = {name: (pin, full.get(name)) for name, pin in reader.items() if full.get(name) != pin}
    assert not differ, f"binder/requirements.txt pins that differ from requirements.txt: {differ}"
    assert not TOOLS & set(reader), TOOLS & set(reader)


def test_reader_python_is_the_tested_python():
    """Binder reads binder/runtime.txt (repo2docker ignores the root files when binder/ exists)."""
    reader = (BINDER / "runtime.txt").read_text(encoding="utf-8").strip()
    assert reader == (ROOT / "runtime.txt").read_text(encoding="utf-8").strip()


@pytest.fixture(scope="module")
def reader_kernel(tmp_path_factory) -> dict[str, str]:
    """A fresh venv with the reader environment, registered as the Jupyter kernel ``KERNEL``."""
    if not os.environ.get(GATE):
        pytest.skip(f"installs the reader environment and runs every chapter: set {GATE}=1 (.ci/run does)")
    binder_python = (BINDER / "runtime.txt").read_text(encoding="utf-8").strip()
    assert binder_python == f"python-{sys.version_info.major}.{sys.version_info.minor}", "use Binder's Python"
    scratch = tmp_path_factory.mktemp("reader")
    # A copy of what Binder installs from the repository, so that pip's build/ folder stays out of the tree.
    repo = scratch / "repo"
    shutil.copytree(ROOT / "d2lmini", repo / "d2lmini", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(BINDER, repo / "binder")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, repo / name)
    venv = scratch / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = str(venv / "bin" / "python")
    pip = [python, "-m", "pip", "--disable-pip-version-check", "-q"]
    # As Binder runs them, from the repository root: the pinned packages, then postBuild adds d2lmini.
    subprocess.run([*pip, "install", "-r", "binder/requirements.txt"], cwd=repo, check=True)
    path = f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}"
    subprocess.run(["bash", "binder/postBuild"], cwd=repo, check=True, env={**os.environ, "PATH": path})
    subprocess.run([*pip, "check"], check=True)
    for module in TOOL_MODULES:
        found = subprocess.run([python, "-c", f"import {module}"], capture_output=True)
        assert found.returncode != 0, f"the reader environment can import {module}"
    jupyter = scratch / "jupyter"
    install = [python, "-m", "ipykernel", "install", "--prefix", str(jupyter), "--name", KERNEL]
    subprocess.run(install, check=True, capture_output=True)
    return {"JUPYTER_PATH": str(jupyter / "share" / "jupyter")}


def _chapters() -> list[str]:
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    files = [f"{name}.ipynb" for name in re.findall(r"file:\s*(\S+)", toc)]
    return [name for name in files if (ROOT / name).is_file()]


def _chapter_options() -> list[str]:
    """The README test command's options for the chapters, run one after another in the reader's kernel."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    options, kept = shlex.split(config["tool"]["pytest"]["ini_options"]["addopts"]), []
    while options:
        option = options.pop(0)
        if option in ("-n", "--dist"):  # pytest-xdist and its value: one process is simpler to read
            options.pop(0)
        elif option not in ("--nbval-current-env", "--doctest-modules"):
            kept.append(option)
    return [*kept, "-p", "no:xdist"]


def test_every_chapter_runs_in_the_reader_environment(reader_kernel):
    chapters = _chapters()
    assert len(chapters) >= 8
    env = {**os.environ, **reader_kernel}
    env.pop("MPLBACKEND", None)
    addopts = shlex.join([*_chapter_options(), "--nbval-kernel-name", KERNEL])
    command = [sys.executable, "-m", "pytest", "-o", f"addopts={addopts}", "-q", *chapters]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    # The first failure in full, then the list of all failures.
    first = result.stdout.partition("= FAILURES =")[2][:5000]
    assert result.returncode == 0, first + result.stdout[-3000:] + result.stderr[-2000:]
    assert re.search(r"\d+ passed", result.stdout), result.stdout[-2000:]
