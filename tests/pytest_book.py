"""The book's pytest plugin, loaded with ``-p pytest_book`` (see pyproject.toml).

Work is spread over two processes by pytest-xdist with ``--dist loadscope``: each notebook, each test
module and each test class runs in one process (a notebook's cells share a kernel; a module's fixtures, such
as the site build, are made once). The portability checks are one class per chapter and CPU, so they spread.

nbval starts each notebook's kernel from this process, so the kernel inherits
``D2LMINI_STATIC=1``: animations store only their final figure and explorers
their static frames, exactly as the re-execute command
``python tests/reexecute.py`` stored them.

Figures (SVG) are compared as pictures (:mod:`figure_compare`): the last digits of a coordinate, the sign of
a zero and hashed ids may differ between CPUs; anything visible may not.
"""

import copy
import os

from figure_compare import svg_difference
from nbval.kernel import RunningKernel
from nbval.plugin import IPyNbCell

os.environ["D2LMINI_STATIC"] = "1"
# Kernels must draw with the inline backend, as in Jupyter, whatever the shell exported.
os.environ.pop("MPLBACKEND", None)


def _execute_like_jupyter(self, cell_input, allow_stdin=None):
    """Run a cell as Jupyter and nbclient do, with ``store_history=True``.

    nbval sends ``store_history=False``; IPython then misreads a trailing
    ``;`` (it checks the previous history entry), so a figure cell ending in
    ``...;`` would print its return value under nbval but not in Jupyter.
    """
    return self.kc.execute(cell_input, store_history=True, allow_stdin=allow_stdin, stop_on_error=False)


RunningKernel.execute_cell_input = _execute_like_jupyter


_compare_outputs = IPyNbCell.compare_outputs
SVG = "image/svg+xml"


def _compare_figures_as_pictures(self, test, ref, skip_compare=None):
    """nbval's comparison, with each new SVG that draws the same picture as its stored one taken as equal.

    A figure that differs visibly is left as it is, so nbval reports it with its usual diff; the reason
    found by :func:`figure_compare.svg_difference` is added to the report.
    """
    test = copy.deepcopy(test)
    ref_svgs = [out["data"] for out in ref if SVG in out.get("data", {})]
    test_svgs = [out["data"] for out in test if SVG in out.get("data", {})]
    reasons = []
    for ref_data, test_data in zip(ref_svgs, test_svgs):
        reason = svg_difference(self.sanitize(ref_data[SVG]), self.sanitize(test_data[SVG]))
        if reason is None:
            test_data[SVG] = ref_data[SVG]
        else:
            reasons.append(reason)
    same = _compare_outputs(self, test, ref, skip_compare)
    if not same and reasons:
        self.comparison_traceback.append("figure difference: " + "; ".join(reasons))
    return same


IPyNbCell.compare_outputs = _compare_figures_as_pictures
