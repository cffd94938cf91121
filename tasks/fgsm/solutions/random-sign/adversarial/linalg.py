"""Problem 1: vectors are lists of floats, a matrix is a list of rows."""
import math
from operator import add, mul


def vadd(u, v):
    if len(u) != len(v):
        raise ValueError("vadd: lengths %d and %d differ" % (len(u), len(v)))
    return list(map(add, u, v))


def matvec(a, v):
    """a @ v for an m x n matrix and a vector of length n."""
    if a and len(a[0]) != len(v):
        raise ValueError("matvec: %d columns but a vector of length %d" % (len(a[0]), len(v)))
    return [sum(map(mul, row, v)) for row in a]


def transpose(a):
    return [list(column) for column in zip(*a)]


def relu(v):
    return [x if x > 0.0 else 0.0 for x in v]


def softmax(z):
    """exp(z_i) / sum_j exp(z_j), computed as exp(z_i - max z) so that no exp overflows:
    the largest term is exp(0) = 1, so the sum is in [1, len(z)] and never 0 or inf."""
    top = max(z)
    e = [math.exp(x - top) for x in z]
    total = sum(e)
    return [x / total for x in e]
