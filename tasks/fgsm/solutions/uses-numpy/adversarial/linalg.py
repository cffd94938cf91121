"""Problem 1 on NumPy (known-bad: problems 1-3 must use the standard library only)."""
import numpy as np


def vadd(u, v):
    if len(u) != len(v):
        raise ValueError("vadd: lengths differ")
    return list(np.add(u, v))


def matvec(a, v):
    if a and len(a[0]) != len(v):
        raise ValueError("matvec: shapes differ")
    return list(np.asarray(a) @ np.asarray(v))


def transpose(a):
    return np.asarray(a).T.tolist()


def relu(v):
    return list(np.maximum(v, 0.0))


def softmax(z):
    e = np.exp(np.asarray(z) - max(z))
    return list(e / e.sum())
