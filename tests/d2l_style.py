"""Trainers and state initializers written the way *Dive into Deep Learning* writes them (sections 12.6 to
12.10), with only the framework's array calls replaced by numpy (``torch.zeros`` -> ``np.zeros``,
``torch.sqrt`` -> ``np.sqrt``, ...) and the gradient taken from ``grads`` instead of ``p.grad``.

Shared by the tests (tests/test_d2l_compat.py, tests/test_training.py) and tests/benchmark.py.
"""

import numpy as np


def init_momentum_states(feature_dim):
    v_w = np.zeros((feature_dim, 1))
    v_b = np.zeros(1)
    return (v_w, v_b)


def sgd_momentum(params, grads, states, hyperparams):
    for p, g, v in zip(params, grads, states):
        v[:] = hyperparams["momentum"] * v + g
        p[:] -= hyperparams["lr"] * v


def init_adagrad_states(feature_dim):
    s_w = np.zeros((feature_dim, 1))
    s_b = np.zeros(1)
    return (s_w, s_b)


def adagrad(params, grads, states, hyperparams):
    eps = 1e-6
    for p, g, s in zip(params, grads, states):
        s[:] += np.square(g)
        p[:] -= hyperparams["lr"] * g / np.sqrt(s + eps)


def init_rmsprop_states(feature_dim):
    s_w = np.zeros((feature_dim, 1))
    s_b = np.zeros(1)
    return (s_w, s_b)


def rmsprop(params, grads, states, hyperparams):
    gamma, eps = hyperparams["gamma"], 1e-6
    for p, g, s in zip(params, grads, states):
        s[:] = gamma * s + (1 - gamma) * np.square(g)
        p[:] -= hyperparams["lr"] * g / np.sqrt(s + eps)


def init_adadelta_states(feature_dim):
    s_w, s_b = np.zeros((feature_dim, 1)), np.zeros(1)
    delta_w, delta_b = np.zeros((feature_dim, 1)), np.zeros(1)
    return ((s_w, delta_w), (s_b, delta_b))


def adadelta(params, grads, states, hyperparams):
    rho, eps = hyperparams["rho"], 1e-5
    for p, grad, (s, delta) in zip(params, grads, states):
        s[:] = rho * s + (1 - rho) * np.square(grad)
        g = (np.sqrt(delta + eps) / np.sqrt(s + eps)) * grad
        p[:] -= g
        delta[:] = rho * delta + (1 - rho) * g * g


def init_adam_states(feature_dim):
    v_w, v_b = np.zeros((feature_dim, 1)), np.zeros(1)
    s_w, s_b = np.zeros((feature_dim, 1)), np.zeros(1)
    return ((v_w, s_w), (v_b, s_b))


def adam(params, grads, states, hyperparams):
    beta1, beta2, eps = 0.9, 0.999, 1e-6
    for p, g, (v, s) in zip(params, grads, states):
        v[:] = beta1 * v + (1 - beta1) * g
        s[:] = beta2 * s + (1 - beta2) * np.square(g)
        v_bias_corr = v / (1 - beta1 ** hyperparams["t"])
        s_bias_corr = s / (1 - beta2 ** hyperparams["t"])
        p[:] -= hyperparams["lr"] * v_bias_corr / (np.sqrt(s_bias_corr) + eps)
    hyperparams["t"] += 1


def yogi(params, grads, states, hyperparams):
    beta1, beta2, eps = 0.9, 0.999, 1e-3
    for p, g, (v, s) in zip(params, grads, states):
        v[:] = beta1 * v + (1 - beta1) * g
        s[:] = s + (1 - beta2) * np.sign(np.square(g) - s) * np.square(g)
        v_bias_corr = v / (1 - beta1 ** hyperparams["t"])
        s_bias_corr = s / (1 - beta2 ** hyperparams["t"])
        p[:] -= hyperparams["lr"] * v_bias_corr / (np.sqrt(s_bias_corr) + eps)
    hyperparams["t"] += 1
