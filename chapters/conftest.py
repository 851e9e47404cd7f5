"""pytest settings for the chapter notebooks (not a chapter).

nbval starts each notebook's kernel from this process, so the kernel inherits
``D2LMINI_STATIC=1`` and animations store only their final figure, exactly as
the re-execute command ``python tests/reexecute.py`` stored them.
"""

import os

os.environ["D2LMINI_STATIC"] = "1"
