"""Figures compare as pictures: CPU-dependent last digits pass, visible changes fail, also under nbval."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from figure_compare import canonical_ids, svg_difference
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


def _first_svg(chapter: str) -> str:
    """The first stored SVG figure of a chapter: a real figure as the book stores it."""
    cells = json.loads((ROOT / "chapters" / f"{chapter}.ipynb").read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        for out in cell.get("outputs", []):
            svg = out.get("data", {}).get("image/svg+xml")
            if svg:
                return "".join(svg)
    raise AssertionError(f"{chapter} stores no SVG figure")


@pytest.fixture(scope="module")
def svg() -> str:
    return _first_svg("momentum")


def _coordinate(svg: str) -> re.Match:
    """The first path coordinate with a fractional part (``M x y`` or ``L x y``)."""
    return re.search(r"(?<=[ML] )(\d+\.\d+)", svg)


def _path_id(svg: str) -> str:
    return re.search(r'clip-path="url\(#([^)]+)\)"', svg).group(1)


def test_ids_are_renamed_in_order_of_appearance():
    svg = '<clipPath id="pab12"/><g clip-path="url(#pab12)"/><use xlink:href="#m9f"/><path id="m9f"/>'
    assert (
        canonical_ids(svg)
        == '<clipPath id="id0"/><g clip-path="url(#id0)"/><use xlink:href="#id1"/><path id="id1"/>'
    )


def test_cpu_noise_is_not_a_difference(svg):
    """Last digits, a negative zero and re-hashed clip ids (what another CPU produced) compare equal."""
    match = _coordinate(svg)
    digits = match.group(1)
    nudged = digits[:-1] + str((int(digits[-1]) + 1) % 10)
    noisy = svg[: match.start()] + nudged + svg[match.end() :]
    noisy = noisy.replace(_path_id(svg), "p0123456789")
    noisy = re.sub(r"(?<=[ML] )(\d+\.\d+) 0 ", r"\1 -0 ", noisy, count=1)
    assert noisy != svg
    assert svg_difference(svg, noisy) is None


@pytest.mark.parametrize(
    "change",
    ["moved point", "another line", "changed label", "changed colour", "changed style"],
)
def test_visible_changes_are_differences(svg, change):
    match = _coordinate(svg)
    if change == "moved point":
        edited = svg[: match.start()] + f"{float(match.group(1)) + 0.5:f}" + svg[match.end() :]
    elif change == "another line":
        edited = svg.replace("</g>", '<path d="M 10 10 L 20 20" style="stroke: #ff0000"/></g>', 1)
    elif change == "changed label":
        # Labels are drawn as glyphs: swapping one glyph reference changes the text shown.
        glyphs = re.findall(r'xlink:href="#(DejaVuSans-[0-9a-f]+)"', svg)
        other = next(g for g in glyphs if g != glyphs[0])
        edited = svg.replace(f'xlink:href="#{glyphs[0]}"', f'xlink:href="#{other}"', 1)
    elif change == "changed colour":
        colour = re.search(r"stroke: (#[0-9a-f]{6})", svg).group(1)
        edited = svg.replace(f"stroke: {colour}", "stroke: #123456", 1)
    else:
        edited = svg.replace("stroke-linecap: square", "stroke-linecap: round", 1)
    assert edited != svg
    assert svg_difference(svg, edited) is not None


def test_embedded_raster_images_compare_by_pixels():
    """A heat map (``imshow``) is a PNG inside the SVG: re-encoding is equal, a recoloured pixel is not."""
    import base64
    import io

    import numpy as np
    from PIL import Image

    def svg_with(pixels: np.ndarray, **save) -> str:
        out = io.BytesIO()
        Image.fromarray(pixels).save(out, format="PNG", **save)
        return f'<image xlink:href="data:image/png;base64,{base64.b64encode(out.getvalue()).decode()}"/>'

    pixels = np.zeros((4, 4, 3), dtype=np.uint8)
    pixels[1, 2] = (68, 1, 84)
    recoloured = pixels.copy()
    recoloured[1, 2] = (211, 211, 211)
    assert svg_difference(svg_with(pixels), svg_with(pixels, optimize=True)) is None
    assert "embedded image 0" in svg_difference(svg_with(pixels), svg_with(recoloured))


def _executed_notebook(folder: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("import d2lmini as d2l\n\nd2l.set_figsize()"),
        nbformat.v4.new_code_cell('d2l.plot([0, 1, 2], [[0, 1, 4]], xlabel="x", ylabel="y");'),
    ]
    NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(folder)}}
    ).execute()
    path = folder / "figure.ipynb"
    nbformat.write(nb, path)
    return path


def test_nbval_passes_cpu_noise_and_reports_a_moved_point(tmp_path):
    """End to end: nbval with the book's plugin re-runs two copies of a stored figure, one edited as
    another CPU would write it, one with a point moved by half a point; only the second fails."""
    stored = _executed_notebook(tmp_path)
    nb = json.loads(stored.read_text(encoding="utf-8"))
    svg = "".join(nb["cells"][1]["outputs"][0]["data"]["image/svg+xml"])
    match = _coordinate(svg)
    noisy = svg.replace(_path_id(svg), "p0123456789")
    noisy = re.sub(r"(?<=[ML] )(\d+\.\d+) 0 ", r"\1 -0 ", noisy, count=1)
    moved = svg[: match.start()] + f"{float(match.group(1)) + 0.5:f}" + svg[match.end() :]
    for name, figure in [("noisy", noisy), ("moved", moved)]:
        assert figure != svg
        nb["cells"][1]["outputs"][0]["data"]["image/svg+xml"] = figure
        (tmp_path / f"{name}.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "pytest_book",
            "-p",
            "no:xdist",
            "-p",
            "no:cacheprovider",
            "-o",
            "addopts=",
            "--rootdir",
            str(tmp_path),
            "--nbval",
            "--nbval-current-env",
            "-rA",
            str(tmp_path / "noisy.ipynb"),
            str(tmp_path / "moved.ipynb"),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "tests")},
    )
    report = result.stdout
    assert re.search(r"PASSED noisy\.ipynb::Cell 1", report), report[-3000:]
    assert re.search(r"FAILED moved\.ipynb::Cell 1", report), report[-3000:]
    assert "figure difference: number" in report and "moved by 0.5" in report, report[-3000:]
