"""The matrices of a shape [m, n, k, seed], drawn exactly as harness/harness.c draws them:
splitmix64 over one counter, a first (m x k), then b (k x n), then the initial c (m x n), each
value (x >> 11) * 2^-52 - 1, in [-1, 1). NumPy's uint64 arithmetic wraps like C's."""
import numpy as np

GOLDEN = np.uint64(0x9E3779B97F4A7C15)
MIX1 = np.uint64(0xBF58476D1CE4E5B9)
MIX2 = np.uint64(0x94D049BB133111EB)


def draw(seed, start, count):
    with np.errstate(over="ignore"):
        z = np.uint64(seed) + (np.arange(start + 1, start + count + 1, dtype=np.uint64) * GOLDEN)
        z = (z ^ (z >> np.uint64(30))) * MIX1
        z = (z ^ (z >> np.uint64(27))) * MIX2
        z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(11)).astype(np.float64) * 2.0 ** -52 - 1.0


def problem(m, n, k, seed):
    """(a, b, c0) as float64 arrays."""
    a = draw(seed, 0, m * k).reshape(m, k)
    b = draw(seed, m * k, k * n).reshape(k, n)
    c0 = draw(seed, m * k + k * n, m * n).reshape(m, n)
    return a, b, c0


TOLERANCE = 1e-10


def judge(m, n, k, seed, got):
    """(wrong mask, expected, c0, scale) for the candidate's c; an element is right when
    |got - exact| <= 1e-10 * (|c0| + sum_p |a_ip| |b_pj|)."""
    a, b, c0 = problem(m, n, k, seed)
    want = c0 + a @ b
    scale = np.abs(c0) + np.abs(a) @ np.abs(b)
    with np.errstate(invalid="ignore"):
        wrong = ~(np.abs(got - want) <= TOLERANCE * scale)
    return wrong, want, c0, a @ b
