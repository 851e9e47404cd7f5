"""Re-execute chapter notebooks fresh, in order, and store their outputs in place.

Usage::

    python tests/reexecute.py                      # every chapter listed in _toc.yml
    python tests/reexecute.py chapters/momentum.ipynb

Each notebook is cleared, run top to bottom in a new kernel from the
``chapters`` folder, and written back. Cell timing metadata is not recorded,
and animations store only their final figure (``D2LMINI_STATIC=1``), so a
second run changes nothing but the printed timings.
"""

from __future__ import annotations

import os
import re
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = ROOT / "chapters"


def chapters_in_toc() -> list[Path]:
    """The notebooks named in ``_toc.yml``, in reading order."""
    names = re.findall(r"file:\s*(\S+)", (ROOT / "_toc.yml").read_text(encoding="utf-8"))
    return [ROOT / f"{name}.ipynb" for name in names if (ROOT / f"{name}.ipynb").is_file()]


def reexecute(path: Path, timeout: int = 600) -> float:
    """Run one notebook fresh and save it; return the seconds it took."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
            cell.metadata.pop("execution", None)
    started = time.perf_counter()
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
    )
    client.execute()
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = _merge_streams(cell.outputs)
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nbformat.write(nb, path)
    return time.perf_counter() - started


def _merge_streams(outputs: list) -> list:
    """Join consecutive stdout (or stderr) chunks, whose split varies from run to run."""
    merged: list = []
    for out in outputs:
        last = merged[-1] if merged else None
        same_stream = last is not None and last.output_type == "stream" and last.name == out.get("name")
        if out.output_type == "stream" and same_stream:
            last.text += out.text
        else:
            merged.append(out)
    return merged


def main(argv: list[str]) -> int:
    os.environ["D2LMINI_STATIC"] = "1"
    # Kernels must draw with the inline backend, as in Jupyter, whatever the shell exported.
    os.environ.pop("MPLBACKEND", None)
    paths = [Path(a).resolve() for a in argv] or chapters_in_toc()
    for path in paths:
        if path.suffix != ".ipynb" or not path.is_file():
            print(f"not a notebook: {path}", file=sys.stderr)
            return 2
    for path in paths:
        print(f"{path.relative_to(ROOT)}: {reexecute(path):.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
