"""pytest plugin for the chapter notebooks, loaded with ``-p nbval_kernel`` (see pyproject.toml).

nbval starts each notebook's kernel from this process, so the kernel inherits
``D2LMINI_STATIC=1``: animations store only their final figure and explorers
their static frames, exactly as the re-execute command
``python tests/reexecute.py`` stored them.
"""

import os

from nbval.kernel import RunningKernel

os.environ["D2LMINI_STATIC"] = "1"
# Kernels must draw with the inline backend, as in Jupyter, whatever the shell exported.
os.environ.pop("MPLBACKEND", None)


def _execute_like_jupyter(self, cell_input, allow_stdin=None):
    """Run a cell as Jupyter and nbclient do, with ``store_history=True``.

    nbval sends ``store_history=False``; IPython then misreads a trailing
    ``;`` (it checks the previous history entry), so a figure cell ending in
    ``...;`` would print its return value under nbval but not in Jupyter.
    """
    return self.kc.execute(
        cell_input, store_history=True, allow_stdin=allow_stdin, stop_on_error=False
    )


RunningKernel.execute_cell_input = _execute_like_jupyter
