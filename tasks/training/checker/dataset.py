"""Judging `./run dataset N SEED OUT.npz`: N (input, target) pairs whose targets are OpenCV's Lab of the inputs.

OUT.npz holds float32 arrays `input` (RGB in [0, 1]) and `target` (Lab), both shaped (N, 3) or
(N, 3, H, W). The inputs must spread over the cube; every target must be within TOLERANCE of
cv2.cvtColor(input, COLOR_RGB2Lab) in each channel.
"""
import zipfile

import numpy as np

from common import colour

TOLERANCE = 0.01
SPREAD = (0.1, 0.9)


def judge(path, n):
    try:
        with np.load(path, allow_pickle=False) as stored:
            arrays = {k: stored[k] for k in stored.files}
    except FileNotFoundError:
        return {"score": 0, "message": "pairs.npz was not written"}
    except (ValueError, OSError, zipfile.BadZipFile) as e:
        return {"score": 0, "message": f"pairs.npz is not an .npz of plain arrays (np.savez, no pickled objects): {e}"}
    missing = {"input", "target"} - arrays.keys()
    if missing:
        return {"score": 0, "message": f"pairs.npz has no array {', '.join(sorted(missing))} (it has {', '.join(sorted(arrays)) or 'none'})"}
    x, y = arrays["input"], arrays["target"]
    for name, a in (("input", x), ("target", y)):
        if a.dtype != np.float32:
            return {"score": 0, "message": f"{name} is {a.dtype}, not float32"}
        if a.ndim not in (2, 4) or a.shape[0] != n or a.shape[1] != 3:
            return {"score": 0, "message": f"{name} has shape {a.shape}; expected ({n}, 3) or ({n}, 3, H, W)"}
    if x.shape != y.shape:
        return {"score": 0, "message": f"input {x.shape} and target {y.shape} differ in shape"}
    rgb, lab = colour.from_images(x if x.ndim == 4 else x[:, :, None, None]), colour.from_images(y if y.ndim == 4 else y[:, :, None, None])
    if not np.isfinite(rgb).all() or rgb.min() < 0 or rgb.max() > 1:
        return {"score": 0, "message": f"input holds values outside [0, 1] (from {np.nanmin(rgb):.4g} to {np.nanmax(rgb):.4g}): is it RGB?"}
    low, high = rgb.min(axis=0), rgb.max(axis=0)
    if (low > SPREAD[0]).any() or (high < SPREAD[1]).any():
        return {"score": 0, "message": f"the inputs do not spread over the cube: channel minima {np.round(low, 3).tolist()}, maxima {np.round(high, 3).tolist()} (each must reach below {SPREAD[0]} and above {SPREAD[1]})"}
    truth = colour.rgb_to_lab(rgb)
    diff = np.abs(lab.astype(np.float64) - truth)
    diff = np.where(np.isfinite(diff), diff, np.inf)
    worst = np.unravel_index(int(np.argmax(diff)), diff.shape)[0]
    bad = int((diff > TOLERANCE).any(axis=1).sum())
    if bad:
        return {"score": 0, "message": (
            f"{bad} of {len(rgb)} targets differ from OpenCV's Lab of their input by more than {TOLERANCE}; e.g. input "
            f"{np.round(rgb[worst], 4).tolist()}: target {np.round(lab[worst], 3).tolist()}, expected {np.round(truth[worst], 3).tolist()}")}
    return {"score": 1, "message": f"{len(rgb)} pairs, every target within {TOLERANCE} of OpenCV's Lab (largest difference {diff.max():.2g})"}
