"""Property-based tests: every public function of d2lmini works or says clearly why not.

For each function a strategy draws valid arguments; then none, one or two of them are replaced by a
hostile value (wrong types, strings, booleans, complex numbers, NaN, inf, huge and tiny numbers, numpy
scalars, empty arrays, wrong shapes, nested lists). The contract checked on every call:

* with valid arguments the call succeeds and its result passes the function's own property;
* otherwise it succeeds or raises ``TypeError``/``ValueError`` whose message names a replaced argument;
* it never changes its inputs, never raises anything else, and an optimizer whose step is rejected is
  left exactly as it was.

Functions without a dedicated strategy (new ones included) get the generic probe at the end, which
calls them with hostile values for every parameter.
"""

from __future__ import annotations

import copy
import inspect
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import d2lmini as d2l

FAST = settings(
    deadline=None,
    derandomize=True,
    max_examples=60,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)
SLOW = settings(FAST, max_examples=20)  # calls that draw a figure or train

# --------------------------------------------------------------------------- hostile values

NAN, INF = math.nan, math.inf
HOSTILE_VALUES = [
    None,
    True,
    np.True_,
    "0.1",
    "",
    b"1",
    1j,
    NAN,
    INF,
    -INF,
    1e308,
    -1e308,
    5e-324,
    0,
    -1,
    10**400,
    2**70,
    np.float32(0.5),
    np.float64(NAN),
    np.int64(3),
    np.array(0.5),
    np.array([]),
    np.zeros((0, 3)),
    np.ones((2, 3)),
    np.ones((3, 1)),
    np.ones(4),
    np.ones((2, 2, 2)),
    np.array([1j, 2j]),
    np.array(["a", "b"]),
    np.array([NAN, 1.0]),
    np.array([INF, -INF]),
    np.array([1e308, -1e308]),
    np.array([True, False]),
    np.array([1, 2], dtype=object),
    [1, [2, 3]],
    [],
    (),
    {},
    {"lr": "x"},
    [None],
    object(),
    print,
]
hostile = st.one_of(
    st.sampled_from(HOSTILE_VALUES),
    st.floats(),
    st.integers(),
    st.text(max_size=3),
    hnp.arrays(
        np.float64, hnp.array_shapes(min_dims=0, max_dims=2, min_side=0, max_side=3), elements=st.floats()
    ),
)


def finite(low=-1e6, high=1e6, **kw):
    return st.floats(low, high, allow_nan=False, allow_infinity=False, **kw)


def vectors(n=None, low=-10.0, high=10.0):
    side = st.integers(1, 4) if n is None else st.just(n)
    return side.flatmap(lambda k: hnp.arrays(np.float64, k, elements=finite(low, high)))


# --------------------------------------------------------------------------- the oracle


def _snapshot(value: Any) -> Any:
    if isinstance(value, (np.ndarray, list, tuple, dict)):
        try:
            return copy.deepcopy(value)
        except Exception:  # an uncopyable element: nothing to compare
            return None
    return None


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, np.ndarray):
        return (
            isinstance(b, np.ndarray)
            and a.shape == b.shape
            and a.dtype == b.dtype
            and (np.array_equal(a, b, equal_nan=a.dtype.kind in "fc"))
        )
    if isinstance(a, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, float) and math.isnan(a):
        return isinstance(b, float) and math.isnan(b)
    return a is b or a == b


CALLS = {"count": 0}


def call(fn: Callable, kwargs: dict, replaced: list[str], allowed=(TypeError, ValueError)) -> Any:
    """Call ``fn(**kwargs)`` and check the contract; return the result (or None after a clean error)."""
    CALLS["count"] += 1
    before = {k: _snapshot(v) for k, v in kwargs.items()}
    try:
        result = fn(**kwargs)
    except allowed as exc:
        message = str(exc)
        assert replaced, f"{fn.__name__} rejected valid arguments {kwargs!r:.300}: {exc!r}"
        assert any(name in message for name in replaced), (
            f"{fn.__name__}: the message does not name the bad argument {replaced}: {message!r}"
        )
        result = None
    finally:
        plt.close("all")
    for k, v in before.items():
        if v is not None:
            assert _same(v, kwargs[k]), f"{fn.__name__} changed its argument {k}"
    return result


