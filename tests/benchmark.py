"""Measure the book's budgets. Tests never compare a time with a constant; this script does, and reports.

Usage::

    python tests/benchmark.py            # everything
    python tests/benchmark.py --no-tests # skip the (slow) full test command

Prints one line per budget with the measured value, the budget and whether it holds:

* ``train_ch11`` seconds per epoch (momentum, 1500 x 5 data, batch 10);
* the draw time of an explorer frame (median over every frame of every book explorer);
* a clean strict site build;
* the browser tests (site pages, live JupyterLab, Live Code), which print ``BENCHMARK name: value unit`` lines
  that are collected here;
* the reader environment (``binder/``) next to the full one (root ``requirements.txt``): each installed
  with pip into a fresh virtual environment without pip's cache, timed, and its size summed over the files
  pip installed (each distribution's RECORD), leaving out pip and setuptools, which every venv has;
* the README's test command.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import redirect_stdout
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        print(result.stdout[-4000:], result.stderr[-2000:], sep="\n", file=sys.stderr)
        raise SystemExit(f"{' '.join(command[1:3])} failed (exit {result.returncode}); its output is above")
    return time.perf_counter() - started


def clean_build_seconds() -> float:
    shutil.rmtree(ROOT / "_build", ignore_errors=True)
    return timed(
        [str(Path(sys.executable).with_name("jupyter-book")), "build", ".", "-W", "-n", "--keep-going"]
    )


def test_command_seconds() -> float:
    return timed([sys.executable, "-m", "pytest", "-q"])


def train_seconds_per_epoch(repeats: int = 7) -> float:
    """Median training seconds per epoch of train_ch11 (momentum, 1500 x 5 data, batch 10)."""
    import matplotlib

    matplotlib.use("Agg")
    from d2l_style import init_momentum_states, sgd_momentum

    import d2lmini as d2l

    data_iter, feature_dim = d2l.get_data_ch11(batch_size=10)
    per_epoch = []
    for _ in range(repeats):
        states = init_momentum_states(feature_dim)
        with redirect_stdout(StringIO()):
            history = d2l.train_ch11(
                sgd_momentum, states, {"lr": 0.01, "momentum": 0.9}, data_iter, feature_dim, plot=False
            )
        per_epoch.append(history.times[-1] / history.epochs[-1])
    return statistics.median(per_epoch)


def explorer_draw_seconds() -> float:
    """Median time to draw one frame, over every frame of every book explorer."""
    import matplotlib

    matplotlib.use("Agg")
    import d2lmini as d2l

    seconds = []
    for name in d2l.__all__:
        if name.endswith("_explorer"):
            explorer = getattr(d2l, name)()
            explorer.frames()
            seconds += explorer.render_seconds
    return statistics.median(seconds)


# Run inside an environment: the bytes of the files each distribution installed, pip and setuptools left out.
_INSTALLED_BYTES = """
import importlib.metadata as md, os
total = 0
for dist in md.distributions():
    if dist.metadata["Name"].lower() in ("pip", "setuptools"):
        continue
    for file in dist.files or []:
        path = file.locate()
        if os.path.isfile(path):
            total += os.path.getsize(path)
print(total)
"""


def environment_install(requirements: str, venv: Path) -> tuple[float, float]:
    """Seconds to pip-install ``requirements`` and d2lmini into a new venv (no cache), and its size in MB."""
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = str(venv / "bin" / "python")
    pip = [python, "-m", "pip", "install", "-q", "--no-cache-dir", "--disable-pip-version-check"]
    seconds = timed([*pip, "-r", requirements, "-e", str(ROOT)])
    size = subprocess.run([python, "-c", _INSTALLED_BYTES], capture_output=True, text=True, check=True)
    return seconds, int(size.stdout) / 1e6


BROWSER_TESTS = ["tests/test_site.py", "tests/test_live.py", "tests/test_thebe.py"]


def browser_measurements() -> dict[str, tuple[float, str]]:
    """Run the browser tests once and collect the ``BENCHMARK name: value unit`` lines they print."""
    tests = [t for t in BROWSER_TESTS if (ROOT / t).is_file()]
    command = [sys.executable, "-m", "pytest", "-s", "-q", "-p", "no:xdist", *tests]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        print(result.stdout[-4000:], file=sys.stderr)
        raise SystemExit(f"the browser tests failed (exit {result.returncode}); their output is above")
    found = re.findall(r"BENCHMARK ([^:]+): ([0-9.]+) (\S+)", result.stdout)
    return {name.strip(): (float(value), unit) for name, value, unit in found}


BROWSER_BUDGETS = {
    "browser checks of every page": 90.0,
    "live redraw (median)": 0.2,
    "Live Code test": 60.0,
    "heaviest page with its images": 1.5,
}


def report(name: str, value: float, budget: float, unit: str) -> bool:
    ok = value < budget
    print(f"{name:<34} {value:9.3f} {unit:<4} budget < {budget:g} {unit}  {'ok' if ok else 'OVER BUDGET'}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-tests", action="store_true", help="skip timing the full test command")
    parser.add_argument("--no-envs", action="store_true", help="skip installing the two environments")
    args = parser.parse_args()
    if not args.no_envs:
        with tempfile.TemporaryDirectory() as scratch:
            reader_s, reader_mb = environment_install("binder/requirements.txt", Path(scratch, "reader"))
            full_s, full_mb = environment_install("requirements.txt", Path(scratch, "full"))
        print(f"reader environment: {reader_mb:.0f} MB installed in {reader_s:.0f} s")
        print(f"full environment:   {full_mb:.0f} MB installed in {full_s:.0f} s")
        ratio_ok = report("reader / full environment size", reader_mb / full_mb, 1 / 3, "")
    results = [] if args.no_envs else [ratio_ok]
    results += [
        report("train_ch11 (median sec/epoch)", train_seconds_per_epoch() * 1000, 5, "ms"),
        report("explorer frame draw (median)", explorer_draw_seconds() * 1000, 200, "ms"),
        report("clean site build", clean_build_seconds(), 60, "s"),
    ]
    measured = browser_measurements()
    for name, budget in BROWSER_BUDGETS.items():
        if name in measured:
            value, unit = measured[name]
            results.append(report(name, value, budget, unit))
        else:
            print(f"{name:<34} not measured (the test printed no BENCHMARK line; is chromium installed?)")
            results.append(False)
    if not args.no_tests:
        results.append(report("test command (python -m pytest)", test_command_seconds(), 240, "s"))
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
