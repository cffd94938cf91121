"""The judgements of the fgsm checker as functions, so that the self-test can call them directly."""
import os

import numpy as np

from common import mlp, pgm

ACCURACY_SLACK = 0.05     # points of accuracy the candidate's attack may leave above the reference's
AGREEMENT_NEEDED = 0.90   # share of changed pixels whose direction must match the reference gradient's sign
SHOWN = 3                 # problems quoted in a message


def predictions(output_path, answer_path):
    """Line by line: the image name (a path is accepted, its last part counts) and the label."""
    with open(answer_path, encoding="ascii") as f:
        expected = [line.split() for line in f.read().splitlines() if line.strip()]
    if not os.path.isfile(output_path):
        return {"score": 0.0, "message": "nothing was printed"}
    with open(output_path, "rb") as f:
        got = [line.split() for line in f.read().decode("utf-8", "replace").splitlines() if line.strip()]
    wrong = []
    right = 0
    for i in range(max(len(expected), len(got))):
        want = expected[i] if i < len(expected) else None
        have = got[i] if i < len(got) else None
        if want and have and len(have) == 2 and os.path.basename(have[0]) == want[0] and have[1] == want[1]:
            right += 1
        elif want:
            wrong.append("line %d: expected '%s', got %s" % (i + 1, " ".join(want), "'%s'" % " ".join(have) if have else "no line"))
        else:
            wrong.append("line %d: unexpected extra line '%s'" % (i + 1, " ".join(have)[:80]))
    total = max(len(expected), len(got))
    message = "%d of %d predictions right" % (right, len(expected))
    if wrong:
        message += "; " + "; ".join(wrong[:SHOWN]) + ("; ..." if len(wrong) > SHOWN else "")
    return {"score": right / total if total else 0.0, "message": message}


def read_case(params_path, images_dir, labels_path):
    params = mlp.read(params_path)
    names = pgm.numbered(images_dir)
    pixels = np.array([pgm.read(os.path.join(images_dir, n)) for n in names], dtype=np.float64)
    with open(labels_path, encoding="ascii") as f:
        labels = np.array([int(v) for v in f.read().split()])
    return params, names, pixels, labels


def read_outputs(out_dir, names):
    """The candidate's images in the order of names, or a list of problems."""
    pixels, problems = [], []
    for name in names:
        path = os.path.join(out_dir, name)
        if not os.path.isfile(path):
            problems.append("%s was not written" % name)
            continue
        try:
            pixels.append(pgm.read(path))
        except pgm.PgmError as e:
            problems.append("%s %s" % (name, e))
    return np.array(pixels, dtype=np.float64), problems


def attack(params_path, images_dir, labels_path, eps, out_dir, case, artifacts=None):
    params, names, original, labels = read_case(params_path, images_dir, labels_path)
    candidate, problems = read_outputs(out_dir, names)
    if problems:
        return {"score": 0.0, "message": "%d of %d images missing or invalid: %s" % (
            len(problems), len(names), "; ".join(problems[:SHOWN]) + ("; ..." if len(problems) > SHOWN else ""))}
    bound = round(eps * 255) + 1
    change = candidate - original
    too_far = np.argwhere(np.abs(change) > bound)
    if len(too_far):
        quoted = ["%s row %d column %d: %d -> %d" % (names[i], p // 32, p % 32, original[i, p], candidate[i, p])
                  for i, p in too_far[:SHOWN]]
        return {"score": 0.0, "message": "%d pixels changed by more than round(%g*255)+1 = %d: %s" % (
            len(too_far), eps, bound, "; ".join(quoted))}

    clean = _accuracy(params, original, labels)
    reference = _accuracy(params, mlp.fgsm_pixels(params, original, labels, eps), labels)
    achieved = _accuracy(params, candidate, labels)
    accuracy_ok = achieved <= reference + ACCURACY_SLACK + 1e-9
    direction = mlp.sign(mlp.input_gradient(params, original / 255.0, labels))
    changed = change != 0
    agreement = float((np.sign(change[changed]) == direction[changed]).mean()) if changed.any() else 0.0
    direction_ok = bool(changed.any()) and agreement >= AGREEMENT_NEEDED

    lines = [
        "%d images valid, every pixel within %d of the original" % (len(names), bound),
        "accuracy of the model: clean %.1f%%, on your images %.1f%%, after the reference attack %.1f%% "
        "(yours may be at most %.1f%%): %s" % (100 * clean, 100 * achieved, 100 * reference,
                                               100 * (reference + ACCURACY_SLACK), "ok" if accuracy_ok else "FAILED"),
        ("direction: %d pixels changed, %.1f%% of them moved the way sign(gradient) points (at least %.0f%% needed; "
         "sign(0) = -1): %s" % (changed.sum(), 100 * agreement, 100 * AGREEMENT_NEEDED, "ok" if direction_ok else "FAILED"))
        if changed.any() else "direction: no pixel changed: FAILED",
    ]
    report = {
        "score": 0.5 * float(accuracy_ok) + 0.5 * float(direction_ok),
        "message": "; ".join(lines),
        "metrics": {
            case + " accuracy": {"value": round(100 * achieved, 2), "unit": "%"},
            case + " reference accuracy": {"value": round(100 * reference, 2), "unit": "%"},
            case + " agreement": {"value": round(100 * agreement, 2), "unit": "% of changed pixels"},
        },
    }
    if artifacts:
        report["artifacts"] = [_examples(artifacts, case, original, candidate)]
    return report


def _accuracy(params, pixels, labels):
    return float((mlp.predict(params, pixels) == labels).mean())


def _examples(folder, case, original, candidate, count=12, zoom=3):
    """A picture for reviewers: originals on top, the candidate's images below."""
    from PIL import Image
    count = min(count, len(original))
    sheet = Image.new("L", (count * (32 + 2) * zoom, 2 * (32 + 2) * zoom), 128)
    for row, images in enumerate([original, candidate]):
        for i in range(count):
            tile = Image.fromarray(images[i].reshape(32, 32).astype(np.uint8)).resize((32 * zoom, 32 * zoom), Image.NEAREST)
            sheet.paste(tile, (i * 34 * zoom, row * 34 * zoom))
    os.makedirs(folder, exist_ok=True)
    sheet.save(os.path.join(folder, "examples.png"))
    return {"name": case + ": first images, original (top) and attacked (bottom)", "media_type": "image/png", "path": "examples.png"}