def corrupt(data: st.DataObject, kwargs: dict, names: list[str] | None = None) -> list[str]:
    """Replace none, one or two of the arguments by hostile values; return the replaced names."""
    names = list(kwargs) if names is None else names
    count = data.draw(st.sampled_from([0, 1, 1, 1, 2]), label="how many replaced")
    replaced = data.draw(st.permutations(names), label="order")[:count] if names else []
    for name in replaced:
        kwargs[name] = data.draw(hostile, label=name)
    return replaced


# --------------------------------------------------------------------------- analysis


def _finite_result(result: Any, kwargs: dict | None = None) -> None:
    values = [getattr(result, f) for f in result._fields] if hasattr(result, "_fields") else [result]
    for value in values:
        if value is not None:
            assert not np.any(np.isnan(np.asarray(value, dtype=complex))), f"NaN in {result!r:.200}"


@dataclass
class Spec:
    fn: Callable
    args: Callable[[], st.SearchStrategy]
    check: Callable[[Any, dict], None] = lambda result, kwargs: None
    slow: bool = False
    extra_errors: tuple = field(default_factory=tuple)


beta_s = st.floats(0.0, 0.999999)
eta_s = st.floats(1e-300, 1e6, allow_nan=False, allow_infinity=False)
lam_s = st.floats(0.0, 1e6, allow_nan=False, allow_infinity=False)
eta_lam_s = st.floats(0.0, 1e6, allow_nan=False, allow_infinity=False)
mu_l = st.tuples(
    st.floats(1e-300, 1e300, allow_nan=False, allow_infinity=False),
    st.floats(1e-300, 1e300, allow_nan=False, allow_infinity=False),
).map(sorted)


def _grid(**strategies):
    """Scalars, or arrays of one common length, one per named strategy."""
    scalars = st.fixed_dictionaries(strategies)
    arrays = st.integers(1, 3).flatmap(
        lambda k: st.fixed_dictionaries(
            {name: st.lists(s, min_size=k, max_size=k).map(np.array) for name, s in strategies.items()}
        )
    )
    return st.one_of(scalars, arrays)


def _quadratic(n):
    return hnp.arrays(np.float64, (n, n), elements=finite(-3, 3)).map(lambda a: a @ a.T)


SPECS: dict[str, Spec] = {
    "gd_factor": Spec(
        d2l.gd_factor, lambda: st.fixed_dictionaries({"eta": eta_s, "lam": lam_s}), _finite_result
    ),
    **{
        name: Spec(
            getattr(d2l, name),
            lambda: _grid(beta=beta_s, eta=eta_s, lam=lam_s),
            _finite_result,
        )
        for name in [
            "momentum_matrix",
            "nesterov_matrix",
            "momentum_eigenvalues",
            "nesterov_eigenvalues",
            "momentum_spectral_radius",
            "nesterov_spectral_radius",
        ]
    },
    **{
        name: Spec(
            getattr(d2l, name),
            lambda: _grid(beta=beta_s, eta_lam=eta_lam_s),
        )
        for name in ["momentum_convergence_region", "nesterov_convergence_region"]
    },
    "critical_damping_beta": Spec(
        d2l.critical_damping_beta,
        lambda: _grid(eta_lam=st.floats(0.0, 4.0)),
        lambda r, kw: _finite_result(r) or np.testing.assert_array_less(np.asarray(r), 1.0 + 1e-12),
    ),
    "spectral_radius": Spec(
        d2l.spectral_radius,
        lambda: st.one_of(
            st.fixed_dictionaries({"values": vectors(), "matrices": st.just(False)}),
            st.fixed_dictionaries({"values": _quadratic(2), "matrices": st.just(True)}),
        ),
        _finite_result,
    ),
    "optimal_gd": Spec(
        d2l.optimal_gd,
        lambda: mu_l.map(lambda m: {"mu": m[0], "L": m[1]}),
        lambda r, kw: _finite_result(r) or (0 <= r.rate <= 1 or pytest.fail(f"rate {r.rate}")),
    ),
    "optimal_momentum": Spec(
        d2l.optimal_momentum,
        lambda: mu_l.map(lambda m: {"mu": m[0], "L": m[1]}),
        lambda r, kw: _finite_result(r) or (0 <= r.beta <= 1 or pytest.fail(f"beta {r.beta}")),
    ),
    "iterations_to_tolerance": Spec(
        d2l.iterations_to_tolerance,
        lambda: st.fixed_dictionaries(
            {
                "eigenvalues": vectors(low=0.1, high=10.0),
                "eta": st.floats(0.01, 0.15),
                "beta": st.floats(0.0, 0.9),
                "tol": st.floats(1e-8, 0.5),
                "max_iter": st.integers(1, 2000),
                "nesterov": st.booleans(),
            }
        ),
    ),
    "run_quadratic": Spec(
        d2l.run_quadratic,
        lambda: st.integers(1, 3).flatmap(
            lambda n: st.fixed_dictionaries(
                {
                    "Q": _quadratic(n),
                    "x0": vectors(n),
                    "eta": st.floats(1e-3, 0.05),
                    "beta": beta_s,
                    "steps": st.integers(0, 30),
                    "c": st.one_of(st.none(), vectors(n)),
                    "nesterov": st.booleans(),
                }
            )
        ),
    ),
}


