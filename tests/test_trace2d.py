"""train_2d and show_trace_2d: the book's reference lines, state handling, divergence, bad input."""

import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest

import d2lmini as d2l


def f_2d(x1, x2):
    return 0.1 * x1**2 + 2 * x2**2


def gd_2d(eta):
    def step(x1, x2, s1, s2):
        return x1 - eta * 0.2 * x1, x2 - eta * 4 * x2, 0, 0

    return step


def momentum_2d(eta, beta):
    def step(x1, x2, v1, v2):
        v1 = beta * v1 + 0.2 * x1
        v2 = beta * v2 + 4 * x2
        return x1 - eta * v1, x2 - eta * v2, v1, v2

    return step


REFERENCE_LINES = [
    (gd_2d(0.4), "epoch 20, x1: -0.943467, x2: -0.000073"),
    (gd_2d(0.6), "epoch 20, x1: -0.387814, x2: -1673.365109"),
    (momentum_2d(0.6, 0.5), "epoch 20, x1: 0.007188, x2: 0.002553"),
    (momentum_2d(0.6, 0.25), "epoch 20, x1: -0.126340, x2: -0.186632"),
]


@pytest.mark.parametrize("trainer, line", REFERENCE_LINES)
def test_reference_lines(trainer, line, capsys):
    path = d2l.train_2d(trainer)
    assert capsys.readouterr().out == line + "\n"
    assert len(path) == 21
    assert path[0] == (-5.0, -2.0)


def test_gradient_descent_closed_form():
    path = np.array(d2l.train_2d(gd_2d(0.4), steps=7))
    t = np.arange(8)
    expected = np.stack([-5 * (1 - 0.4 * 0.2) ** t, -2 * (1 - 0.4 * 4) ** t], axis=1)
    np.testing.assert_allclose(path, expected, rtol=1e-13)


def test_f_grad_and_long_state_are_passed(capsys):
    seen = []

    def adam_like(x1, x2, a, b, c, f_grad):
        g1, g2 = f_grad(x1, x2)
        seen.append((a, b, c))
        return x1 - 0.1 * g1, x2 - 0.1 * g2, a + 1, b, c

    d2l.train_2d(adam_like, steps=3, f_grad=lambda x1, x2: (0.2 * x1, 4 * x2), state=(0, 0.0, 0.0))
    assert seen == [(0, 0.0, 0.0), (1, 0.0, 0.0), (2, 0.0, 0.0)]
    assert capsys.readouterr().out.startswith("epoch 3, x1: ")


def test_divergence_is_reported_and_plot_renders(capsys):
    path = d2l.train_2d(gd_2d(5.0), steps=400)
    out = capsys.readouterr().out
    assert out.startswith("epoch 400, x1: ")
    assert "diverged: the iterate left the floating-point range at step" in out
    ax = d2l.show_trace_2d(f_2d, path)
    ax.figure.canvas.draw()
    (note,) = ax.texts
    assert note.get_text().startswith("the path leaves the view: ")
    first_bad = next(i for i, p in enumerate(path) if not np.all(np.isfinite(p)))
    assert note.get_text().endswith(f"lie outside;\nit diverges: not finite from step {first_bad}")
    x_lo, x_hi = ax.get_xlim()
    assert np.isfinite([x_lo, x_hi]).all() and x_hi - x_lo < 50
    plt.close("all")


def _below_the_plot(note, ax):
    renderer = ax.figure.canvas.get_renderer()
    box, plot, label = (a.get_window_extent(renderer) for a in (note, ax, ax.xaxis.label))
    return box.y1 <= label.y0 < plot.y0 and not box.overlaps(plot)


def test_note_on_a_path_that_leaves_the_view_sits_below_the_plot():
    """Gradient descent with eta = 0.6 (chapter 1): the note says where the path ends and hides no data."""
    path = d2l.train_2d(gd_2d(0.6))
    ax = d2l.show_trace_2d(f_2d, path)
    ax.figure.canvas.draw()
    (note,) = ax.texts
    outside = sum(abs(y) > 4 for _, y in path)
    assert note.get_text() == (
        f"the path leaves the view: {outside} of 21 points lie outside;\nit ends at (-0.388, -1.67e+03)"
    )
    assert note.get_fontsize() >= 9
    assert _below_the_plot(note, ax)
    plt.close("all")


def test_notes_of_two_labelled_paths_are_stacked_one_line_each():
    _, ax = plt.subplots()
    d2l.show_trace_2d(f_2d, d2l.train_2d(gd_2d(0.6)), axes=ax, label="eta 0.6")
    d2l.show_trace_2d(f_2d, d2l.train_2d(gd_2d(0.61)), axes=ax, label="eta 0.61")
    ax.figure.canvas.draw()
    first, second = ax.texts
    assert first.get_text().startswith("eta 0.6 leaves the view: ") and "\n" not in first.get_text()
    assert second.get_text().startswith("eta 0.61 leaves the view: ")
    renderer = ax.figure.canvas.get_renderer()
    assert second.get_window_extent(renderer).y1 <= first.get_window_extent(renderer).y0
    assert _below_the_plot(first, ax) and _below_the_plot(second, ax)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["eta 0.6", "eta 0.61"]
    plt.close("all")


def test_view_covers_a_converging_path():
    path = d2l.train_2d(momentum_2d(0.6, 0.5))
    ax = d2l.show_trace_2d(f_2d, path)
    pts = np.array(path)
    x_lo, x_hi = ax.get_xlim()
    y_lo, y_hi = ax.get_ylim()
    assert (pts[:, 0] >= x_lo).all() and (pts[:, 0] <= x_hi).all()
    assert (pts[:, 1] >= y_lo).all() and (pts[:, 1] <= y_hi).all()
    assert not ax.texts
    assert ax.get_xlabel() == "x1" and ax.get_ylabel() == "x2"
    plt.close("all")


def test_a_path_that_stays_at_one_point_has_a_view_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ax = d2l.show_trace_2d(f_2d, [(0.0, 0.0)] * 3)
        assert ax.get_xlim() == pytest.approx((-0.1, 0.1)) and ax.get_ylim() == pytest.approx((-0.1, 0.1))
        ax = d2l.show_trace_2d(f_2d, [(-3.0, 0.0)] * 3)
    # x1 spans from the start to the origin; x2 never moves from 0.
    assert ax.get_xlim() == pytest.approx((-3.3, 0.3)) and ax.get_ylim() == pytest.approx((-0.1, 0.1))
    plt.close("all")


@pytest.mark.parametrize(
    "kwargs, error, pattern",
    [
        (dict(trainer=42), TypeError, "trainer must be callable"),
        (dict(trainer=gd_2d(0.1), steps=0), ValueError, "steps must be an integer >= 1, got 0"),
        (dict(trainer=gd_2d(0.1), steps=2.5), TypeError, "steps must be an integer"),
        (dict(trainer=gd_2d(0.1), f_grad="grad"), TypeError, "f_grad must be callable"),
        (dict(trainer=gd_2d(0.1), state=[0, 0]), TypeError, "state must be a tuple"),
        (dict(trainer=lambda *a: 1.0), TypeError, "trainer must return a tuple"),
    ],
)
def test_train_2d_rejects_bad_input(kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        d2l.train_2d(**kwargs)


def test_show_trace_2d_rejects_bad_input():
    with pytest.raises(TypeError, match="f must be callable"):
        d2l.show_trace_2d(None, [(0, 0)])
    with pytest.raises(ValueError, match=r"results must be a non-empty list of \(x1, x2\) points"):
        d2l.show_trace_2d(f_2d, [1, 2, 3])
