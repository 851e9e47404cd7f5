"""The chapters give their stored outputs on other CPUs too, emulated on this one.

Readers run the book on many CPUs: Binder nodes, laptops, contributors' CI. numpy picks SIMD kernels and
OpenBLAS picks a core at run time, and both change results in their last bits. Besides the normal run, each
chapter is re-executed and compared with nbval (figures as pictures, see ``figure_compare``) under two
emulated CPUs:

``avx2``
    numpy's AVX-512 kernels switched off (``NPY_DISABLE_CPU_FEATURES``), OpenBLAS on its Haswell core:
    a typical laptop or CI runner of the last ten years.
``sse``
    numpy's AVX, AVX2 and AVX-512 kernels switched off, leaving its SSE baseline, and OpenBLAS on its
    Nehalem core (SSE 4.2, no AVX): the oldest x86-64 CPUs that numpy still supports.

Run one configuration by hand with ``python -m pytest tests/test_portability.py -k sse`` (or ``-k avx2``),
or one chapter with the variables set yourself, for example (numpy 2.4's names)::

    NPY_DISABLE_CPU_FEATURES="X86_V3 X86_V4 AVX512_ICL AVX512_SPR" OPENBLAS_CORETYPE=Nehalem \
        python -m pytest -n 0 chapters/momentum.ipynb

The emulation needs an x86-64 CPU; elsewhere the tests are skipped with that reason.
"""

from __future__ import annotations

import os
import platform
import re
import subprocess
import sys
from pathlib import Path

import pytest
from reexecute import chapters_in_toc

ROOT = Path(__file__).resolve().parents[1]

# numpy 2.4 names its x86 levels X86_V3 (AVX2, FMA3) and X86_V4 (AVX-512); older releases name the
# features one by one. Both spellings are listed; only those this numpy knows are passed on.
AVX512 = ["X86_V4", "AVX512F", "AVX512CD", "AVX512_KNL", "AVX512_KNM", "AVX512_SKX", "AVX512_CLX",
          "AVX512_CNL", "AVX512_ICL", "AVX512_SPR"]  # fmt: skip
AVX = ["X86_V3", "AVX", "F16C", "FMA3", "AVX2"]
CONFIGS = {
    "avx2": {"disable": AVX512, "openblas_core": "Haswell"},
    "sse": {"disable": AVX512 + AVX, "openblas_core": "Nehalem"},
}
CHAPTERS = chapters_in_toc()


def _is_x86() -> bool:
    return platform.machine().lower() in ("x86_64", "amd64")


def emulation_env(config: str) -> dict[str, str]:
    """The environment that makes numpy and OpenBLAS behave as on the CPU named by ``config``."""
    import numpy._core._multiarray_umath as umath

    known = set(umath.__cpu_dispatch__) | set(umath.__cpu_features__)
    disable = [name for name in CONFIGS[config]["disable"] if name in known]
    return {
        **os.environ,
        "NPY_DISABLE_CPU_FEATURES": " ".join(disable),
        "OPENBLAS_CORETYPE": CONFIGS[config]["openblas_core"],
    }


@pytest.fixture(autouse=True)
def _x86_only():
    if not _is_x86():
        pytest.skip(
            "CPU emulation with NPY_DISABLE_CPU_FEATURES and OPENBLAS_CORETYPE needs x86-64, "
            f"not {platform.machine()}"
        )


_PROBE = """
import numpy as np
import numpy._core._multiarray_umath as umath
a = np.ones((64, 64))
a @ a
# Only dispatch targets are switched off; numpy still reports the CPU's own features.
targets = [name for name in {names!r} if name in umath.__cpu_dispatch__]
enabled = sorted(name for name in targets if umath.__cpu_features__.get(name))
print("ENABLED", " ".join(enabled))
"""


@pytest.mark.parametrize("config", CONFIGS)
def test_emulation_takes_effect(config):
    """The switched-off numpy kernels are off and OpenBLAS reports the requested core."""
    env = {**emulation_env(config), "OPENBLAS_VERBOSE": "2"}
    names = CONFIGS[config]["disable"]
    result = subprocess.run(
        [sys.executable, "-c", _PROBE.format(names=names)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    output = result.stdout + result.stderr
    assert re.search(r"^ENABLED\s*$", output, re.M), f"still enabled under {config}: {output}"
    core = re.search(r"Core: (\w+)", output)
    assert core and core.group(1) == CONFIGS[config]["openblas_core"], output


def _check_chapters(config: str, chapters: list[Path]) -> None:
    """Re-execute the chapters under the emulated CPU; nbval must reproduce every stored output."""
    command = [
        sys.executable, "-m", "pytest", *(str(c.relative_to(ROOT)) for c in chapters),
        # One pytest for all chapters: its start-up costs seconds; hypothesis is not needed here.
        "-p", "no:xdist", "-p", "no:cacheprovider", "-p", "no:hypothesispytest",
        "-o", "addopts=-p pytest_book", "-q", "-rf",
        "--nbval", "--nbval-current-env", "--nbval-sanitize-with", "tests/sanitize.cfg",
    ]  # fmt: skip
    result = subprocess.run(command, cwd=ROOT, env=emulation_env(config), capture_output=True, text=True)
    failed = re.findall(r"^FAILED (\S+ \S+)", result.stdout, re.M)
    assert result.returncode == 0, (
        f"{len(failed)} cells differ under the {config} CPU: {failed}\n" + result.stdout[-8000:]
    )


# One test class per CPU: pytest-xdist (--dist loadscope) runs each class as one unit, so the two
# re-executions of the book run side by side.
for _config in CONFIGS:
    _name = f"TestOn{_config.upper()}"

    def _test(self, config=_config):
        _check_chapters(config, CHAPTERS)

    _test.__doc__ = f"Every chapter gives its stored outputs on the emulated {_config} CPU."
    globals()[_name] = type(_name, (), {"test_every_chapter": _test})