def test_large_scale_inputs_give_the_right_answer():
    """Closed forms that overflowed before: scale-free results must not depend on the scale."""
    assert d2l.iterations_to_tolerance([1.0], 0.1, x0=[1e200]) == d2l.iterations_to_tolerance([1.0], 0.1)
    assert d2l.iterations_to_tolerance([1.0], 0.1, x0=[1e-300]) == d2l.iterations_to_tolerance([1.0], 0.1)
    # kappa = 1e400: the true rate 1 - 2e-200 rounds to 1, and eta = 4 / (sqrt(mu) + sqrt(L))**2 = 4e-200.
    settings_ = d2l.optimal_momentum(1e-200, 1e200)
    assert settings_.rate == 1.0 and settings_.beta == 1.0
    assert math.isclose(settings_.eta, 4e-200, rel_tol=1e-12)
    assert d2l.optimal_gd(1e-300, 1e300) == (2e-300, 1.0)
    # mu + L overflows here; eta = 2 / (mu + L) = 8e-309 all the same (a subnormal, hence the tolerance).
    assert math.isclose(d2l.optimal_gd(1e308, 1.5e308).eta, 8e-309, rel_tol=1e-9)
    with pytest.raises(ValueError, match="lr must be finite"):
        d2l.SGD([np.zeros(1)], lr=10**400)
    with pytest.raises(TypeError, match="eta must be an array of real numbers"):
        d2l.gd_factor("0.1", "2")


# --------------------------------------------------------------------------- data and training


@pytest.fixture(scope="module")
def small_data():
    return d2l.get_data_ch11(batch_size=7, n=60)


def _sgd(params, grads, states, hyperparams):
    for p, g in zip(params, grads):
        p -= hyperparams["lr"] * g


