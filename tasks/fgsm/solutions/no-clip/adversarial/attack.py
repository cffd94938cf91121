"""Problem 3: the fast gradient sign method and its random-sign baseline."""
import math
import random


def sign(v):
    """+1 for a positive component, -1 otherwise: the task fixes sign(0) = -1."""
    return [1.0 if g > 0.0 else -1.0 for g in v]


def perturb(values, directions, eps):
    """Moves each pixel (0..255) by eps (in units of the [0, 1] input) along its direction and
    writes it back as an integer: rounded to nearest, then clipped to 0..255."""
    step = eps * 255.0
    return [math.floor(v + step * d + 0.5) for v, d in zip(values, directions)]   # known-bad: no clipping


def fgsm(model, values, label, eps):
    x = [v / 255.0 for v in values]
    return perturb(values, sign(model.input_gradient(x, label)), eps)


def random_sign(values, eps, rng=random):
    return perturb(values, [rng.choice((-1.0, 1.0)) for _ in values], eps)
