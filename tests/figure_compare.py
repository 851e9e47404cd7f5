"""Compare two SVG figures as pictures, not as bytes.

Two runs of the same plotting code on different CPUs (another SIMD kernel in numpy, another BLAS core) draw
the same figure, but the SVG text can differ: a coordinate in its last printed digit, the sign of a zero
(``-0`` against ``0``), and so the ids that matplotlib derives by hashing clip boxes and markers. The
comparison here ignores exactly those differences and nothing else:

* ids are renamed in order of first appearance (``id="p3dcd..."`` becomes ``id="id0"``, and every
  ``#p3dcd...`` reference follows);
* the remaining text is split into numbers and everything else; everything else must match exactly (tags,
  styles, colours, glyph references, the text of labels);
* numbers must agree within :data:`TOLERANCE` SVG units (points; a figure is a few hundred points wide),
  so ``-0`` equals ``0``;
* raster images embedded in the SVG (``imshow`` heat maps) are decoded and must agree pixel by pixel within
  :data:`PIXEL_TOLERANCE` levels per channel.

A moved point, another line, a changed label, colour or style is still a difference.
"""

from __future__ import annotations

import base64
import io
import re

import numpy as np

TOLERANCE = 1e-3
"""Largest difference between two numbers of the same figure, in points (1/72 inch)."""

PIXEL_TOLERANCE = 8
"""Largest difference of one colour channel (0-255) of an embedded raster image."""

_ID = re.compile(r'\bid="([^"]+)"')
_IMAGE = re.compile(r"data:image/png;base64,([A-Za-z0-9+/=\s]+)")
_NUMBER = re.compile(r"-?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?")


def canonical_ids(svg: str) -> str:
    """Rename every id, and every reference to it, by its order of first appearance."""
    names = {}
    for name in _ID.findall(svg):
        names.setdefault(name, f"id{len(names)}")
    if not names:
        return svg
    pattern = re.compile(
        r'(id="|#)(' + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r')(?=["\)])'
    )
    return pattern.sub(lambda m: m.group(1) + names[m.group(2)], svg)


def _split(svg: str) -> tuple[list[str], list[float], list[str]]:
    """Text between numbers, the numbers, and the embedded PNG images (base64)."""
    images = _IMAGE.findall(svg)
    svg = _IMAGE.sub("data:image/png;base64,IMAGE", svg)
    text = _NUMBER.split(svg)
    numbers = [float(n) for n in _NUMBER.findall(svg)]
    return text, numbers, images


def _pixels(encoded: str) -> np.ndarray:
    from PIL import Image

    with Image.open(io.BytesIO(base64.b64decode(encoded))) as image:
        return np.asarray(image.convert("RGBA"), dtype=np.int16)


def svg_difference(reference: str, test: str) -> str | None:
    """``None`` when the two SVGs draw the same picture, otherwise what differs first."""
    if reference == test:
        return None
    ref_text, ref_numbers, ref_images = _split(canonical_ids(reference))
    test_text, test_numbers, test_images = _split(canonical_ids(test))
    if ref_text != test_text:
        for i, (a, b) in enumerate(zip(ref_text, test_text)):
            if a != b:
                return f"the SVG text differs near number {i}: {a[-80:]!r} != {b[-80:]!r}"
        return f"the SVGs hold {len(ref_numbers)} and {len(test_numbers)} numbers"
    gaps = np.abs(np.array(ref_numbers) - np.array(test_numbers))
    if gaps.size and gaps.max() > TOLERANCE:
        i = int(gaps.argmax())
        context = "".join(ref_text[max(i - 1, 0) : i + 1])[-80:]
        return f"number {i} moved by {gaps[i]:.3g} > {TOLERANCE} (after {context!r})"
    for k, (a, b) in enumerate(zip(ref_images, test_images)):
        pa, pb = _pixels(a), _pixels(b)
        if pa.shape != pb.shape:
            return f"embedded image {k} has shape {pb.shape} instead of {pa.shape}"
        worst = int(np.abs(pa - pb).max())
        if worst > PIXEL_TOLERANCE:
            return f"embedded image {k} differs by {worst} > {PIXEL_TOLERANCE} levels in some pixel"
    return None