SPECS.update(
    {
        "make_default_data": Spec(
            d2l.make_default_data,
            lambda: st.fixed_dictionaries({"seed": st.integers(0, 2**32)}),
            lambda r, kw: np.testing.assert_allclose(r[0].std(axis=0), 1.0),
            slow=True,
        ),
        "get_data_ch11": Spec(
            d2l.get_data_ch11,
            lambda: st.fixed_dictionaries({"batch_size": st.integers(1, 2000), "n": st.integers(1, 1500)}),
            lambda r, kw: len(r[0]) == -(-kw["n"] // kw["batch_size"]) or pytest.fail("batches"),
        ),
        "DataLoader": Spec(
            d2l.DataLoader,
            lambda: st.integers(1, 5).flatmap(
                lambda n: st.fixed_dictionaries(
                    {
                        "X": hnp.arrays(np.float64, (n, 2), elements=finite()),
                        "y": hnp.arrays(np.float64, n, elements=finite()),
                        "batch_size": st.integers(1, 8),
                        "seed": st.integers(0, 100),
                    }
                )
            ),
            lambda r, kw: sum(len(y) for _, y in r) == len(kw["y"]) or pytest.fail("examples"),
        ),
        "least_squares": Spec(
            d2l.least_squares,
            lambda: st.integers(2, 6).flatmap(
                lambda n: st.fixed_dictionaries(
                    {
                        "X": hnp.arrays(np.float64, (n, 2), elements=finite(-1e3, 1e3)),
                        "y": hnp.arrays(np.float64, n, elements=finite(-1e3, 1e3)),
                    }
                )
            ),
            _finite_result,
        ),
        "linreg": Spec(
            d2l.linreg,
            lambda: st.integers(1, 4).flatmap(
                lambda n: st.fixed_dictionaries(
                    {"X": hnp.arrays(np.float64, (n, 3), elements=finite()), "w": vectors(3), "b": vectors(1)}
                )
            ),
        ),
        "squared_loss": Spec(
            d2l.squared_loss,
            lambda: st.integers(1, 4).flatmap(
                lambda n: st.fixed_dictionaries({"y_hat": vectors(n), "y": vectors(n)})
            ),
            lambda r, kw: np.testing.assert_array_less(-1e-300, r),
        ),
        "evaluate_loss": Spec(
            d2l.evaluate_loss,
            lambda: st.integers(1, 4).flatmap(
                lambda n: st.fixed_dictionaries(
                    {
                        "X": hnp.arrays(np.float64, (n, 3), elements=finite()),
                        "y": vectors(n),
                        "w": vectors(3).map(lambda v: v.reshape(-1, 1)),
                        "b": vectors(1),
                    }
                )
            ),
        ),
    }
)


def _train_ch11(**kwargs):
    data_iter, feature_dim = d2l.get_data_ch11(batch_size=7, n=60)
    return d2l.train_ch11(data_iter=data_iter, feature_dim=feature_dim, **kwargs)


def _train_concise_ch11(**kwargs):
    data_iter, _ = d2l.get_data_ch11(batch_size=7, n=60)
    return d2l.train_concise_ch11(data_iter=data_iter, **kwargs)


_run_options = {
    "num_epochs": st.integers(1, 2),
    "seed": st.integers(0, 10),
    "lr_schedule": st.one_of(st.none(), st.just(lambda epoch: 0.01 / (epoch + 1))),
    "ylim": st.one_of(st.none(), st.just((0.0, 2.0))),
    "plot": st.just(False),
    "verbose": st.booleans(),
}
SPECS.update(
    {
        "train_ch11": Spec(
            _train_ch11,
            lambda: st.fixed_dictionaries(
                {
                    "trainer_fn": st.just(_sgd),
                    "states": st.none(),
                    "hyperparams": st.just({"lr": 0.01}),
                    **_run_options,
                }
            ),
            lambda r, kw: np.all(np.isfinite(r.losses)) or pytest.fail("losses"),
            slow=True,
        ),
        "train_concise_ch11": Spec(
            _train_concise_ch11,
            lambda: st.fixed_dictionaries(
                {
                    "optimizer": st.sampled_from([d2l.SGD, d2l.Adam, d2l.Adagrad]),
                    "hyperparams": st.just({"lr": 0.01}),
                    **_run_options,
                }
            ),
            lambda r, kw: np.all(np.isfinite(r.losses)) or pytest.fail("losses"),
            slow=True,
        ),
    }
)

# --------------------------------------------------------------------------- plotting, 2-D runs, explorer

_curve = vectors(low=-1e3, high=1e3)
SPECS.update(
    {
        "plot": Spec(
            d2l.plot,
            lambda: st.integers(1, 4).flatmap(
                lambda n: st.fixed_dictionaries(
                    {"X": vectors(n)},
                    optional={
                        "Y": vectors(n),
                        "xlabel": st.text(max_size=5),
                        "ylabel": st.text(max_size=5),
                        "xlim": st.just((0, 1)),
                        "ylim": st.just([-1.0, 1.0]),
                        "xscale": st.sampled_from(["linear", "symlog"]),
                        "fmts": st.just(("-",)),
                        "figsize": st.just((3, 2)),
                    },
                )
            ),
            slow=True,
        ),
        "set_figsize": Spec(
            d2l.set_figsize,
            lambda: st.fixed_dictionaries({"figsize": st.tuples(st.floats(0.5, 20), st.floats(0.5, 20))}),
        ),
        "set_axes": Spec(
            lambda **kw: d2l.set_axes(plt.subplots()[1], **kw),
            lambda: st.fixed_dictionaries(
                {},
                optional={
                    "xlabel": st.text(max_size=5),
                    "xlim": st.just((1, 2)),
                    "ylim": st.just((0.5, 2)),
                    "yscale": st.sampled_from(["linear", "log"]),
                    "legend": st.just(["a"]),
                },
            ),
            slow=True,
        ),
        "Animator": Spec(
            d2l.Animator,
            lambda: st.fixed_dictionaries(
                {},
                optional={
                    "xlabel": st.just("epoch"),
                    "legend": st.just(["a", "b"]),
                    "xlim": st.just([0, 5]),
                    "fmts": st.just(["-", "r:"]),
                    "figsize": st.just((3.5, 2.5)),
                },
            ),
            slow=True,
        ),
        "train_2d": Spec(
            d2l.train_2d,
            lambda: st.fixed_dictionaries(
                {
                    "trainer": st.just(lambda x1, x2, s1, s2: (0.5 * x1, 0.5 * x2, s1, s2)),
                    "steps": st.integers(1, 50),
                }
            ),
            lambda r, kw: len(r) == kw["steps"] + 1 or pytest.fail("points"),
        ),
        "show_trace_2d": Spec(
            d2l.show_trace_2d,
            lambda: st.fixed_dictionaries(
                {
                    "f": st.just(lambda x1, x2: 0.1 * x1**2 + 2 * x2**2),
                    "results": st.lists(
                        st.tuples(finite(-1e300, 1e300), finite(-1e300, 1e300)), min_size=1, max_size=5
                    ),
                    "resolution": st.integers(10, 30),
                },
                optional={"label": st.just("path"), "fmt": st.just("-o"), "color": st.just("red")},
            ),
            slow=True,
        ),
        "explore": Spec(
            lambda **kw: d2l.explore(lambda fig, **p: None, **kw),
            lambda: st.fixed_dictionaries(
                {
                    "sliders": st.dictionaries(
                        st.sampled_from(["eta", "beta"]),
                        st.lists(finite(-10, 10), min_size=2, max_size=4, unique=True),
                        min_size=1,
                    ),
                    "alt": st.just("a figure that follows the sliders"),
                },
                optional={"dpi": st.integers(20, 100), "figsize": st.just((3.0, 2.0))},
            ),
        ),
    }
)


@pytest.mark.parametrize("name", sorted(SPECS))
def test_public_function_works_or_says_why(name):
    spec = SPECS[name]

    @(SLOW if spec.slow else FAST)
    @given(data=st.data())
    def run(data):
        kwargs = data.draw(spec.args(), label="valid arguments")
        replaced = corrupt(data, kwargs)
        result = call(spec.fn, kwargs, replaced)
        if not replaced:
            spec.check(result, kwargs)

    with np.errstate(all="ignore"):
        run()


# --------------------------------------------------------------------------- optimizers


def optimizer_classes():
    return [
        getattr(d2l, name)
        for name in d2l.optim.__all__
        if isinstance(getattr(d2l, name), type)
        and issubclass(getattr(d2l, name), d2l.Optimizer)
        and getattr(d2l, name) is not d2l.Optimizer
    ]


def update_rules():
    return [name for name in d2l.optim.__all__ if name.endswith("_update")]


def _valid_settings(cls):
    values = {"lr": 0.01}
    return {k: v for k, v in values.items() if k in cls.defaults}


@pytest.mark.parametrize("cls", optimizer_classes(), ids=lambda c: c.__name__)
@settings(FAST, max_examples=40)
@given(data=st.data())
def test_optimizer_step_is_all_or_nothing(cls, data):
    """A rejected step leaves parameters, state and step count exactly as they were."""
    shapes = [(3, 1), (1,)]
    params = [np.linspace(-1, 1, 3).reshape(3, 1), np.array([0.5])]
    opt = call(cls, {"params": params, **_valid_settings(cls)}, [])
    opt.step([np.full(s, 0.1) for s in shapes])
    grads = [data.draw(hnp.arrays(np.float64, s, elements=finite(-1e3, 1e3))) for s in shapes]
    replaced = []
    if data.draw(st.booleans(), label="hostile grads"):
        i = data.draw(st.sampled_from([0, 1]))
        grads[i] = data.draw(hostile, label="grad")
        replaced = ["grads"]
    before = (copy.deepcopy(params), copy.deepcopy(opt.state), opt.steps_taken)
    result = call(opt.step, {"grads": grads}, replaced)
    if result is None and replaced and opt.steps_taken == before[2]:
        assert _same(params, before[0]) and _same(list(opt.state), list(before[1]))
    else:
        assert opt.steps_taken == before[2] + 1


@pytest.mark.parametrize("cls", optimizer_classes(), ids=lambda c: c.__name__)
@settings(FAST, max_examples=40)
@given(data=st.data())
def test_optimizer_settings_are_checked(cls, data):
    params = [np.zeros((2, 1))]
    kwargs = {"params": params, **_valid_settings(cls)}
    names = [*cls.defaults, *cls.flags, "params"]
    replaced = data.draw(st.sampled_from(names), label="setting")
    kwargs[replaced] = data.draw(hostile, label="value")
    opt = call(cls, kwargs, [replaced])
    if opt is not None:
        repr(opt)
        lr = data.draw(hostile, label="new lr")
        old = opt.lr
        try:
            opt.lr = lr
        except (TypeError, ValueError) as exc:
            assert "lr" in str(exc) and opt.lr == old


@pytest.mark.parametrize("name", update_rules())
@settings(FAST, max_examples=40)
@given(data=st.data())
def test_pure_update_rule_checks_its_arguments(name, data):
    rule = getattr(d2l, name)
    init = getattr(d2l, name.replace("_update", "_init"))
    shape = data.draw(st.sampled_from([(2,), (3, 1), (1,)]))
    grad = data.draw(hnp.arrays(np.float64, shape, elements=finite(-1e3, 1e3)))
    param = data.draw(hnp.arrays(np.float64, shape, elements=finite(-1e3, 1e3)))
    kwargs = {"grad": grad, "state": init(param), "param": param, "lr": 0.01}
    replaced = corrupt(data, kwargs)
    result = call(rule, kwargs, replaced)
    if not replaced:
        delta, state = result
        assert np.shape(delta) == shape and type(state) is type(init(param))
        assert np.all(np.isfinite(delta))


# --------------------------------------------------------------------------- everything else


COVERED_ELSEWHERE = {
    # Classes whose construction and methods are probed above or in the fault-injection tests.
    "Optimizer",
    "download_airfoil",
    "load_airfoil",
    # The book's explorers take no arguments; they are drawn by the site tests.
    *[name for name in d2l.__all__ if name.endswith("_explorer")],
}


def _generic_targets():
    names = []
    for name in d2l.__all__:
        obj = getattr(d2l, name)
        if name in SPECS or name in COVERED_ELSEWHERE or not callable(obj):
            continue
        if isinstance(obj, type) and (issubclass(obj, tuple) or issubclass(obj, d2l.Optimizer)):
            continue  # result records (NamedTuples) and optimizers (tested above)
        if name.endswith(("_update", "_init")):
            continue
        names.append(name)
    return names


@pytest.mark.parametrize("name", _generic_targets())
@settings(FAST, max_examples=30)
@given(data=st.data())
def test_generic_probe(name, data):
    """Any other public callable: hostile values for every parameter give a clean error or a result."""
    fn = getattr(d2l, name)
    parameters = [
        p
        for p in inspect.signature(fn).parameters.values()
        if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
    ]
    kwargs = {p.name: data.draw(hostile, label=p.name) for p in parameters if p.default is p.empty}
    with np.errstate(all="ignore"):
        call(fn, kwargs, list(kwargs))


def test_animator_add_and_timer():
    animator = d2l.Animator(legend=["a", "b"])
    for bad in ["x", [1j, 2], None, [[1, 2]], np.ones((2, 2))]:
        with pytest.raises((TypeError, ValueError), match="y"):
            animator.add(0, bad)
    assert animator.X == [] and animator.Y == []
    animator.add(0, [1.0, 2.0])
    with pytest.raises(TypeError, match="x must be an array of real numbers"):
        animator.add("zero", [1.0, 2.0])
    assert animator.X == [[0.0], [0.0]]
    timer = d2l.Timer()
    assert timer.stop() >= 0 and len(timer.times) == 1


def test_number_of_generated_cases_is_reported(capsys):
    """Runs last in this file: prints how many calls the properties above made (for the report)."""
    with capsys.disabled():
        print(f"\nproperty tests made {CALLS['count']} checked calls")


@pytest.mark.parametrize(
    "sliders, error, pattern",
    [
        ({"eta": "12"}, TypeError, r"sliders\['eta'\] must be an array of real numbers"),
        ({"eta": 0.5}, ValueError, r"sliders\['eta'\] must be 1-dimensional"),
        ({"eta": [0.1, True]}, TypeError, r"sliders\['eta'\] must be an array of real numbers"),
        ({3: [0.1, 0.2]}, TypeError, "sliders keys must be parameter names"),
    ],
)
def test_explore_rejects_the_issue_examples(sliders, error, pattern):
    with pytest.raises(error, match=pattern):
        d2l.explore(lambda fig, **p: None, sliders, alt="a figure that follows the sliders")
