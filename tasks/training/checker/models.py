"""Judging models: which files count as TorchScript, the thresholds, and scores from measured errors.

Squared errors are per pixel, summed over the three channels (in Lab units for rgb2lab, in RGB
units of [0, 1] for lab2rgb); `mean` averages them over the grid, `worst` is the largest. A model
gets half its points for the mean and half for the worst error: each half is full at or under its
threshold and falls linearly in log10 of the error to nothing at ten times it. Segmentation is
judged by the mean IoU of (logit > 0) against the true masks over the scenes: full at or above its
threshold, nothing at 0.3 below it, linear in between.
"""
import math
import zipfile

# (mean, worst) squared error for colour models, mean IoU for segmentation. The statement quotes them.
THRESHOLDS = {
    "submitted": {"rgb2lab": (0.5, 30.0), "lab2rgb": (1e-4, 1e-2), "segment": 0.80},
    "retrained": {"rgb2lab": (4.0, 300.0), "lab2rgb": (1e-3, 5e-2), "segment": 0.60},
}
IOU_SPAN = 0.3


def torchscript_problem(path):
    """None when `path` looks like a torch.jit.save archive, else why it is refused (without unpickling anything)."""
    try:
        with open(path, "rb") as f:
            head = f.read(4)
    except OSError:
        return "missing"
    if head[:1] == b"\x80":
        return "a pickle (torch.save with the legacy format), not TorchScript: save with torch.jit.save(torch.jit.script(model), path)"
    if not zipfile.is_zipfile(path):
        return "not a TorchScript archive (torch.jit.save writes a zip file)"
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
    if not any(n.endswith("/constants.pkl") for n in names) or not any("/code/" in n for n in names):
        if any(n.endswith("/data.pkl") for n in names):
            return "saved with torch.save (a pickle of the module), not TorchScript: save with torch.jit.save(torch.jit.script(model), path)"
        return "a zip file without TorchScript code (no code/ and constants.pkl): save with torch.jit.save"
    return None


def error_fraction(value, threshold):
    if not math.isfinite(value):
        return 0.0
    if value <= threshold:
        return 1.0
    return max(0.0, 1.0 - math.log10(value / threshold))


def score(name, metrics, thresholds):
    """(fraction of the model's points, one line saying why) for metrics measured by evaluate.py."""
    limit = THRESHOLDS[thresholds][name]
    if name == "segment":
        iou = metrics["iou"]
        fraction = 0.0 if not math.isfinite(iou) else min(1.0, max(0.0, (iou - (limit - IOU_SPAN)) / IOU_SPAN))
        return fraction, f"{name}: mean IoU {iou:.3f} over {metrics['count']} scenes (full marks from {limit:.2f}): {fraction:.0%}"
    mean_limit, worst_limit = limit
    fraction = 0.5 * error_fraction(metrics["mean"], mean_limit) + 0.5 * error_fraction(metrics["worst"], worst_limit)
    at = ", ".join(f"{v:.3f}" for v in metrics["worst_at"])
    space = "Lab" if name == "lab2rgb" else "RGB"
    return fraction, (f"{name}: mean squared error {metrics['mean']:.4g} (full marks up to {mean_limit:g}), "
                      f"worst {metrics['worst']:.4g} (up to {worst_limit:g}) at {space} ({at}), "
                      f"over {metrics['count']} colours: {fraction:.0%}")
