"""The embedded data set, the airfoil loader and its download path, and the minibatch loader."""

import hashlib
import os

import numpy as np
import pytest

import d2lmini as d2l
from d2lmini.data import AIRFOIL_SHA1


def test_embedded_data_is_standardized_and_deterministic():
    X, y = d2l.make_default_data()
    assert X.shape == (1500, 5) and y.shape == (1500,)
    np.testing.assert_allclose(X.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(X.std(axis=0), 1, atol=1e-12)
    np.testing.assert_allclose([y.mean(), y.std()], [0, 1], atol=1e-12)
    X2, y2 = d2l.make_default_data()
    assert np.array_equal(X, X2) and np.array_equal(y, y2)


def test_embedded_data_optimum_and_condition_number():
    """The plan asks for an optimum near 0.24 and a condition number between 10 and 20."""
    X, y = d2l.make_default_data()
    solution = d2l.least_squares(X, y)
    assert 0.23 < solution.loss < 0.25
    assert 10 < solution.condition_number < 20
    # The normal equations hold at the solution: the gradient vanishes.
    err = X @ solution.w + solution.b - y
    np.testing.assert_allclose(X.T @ err / len(y), 0, atol=1e-12)
    assert abs(err.mean()) < 1e-12
    # The Hessian eigenvalues are those of [X, 1]^T [X, 1] / n.
    A = np.column_stack([X, np.ones(len(X))])
    np.testing.assert_allclose(solution.hessian_eigenvalues, np.linalg.eigvalsh(A.T @ A / len(X)))


def test_loader_batches_cover_the_data_once_per_epoch():
    data_iter, feature_dim = d2l.get_data_ch11(batch_size=64, n=1000)
    assert feature_dim == 5 and len(data_iter) == 16
    batches = list(data_iter.epoch(np.random.default_rng(3)))
    assert [len(y) for _, y in batches] == [64] * 15 + [40]
    X = np.concatenate([b[0] for b in batches])
    rows = {tuple(r) for r in X}
    assert len(rows) == 1000 and rows == {tuple(r) for r in data_iter.X}
    again = list(data_iter.epoch(np.random.default_rng(3)))
    assert all(np.array_equal(a[1], b[1]) for a, b in zip(batches, again))


def test_airfoil_loader(airfoil_path):
    X, y = d2l.load_airfoil(airfoil_path)
    assert X.shape == (1503, 5)
    raw = np.loadtxt(airfoil_path)
    np.testing.assert_allclose(y, (raw[:, -1] - raw[:, -1].mean()) / raw[:, -1].std(), rtol=0, atol=1e-12)
    data_iter, feature_dim = d2l.get_data_ch11(batch_size=10, n=1500, path=airfoil_path)
    assert feature_dim == 5 and data_iter.num_examples == 1500
    np.testing.assert_array_equal(data_iter.X, X[:1500])


def test_download_path_uses_checksum_and_cache(airfoil_path, tmp_path):
    url = airfoil_path.resolve().as_uri()
    cached = d2l.download_airfoil(cache_dir=tmp_path, url=url)
    assert cached == tmp_path / "airfoil_self_noise.dat"
    assert hashlib.sha1(cached.read_bytes()).hexdigest() == AIRFOIL_SHA1
    os.utime(cached, (1, 1))
    assert d2l.download_airfoil(cache_dir=tmp_path, url="file:///nowhere/at/all") == cached
    assert cached.stat().st_mtime == 1


def test_download_rejects_a_wrong_checksum(airfoil_path, tmp_path):
    with pytest.raises(OSError, match="has SHA-1 .* expected 0000.*by hand"):
        d2l.download_airfoil(cache_dir=tmp_path, url=airfoil_path.resolve().as_uri(), sha1="0" * 40)
    assert not list(tmp_path.iterdir())


def test_failed_download_says_what_to_do(tmp_path):
    with pytest.raises(
        OSError, match="could not download .* Download .* by hand.*get_data_ch11\\(path=...\\)"
    ):
        d2l.download_airfoil(cache_dir=tmp_path, url=(tmp_path / "missing.dat").as_uri())


def test_missing_and_malformed_files(tmp_path):
    with pytest.raises(FileNotFoundError, match="nothing.dat' does not exist; get the airfoil data"):
        d2l.get_data_ch11(path=tmp_path / "nothing.dat")
    bad = tmp_path / "bad.dat"
    bad.write_text("1\t2\t3\t4\t5\t6\n1\t2\t3\n")
    with pytest.raises(ValueError, match="bad.dat: line 2 has 3 columns, expected 6"):
        d2l.load_airfoil(bad)
    bad.write_text("1\t2\t3\t4\t5\t6\n1\t2\tx\t4\t5\t6\n")
    with pytest.raises(ValueError, match="bad.dat: line 2 holds a value that is not a number"):
        d2l.load_airfoil(bad)
    bad.write_text("")
    with pytest.raises(ValueError, match="found 0 data lines"):
        d2l.load_airfoil(bad)


@pytest.mark.parametrize(
    "kwargs, error, pattern",
    [
        (dict(batch_size=0), ValueError, "batch_size must be an integer >= 1, got 0"),
        (dict(batch_size=2.0), TypeError, "batch_size must be an integer"),
        (dict(n=0), ValueError, "n must be an integer >= 1"),
        (
            dict(n=1501),
            ValueError,
            "n must be at most the number of examples in the embedded data set, 1500; got 1501",
        ),
    ],
)
def test_get_data_rejects_bad_input(kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        d2l.get_data_ch11(**kwargs)


def test_chapter_states_the_embedded_optimum_and_condition_number():
    """Chapter 1 prints the optimum and condition number; they must be the data's own."""
    import json
    from pathlib import Path

    nb = json.loads((Path(__file__).resolve().parents[1] / "chapters" / "momentum.ipynb").read_text())
    printed = "".join(
        "".join(out.get("text", ""))
        for cell in nb["cells"]
        if cell["cell_type"] == "code" and "least_squares" in "".join(cell["source"])
        for out in cell["outputs"]
    )
    solution = d2l.least_squares(*d2l.make_default_data())
    assert f"least-squares optimum {solution.loss:.4f}" in printed
    assert f"Hessian condition number {solution.condition_number:.1f}" in printed
