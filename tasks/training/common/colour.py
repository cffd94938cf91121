"""Ground truth of the colour problems: OpenCV's float32 RGB -> Lab, and the evaluation grid.

OpenCV converts float32 RGB in [0, 1] (sRGB, D65) to L in [0, 100] and a, b roughly in
[-128, 127]. The checker evaluates on an offset grid of the RGB cube: `steps` values per channel,
(k + offset) / steps for k = 0 .. steps-1, with one offset in (0, 1) per channel drawn from the
case's seed, so that no grid point is known in advance; the cube's 8 corners are added because the
worst errors of small networks sit there.
"""
import numpy as np
import cv2


def rgb_to_lab(rgb):
    """Lab of RGB values shaped (..., 3), float32, exactly as cv2.cvtColor(float32, COLOR_RGB2Lab)."""
    rgb = np.asarray(rgb, np.float32)
    flat = np.ascontiguousarray(rgb.reshape(-1, 1, 3))
    return cv2.cvtColor(flat, cv2.COLOR_RGB2Lab).reshape(rgb.shape)


def cube_grid(steps, offset):
    """Grid points of the cube (steps**3 + 8, 3) float32; `offset` holds one value in (0, 1) per channel."""
    axes = [(np.arange(steps) + o) / steps for o in offset]
    r, g, b = np.meshgrid(*axes, indexing="ij")
    points = np.stack([r.ravel(), g.ravel(), b.ravel()], axis=1)
    corners = np.array([[i >> 2 & 1, i >> 1 & 1, i & 1] for i in range(8)], np.float64)
    return np.concatenate([points, corners]).astype(np.float32)


def as_images(points):
    """Points (P, 3) as one image (1, 3, 1, P): the (N, 3, H, W) layout the models take."""
    return np.ascontiguousarray(points.T[None, :, None, :])


def from_images(images):
    """The inverse of as_images for any (N, 3, H, W): pixels as rows (N*H*W, 3)."""
    return np.ascontiguousarray(images.transpose(0, 2, 3, 1).reshape(-1, 3))
