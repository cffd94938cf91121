"""The matrices of a shape [m, n, k, seed], drawn exactly as harness/harness.c draws them:
splitmix64 over one counter, a first (m x k), then b (k x n), then the initial c (m x n), each
value (x >> 11) * 2^-52 - 1, in [-1, 1). NumPy's uint64 arithmetic wraps like C's.
The benchmark's later calls get new a and b each (call_operands): one PCG64 stream per call,
drawn here with NumPy's own PCG64, whose state the harness sets up and steps the same way."""
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


MASK = (1 << 64) - 1
CALL_STREAMS = 1 << 62


def splitmix64(seed, i):
    """One value of the splitmix64 stream, as Python integers (the harness's splitmix64)."""
    z = (seed + (i + 1) * 0x9E3779B97F4A7C15) & MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


_CALLS = np.random.Generator(np.random.PCG64(0))


def call_operands(m, n, k, seed, t):
    """(a, b) of the benchmark's call t >= 1 (the harness's fill_call): m*k then k*n values of a
    PCG64 stream whose 128-bit state and increment are made of two splitmix64 draws of the seed."""
    hi, lo = splitmix64(seed, CALL_STREAMS + 2 * t), splitmix64(seed, CALL_STREAMS + 2 * t + 1)
    _CALLS.bit_generator.state = {"bit_generator": "PCG64", "state": {"state": (hi << 64) | lo, "inc": (lo << 64) | hi | 1},
                                  "has_uint32": 0, "uinteger": 0}
    values = _CALLS.random(m * k + k * n) * 2.0 - 1.0
    return values[:m * k].reshape(m, k), values[m * k:].reshape(k, n)


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
