"""A build backend that refuses to build: requirements.txt asks for it only on unsupported Pythons."""

import sys

SUPPORTED = "3.11, 3.12 and 3.13"


def _refuse(*args: object, **kwargs: object) -> None:
    sys.exit(
        f"\n  This book supports Python {SUPPORTED}; this is Python {sys.version.split()[0]}.\n"
        "  Install one of those (for example with pyenv) and run the command again.\n"
    )


get_requires_for_build_wheel = prepare_metadata_for_build_wheel = build_wheel = _refuse
get_requires_for_build_editable = prepare_metadata_for_build_editable = build_editable = _refuse
