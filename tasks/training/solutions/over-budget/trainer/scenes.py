"""Segmentation scenes: sprites pasted onto generated textures, drawn with NumPy only.

A scene is an RGB image in [0, 1] and the mask of its sprites. Backgrounds are smooth coloured
noise with a faint grating and grain; sprites are ellipses, rotated boxes, regular polygons, stars
and rings filled with a contrasting two-colour texture (stripes, checks, dots or speckle), with soft
(anti-aliased) edges. The
mask is the set of pixels whose centre lies inside a sprite. Everything follows from the seed, so
the same seed gives the same scenes on every machine (only NumPy's PCG64 and float64 arithmetic).

This file is shipped to applicants unchanged as starter/scenes.py: the hidden scenes come from the
same generator with seeds they do not know.
"""
import numpy as np

SIZE = 64


def scenes(count, seed, size=SIZE):
    """`count` scenes from `seed`: images (count, 3, size, size) float32 in [0, 1] and masks (count, 1, size, size) float32 of 0 and 1."""
    rng = np.random.Generator(np.random.PCG64(seed))
    images = np.empty((count, 3, size, size), np.float32)
    masks = np.empty((count, 1, size, size), np.float32)
    for i in range(count):
        images[i], masks[i, 0] = scene(rng, size)
    return images, masks


def scene(rng, size=SIZE):
    """One scene drawn from `rng`: image (3, size, size) and mask (size, size)."""
    y, x = np.mgrid[0:size, 0:size].astype(np.float64) + 0.5
    image = background(rng, x, y, size)
    mask = np.zeros((size, size), bool)
    for _ in range(rng.integers(1, 4)):
        inside, alpha = sprite_shape(rng, x, y, size)
        fill = sprite_fill(rng, x, y)
        image = image * (1 - alpha) + fill * alpha
        mask |= inside
    image = image + rng.normal(0, 0.02, image.shape)
    return np.clip(image, 0, 1).astype(np.float32), mask.astype(np.float32)


def random_colour(rng):
    return rng.uniform(0, 1, 3)


def smooth_noise(rng, size, cells):
    """Noise on a coarse grid of `cells` x `cells`, interpolated bilinearly to size x size."""
    grid = rng.uniform(0, 1, (cells + 1, cells + 1))
    t = (np.arange(size) + 0.5) / size * cells
    i = np.minimum(t.astype(int), cells - 1)
    f = t - i
    rows = grid[i] * (1 - f)[:, None] + grid[i + 1] * f[:, None]
    return rows[:, i] * (1 - f)[None, :] + rows[:, i + 1] * f[None, :]


def background(rng, x, y, size):
    low, high = random_colour(rng), random_colour(rng)
    t = smooth_noise(rng, size, int(rng.integers(2, 6)))
    image = low[:, None, None] * (1 - t) + high[:, None, None] * t
    angle, period = rng.uniform(0, np.pi), rng.uniform(10, 30)
    grating = np.sin((x * np.cos(angle) + y * np.sin(angle)) * 2 * np.pi / period)
    return image + rng.uniform(0, 0.08) * grating


def sprite_shape(rng, x, y, size):
    """A signed distance (negative inside) of a random shape, as (inside mask, soft alpha)."""
    cx, cy = rng.uniform(0.15, 0.85, 2) * size
    r = rng.uniform(0.08, 0.22) * size
    angle = rng.uniform(0, 2 * np.pi)
    dx, dy = x - cx, y - cy
    u = dx * np.cos(angle) + dy * np.sin(angle)
    v = -dx * np.sin(angle) + dy * np.cos(angle)
    kind = rng.integers(0, 5)
    if kind == 0:  # ellipse (approximate distance)
        e = rng.uniform(0.5, 1.0)
        d = (np.hypot(u, v / e) - r) * e
    elif kind == 1:  # rotated box
        w, h = r, r * rng.uniform(0.4, 1.0)
        d = np.maximum(np.abs(u) - w, np.abs(v) - h)
    elif kind == 2:  # regular polygon
        n = int(rng.integers(3, 7))
        phi = np.arctan2(v, u)
        sector = 2 * np.pi / n
        d = np.hypot(u, v) * np.cos((phi % sector) - sector / 2) - r * np.cos(sector / 2)
    elif kind == 3:  # star
        n = int(rng.integers(4, 7))
        phi = np.arctan2(v, u)
        d = np.hypot(u, v) - r * (0.7 + 0.3 * np.cos(n * phi))
    else:  # ring
        d = np.abs(np.hypot(u, v) - r) - r * rng.uniform(0.25, 0.45)
    return d < 0, np.clip(0.5 - d, 0, 1)[None]


def sprite_fill(rng, x, y):
    """A two-colour texture with a clear contrast: stripes, checks, dots or speckle."""
    dark = random_colour(rng) * rng.uniform(0.1, 0.5)
    light = np.clip(dark + rng.uniform(0.35, 0.6), 0, 1)
    a, b = (dark, light) if rng.uniform() < 0.5 else (light, dark)
    kind = rng.integers(0, 4)
    period = rng.uniform(3, 7)
    angle = rng.uniform(0, np.pi)
    u = x * np.cos(angle) + y * np.sin(angle)
    v = -x * np.sin(angle) + y * np.cos(angle)
    if kind == 0:  # stripes
        t = np.floor(u / period) % 2
    elif kind == 1:  # checks
        t = (np.floor(u / period) + np.floor(v / period)) % 2
    elif kind == 2:  # dots
        t = (np.hypot(u % period - period / 2, v % period - period / 2) < period / 3).astype(float)
    else:  # speckle
        t = (rng.uniform(0, 1, x.shape) < 0.5).astype(float)
    return a[:, None, None] * (1 - t) + b[:, None, None] * t
