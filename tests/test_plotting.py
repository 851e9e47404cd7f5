"""Plotting, animation and timing helpers."""

import io
import os
import subprocess
import sys
import time

import matplotlib.pyplot as plt
import numpy as np
import pytest

import d2lmini as d2l


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _svg(fig):
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def test_svg_output_is_byte_identical():
    d2l.use_svg_display()
    assert plt.rcParams["svg.hashsalt"] == d2l.plotting.SVG_HASH_SALT

    def draw():
        ax = d2l.plot(
            np.linspace(0, 1, 50), [np.sin(np.arange(50)), np.cos(np.arange(50))], legend=["a", "b"]
        )
        return _svg(ax.figure)

    first, second = draw(), draw()
    assert first == second
    assert "<dc:date>" not in first


def test_set_figsize():
    d2l.set_figsize((4, 3))
    assert tuple(plt.rcParams["figure.figsize"]) == (4, 3)
    with pytest.raises(ValueError, match="figsize must be two positive numbers"):
        d2l.set_figsize((4, -1))


def test_plot_draws_every_curve_with_labels():
    x = np.arange(5.0)
    ax = d2l.plot(x, [x, x**2], xlabel="step", ylabel="value", legend=["linear", "square"], yscale="log")
    lines = ax.get_lines()
    assert len(lines) == 2
    np.testing.assert_array_equal(lines[1].get_ydata(), x**2)
    assert (ax.get_xlabel(), ax.get_ylabel(), ax.get_yscale()) == ("step", "value", "log")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["linear", "square"]


def test_plot_with_y_only_uses_the_index():
    ax = d2l.plot([3.0, 1.0, 2.0])
    np.testing.assert_array_equal(ax.get_lines()[0].get_xdata(), [0, 1, 2])


@pytest.mark.parametrize(
    "args, kwargs, error, pattern",
    [
        (([1, 2], [[1, 2], [3]]), {}, ValueError, "curve 1 has 2 x values but 1 y values"),
        (
            ([1, 2], [[1, 2], [3, 4]]),
            {"legend": ["only one"]},
            ValueError,
            "legend has 1 entries for 2 curves",
        ),
        (([],), {}, TypeError, "X must be a non-empty array"),
        (([[1, 2], [3, 4], [5, 6]], [[1, 2], [3, 4]]), {}, ValueError, "X holds 3 curves but Y holds 2"),
    ],
)
def test_plot_rejects_bad_input(args, kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        d2l.plot(*args, **kwargs)


def test_animator_collects_points_and_draws_once_when_static():
    animator = d2l.Animator(xlabel="epoch", ylabel="loss", legend=["train", "test"])
    assert not animator._live
    for i in range(5):
        animator.add(i, [1.0 / (i + 1), 2.0 / (i + 1)])
    assert animator.X[0] == [0, 1, 2, 3, 4]
    assert animator.Y[1] == [2.0, 1.0, 2 / 3, 0.5, 0.4]
    assert not animator.axes.get_lines()
    animator.show()
    assert len(animator.axes.get_lines()) == 2
    assert animator.axes.get_xlabel() == "epoch"
    with pytest.raises(ValueError, match="add expects 2 y values"):
        animator.add(5, [1.0])


def test_live_display_respects_the_static_switch(monkeypatch):
    monkeypatch.setenv(d2l.animator.STATIC_ENV, "0")
    # Outside a Jupyter kernel there is nothing live to update.
    assert d2l.animator.live_display_enabled() is False


def test_timer_records_intervals():
    timer = d2l.Timer()
    time.sleep(0.01)
    first = timer.stop()
    timer.start()
    second = timer.stop()
    assert first >= 0.009 and second >= 0
    assert timer.sum() == pytest.approx(first + second)
    assert timer.avg() == pytest.approx((first + second) / 2)
    np.testing.assert_allclose(timer.cumsum(), [first, first + second])


def test_set_figsize_in_a_plain_script_starts_no_ipython_shell(tmp_path):
    """Outside Jupyter nothing is written to ~/.ipython and Animator.show prints nothing."""
    script = (
        "import sys, matplotlib\n"
        "matplotlib.use('Agg')\n"
        "import d2lmini as d2l\n"
        "d2l.set_figsize((3.5, 2.5))\n"
        "d2l.use_svg_display()\n"
        "animator = d2l.Animator()\n"
        "animator.add(0, 1.0)\n"
        "animator.show()\n"
        "print('IPython shell' if 'IPython' in sys.modules and "
        "__import__('IPython').get_ipython() is not None else 'no shell')\n"
    )
    env = {**os.environ, "HOME": str(tmp_path), "IPYTHONDIR": str(tmp_path / "ipython")}
    env.pop("D2LMINI_STATIC", None)
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "no shell\n"
    assert not (tmp_path / "ipython").exists() and not (tmp_path / ".ipython").exists()


@pytest.mark.parametrize(
    "kwargs, error, pattern",
    [
        (dict(fmts=()), ValueError, "fmts must hold at least one format string"),
        (dict(fmts="-"), TypeError, "fmts must be a list of matplotlib format strings"),
        (dict(fmts=["zz"]), ValueError, "fmts holds 'zz', which is not a matplotlib format string"),
        (dict(xlim=(0, float("nan"))), ValueError, "xlim must be two finite numbers"),
        (dict(yscale="log", ylim=(-1, 1)), ValueError, "ylim must be > 0 on a log scale"),
        (dict(xscale="loglog"), ValueError, "xscale must be one of"),
        (dict(figsize=(3, 0)), ValueError, "figsize must be two positive numbers"),
        (dict(legend="ab"), TypeError, "legend must be a list of strings"),
    ],
)
def test_plot_checks_its_settings_before_drawing(kwargs, error, pattern):
    figures = plt.get_fignums()
    with pytest.raises(error, match=pattern):
        d2l.plot([1, 2, 3], **kwargs)
    assert plt.get_fignums() == figures
