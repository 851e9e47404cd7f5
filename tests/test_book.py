"""The stored chapter notebooks: listed, freshly executed, captioned, with gated solutions."""

import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from reexecute import chapters_in_toc  # noqa: E402

NOTEBOOKS = chapters_in_toc()


def _cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _source(cell):
    return "".join(cell["source"])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_outputs_come_from_one_fresh_in_order_run(path):
    counts = [c["execution_count"] for c in _cells(path) if c["cell_type"] == "code" and _source(c).strip()]
    assert counts == list(range(1, len(counts) + 1))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_stored_errors_or_timing_metadata(path):
    for cell in _cells(path):
        if cell["cell_type"] != "code":
            continue
        tags = cell["metadata"].get("tags", [])
        assert "execution" not in cell["metadata"]
        for out in cell["outputs"]:
            if out["output_type"] == "error":
                assert "raises-exception" in tags, _source(cell)[:200]
            assert "Warning" not in "".join(out.get("text", "")), _source(cell)[:200]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_figure_has_caption_label_and_alt_text(path):
    for cell in _cells(path):
        if cell["cell_type"] != "code":
            continue
        images = [o for o in cell["outputs"] if set(o.get("data", {})) & {"image/svg+xml", "image/png"}]
        if not images:
            continue
        assert len(images) == 1, f"one figure per cell: {_source(cell)[:120]}"
        meta = cell["metadata"].get("mystnb", {})
        assert meta.get("figure", {}).get("caption"), f"no caption: {_source(cell)[:120]}"
        assert re.fullmatch(r"fig-[a-z0-9-]+", meta["figure"].get("name", "")), _source(cell)[:120]
        assert len(meta.get("image", {}).get("alt", "")) > 20, f"no alt text: {_source(cell)[:120]}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_exercises_have_solutions_that_start_closed(path):
    text = "\n".join(_source(c) for c in _cells(path) if c["cell_type"] == "markdown")
    exercises = re.findall(r"```\{exercise\}[^\n]*\n:label: (\S+)", text)
    solutions = re.findall(r"```\{solution(?:-start)?\} (\S+)\n:class: dropdown", text)
    assert len(exercises) >= 3
    assert sorted(exercises) == sorted(solutions)
    assert text.count("{solution-start}") == text.count("{solution-end}")
