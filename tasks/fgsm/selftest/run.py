"""The fgsm package's own tests: python3 selftest/run.py [--torch]

Run in the intern/fgsm image from the package root, e.g.
    docker run --rm --network none -v "$PWD/tasks/fgsm:/task:ro" -w /task intern/fgsm python3 selftest/run.py
It checks what `intern tasks check` cannot see from scores alone: every font has every glyph, the
checker's reference gradient equals central finite differences (and PyTorch's autograd when torch
is importable; --torch makes its absence a failure, for an image that has python3-torch), the
checker's verdicts on hand-made outputs, the precheck's findings, and the generators' promises
(public accuracy 80-90%, clear predictions, disguised models computing the same function, logits
that overflow exp). Prints one line per test and 'N passed, N failed'; exits 1 on any failure.
"""
import json
import os
import subprocess
import sys
import tempfile
import traceback

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
sys.path.insert(0, ROOT)

import numpy as np  # noqa: E402

from checker import judge, lint  # noqa: E402
from common import cases, dataset, mlp, pgm, symbols  # noqa: E402

TESTS = []


def test(function):
    TESTS.append(function)
    return function


def public():
    folder = os.path.join(ROOT, "data", "public")
    params = mlp.read(os.path.join(folder, "params.txt"))
    names = pgm.numbered(os.path.join(folder, "images"))
    pixels = np.array([pgm.read(os.path.join(folder, "images", n)) for n in names], dtype=np.float64)
    with open(os.path.join(folder, "labels.txt")) as f:
        labels = np.array([int(v) for v in f.read().split()])
    return params, pixels, labels


def loss(params, x, labels):
    z = mlp.forward(params, x)
    top = z.max(axis=1, keepdims=True)
    lse = top[:, 0] + np.log(np.exp(z - top).sum(axis=1))
    return lse - z[np.arange(len(x)), labels - 1]


@test
def every_font_draws_every_symbol():
    assert symbols.usable_fonts() == symbols.font_files(), set(symbols.font_files()) - set(symbols.usable_fonts())


@test
def gradient_matches_central_differences():
    params, pixels, labels = public()
    rng = np.random.default_rng(1)
    # Inputs strictly inside (0, 1) and away from ReLU kinks, where the loss is smooth.
    x = np.clip(pixels[:5] / 255.0 + rng.uniform(-0.2, 0.2, (5, 1024)), 0.05, 0.95)
    g = mlp.input_gradient(params, x, labels[:5])
    h = 1e-6
    for i in rng.choice(1024, 40, replace=False):
        up, down = x.copy(), x.copy()
        up[:, i] += h
        down[:, i] -= h
        numeric = (loss(params, up, labels[:5]) - loss(params, down, labels[:5])) / (2 * h)
        assert np.allclose(g[:, i], numeric, rtol=1e-4, atol=1e-7), (i, g[:, i], numeric)


@test
def gradient_matches_torch_autograd():
    try:
        import torch
    except ImportError:
        if "--torch" in sys.argv:
            raise AssertionError("--torch given but torch cannot be imported")
        print("    (torch is not installed in this image: compared with finite differences only)")
        return
    params, pixels, labels = public()
    x = pixels[:20] / 255.0
    tensors = [torch.tensor(p, dtype=torch.float64) for p in params]
    tx = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    w1, b1, w2, b2, w3, b3 = tensors
    logits = torch.relu(torch.relu(tx @ w1.T + b1) @ w2.T + b2) @ w3.T + b3
    torch.nn.functional.cross_entropy(logits, torch.tensor(labels[:20] - 1), reduction="sum").backward()
    assert np.allclose(mlp.input_gradient(params, x, labels[:20]), tx.grad.numpy(), rtol=1e-9, atol=1e-12)


@test
def public_model_accuracy_is_between_80_and_90_percent():
    params, pixels, labels = public()
    accuracy = (mlp.predict(params, pixels) == labels).mean()
    assert 0.80 <= accuracy <= 0.90, accuracy
    assert len(labels) == len(pixels) == 460 and sorted(set(labels)) == list(range(1, 24))


@test
def public_images_have_clear_predictions_and_binary_pixels():
    params, pixels, _ = public()
    assert cases.clear_images(params, pixels).all()
    assert set(np.unique(pixels)) <= {0.0, 255.0}


def write_images(folder, pixels):
    os.makedirs(folder, exist_ok=True)
    for i, row in enumerate(pixels, start=1):
        pgm.write(os.path.join(folder, "%d.pgm" % i), [int(v) for v in row])


def attack_case(tmp, params_text, pixels, labels, outputs, eps):
    case = os.path.join(tmp, "case")
    cases.write_input(case, params_text, pixels, labels)
    out = os.path.join(tmp, "out")
    write_images(out, outputs)
    return judge.attack(os.path.join(case, "input", "params.txt"), os.path.join(case, "input", "images"),
                        os.path.join(case, "input", "labels.txt"), eps, out, "test")


def public_text():
    with open(os.path.join(ROOT, "data", "public", "params.txt")) as f:
        return f.read()


@test
def checker_accepts_the_reference_attack_and_rejects_a_random_one():
    params, pixels, labels = public()
    pixels, labels = pixels[:30], labels[:30]
    eps = 0.1
    with tempfile.TemporaryDirectory() as tmp:
        good = attack_case(tmp, public_text(), pixels, labels, mlp.fgsm_pixels(params, pixels, labels, eps), eps)
        assert good["score"] == 1.0, good
    signs = np.where(np.random.default_rng(3).random(pixels.shape) < 0.5, 1.0, -1.0)
    with tempfile.TemporaryDirectory() as tmp:
        bad = attack_case(tmp, public_text(), pixels, labels, np.clip(np.floor(pixels + eps * 255 * signs + 0.5), 0, 255), eps)
        assert bad["score"] == 0.0, bad


@test
def checker_refuses_unclipped_and_too_large_changes():
    params, pixels, labels = public()
    pixels, labels = pixels[:5], labels[:5]
    with tempfile.TemporaryDirectory() as tmp:
        raw = np.floor(pixels + 0.1 * 255 * mlp.sign(mlp.input_gradient(params, pixels / 255, labels)) + 0.5)
        report = attack_case(tmp, public_text(), pixels, labels, raw, 0.1)
        assert report["score"] == 0.0 and "not an integer" in report["message"], report
    with tempfile.TemporaryDirectory() as tmp:
        report = attack_case(tmp, public_text(), pixels, labels, 255 - pixels, 0.1)
        assert report["score"] == 0.0 and "more than" in report["message"], report


@test
def sign_of_zero_matters_only_where_softmax_is_exactly_one_hot():
    params, pixels, labels = public()
    huge = [p.copy() for p in params]
    huge[4], huge[5] = huge[4] * 1000, huge[5] * 1000
    assert np.abs(mlp.forward(huge, pixels / 255)).max() > 710   # exp() of it overflows a double
    right = mlp.predict(params, pixels) == labels
    zero = (mlp.input_gradient(huge, pixels / 255, labels) == 0).all(axis=1)
    assert zero[right].mean() > 0.5 and not zero[~right].any()
    assert not (mlp.input_gradient(params, pixels / 255, labels) == 0).any()
    text = mlp.to_text(huge)
    huge = mlp.from_text(text)
    plus = np.clip(np.floor(pixels[:30] + 0.08 * 255 * np.where(mlp.input_gradient(huge, pixels[:30] / 255, labels[:30]) >= 0, 1, -1) + 0.5), 0, 255)
    with tempfile.TemporaryDirectory() as tmp:
        report = attack_case(tmp, text, pixels[:30], labels[:30], plus, 0.08)
        assert report["score"] == 0.5 and "direction" in report["message"], report


@test
def predictions_are_scored_line_by_line():
    with tempfile.TemporaryDirectory() as tmp:
        answer, output = os.path.join(tmp, "answer"), os.path.join(tmp, "output")
        with open(answer, "w") as f:
            f.write("1.pgm 3\n2.pgm 7\n3.pgm 23\n10.pgm 1\n")
        with open(output, "w") as f:
            f.write("/box/tests/input/images/1.pgm 3\n2.pgm 8\n3.pgm 23\n10.pgm 1\nextra\n")
        report = judge.predictions(output, answer)
        assert abs(report["score"] - 3 / 5) < 1e-12 and "line 2" in report["message"], report


@test
def precheck_finds_third_party_imports_outside_experiment():
    with tempfile.TemporaryDirectory() as tmp:
        os.makedirs(os.path.join(tmp, "experiment"))
        os.makedirs(os.path.join(tmp, "mine"))
        files = {
            "main.py": "import os, sys\nfrom mine import tools\nimport helpers\nfrom . import x\n",
            "helpers.py": "import math\n",
            "mine/tools.py": "import numpy as np\n",
            "mine/__init__.py": "",
            "run": "#!/usr/bin/env python3\nimport importlib\nimportlib.import_module('torch')\n",
            "experiment/plots.py": "import matplotlib.pyplot as plt\n",
        }
        for name, text in files.items():
            with open(os.path.join(tmp, name), "w") as f:
                f.write(text)
        found = [(f["file"], f["line"], f["message"].split("'")[1]) for f in lint.findings(tmp)]
        assert found == [("mine/tools.py", 1, "numpy"), ("run", 3, "torch")], found


@test
def solutions_pass_the_precheck_except_uses_numpy():
    folder = os.path.join(ROOT, "solutions")
    if not os.path.isdir(folder):
        print("    (no solutions/ here)")
        return
    for name in sorted(os.listdir(folder)):
        found = lint.findings(os.path.join(folder, name))
        assert bool(found) == (name == "uses-numpy"), (name, found)


@test
def generated_groups_keep_their_promises():
    with tempfile.TemporaryDirectory() as tmp:
        for mode, count in [("public", 40), ("predict", 20), ("second-model", 20), ("stable-softmax", 10), ("fgsm", 10)]:
            subprocess.run([sys.executable, os.path.join(ROOT, "generators", "gen.py"), mode, "7", str(count),
                            os.path.join(tmp, mode)], check=True, stderr=subprocess.DEVNULL)
        folders = sorted(os.path.join(tmp, m, c) for m in os.listdir(tmp) for c in os.listdir(os.path.join(tmp, m)))
        assert len(folders) == 6 + len(gen_module().FGSM_EPS), folders
        public_params = mlp.read(os.path.join(tmp, "public", "predict", "input", "params.txt"))
        for folder in folders:
            params = mlp.read(os.path.join(folder, "input", "params.txt"))
            images = os.path.join(folder, "input", "images")
            pixels = np.array([pgm.read(os.path.join(images, n)) for n in pgm.numbered(images)], dtype=np.float64)
            with open(os.path.join(folder, "input", "labels.txt")) as f:
                labels = np.array([int(v) for v in f.read().split()])
            assert cases.clear_images(params, pixels).all(), folder
            accuracy = (mlp.predict(params, pixels) == labels).mean()
            assert accuracy >= 0.6, (folder, accuracy)   # labels follow the disguised models' class order
            with open(os.path.join(folder, "answer")) as f:
                answer = f.read()
            if folder.endswith("predict"):
                expected = ["%d.pgm %d" % (i, p) for i, p in enumerate(mlp.predict(params, pixels), 1)]
                assert answer.split("\n")[:-1] == expected, folder
            else:
                assert json.loads(answer)["case"].startswith(os.path.basename(os.path.dirname(folder)) + "/")
            if "stable-softmax" in folder:
                assert np.abs(mlp.forward(params, pixels / 255)).max() > 710
            elif "second-model" not in folder:
                assert all(np.array_equal(a, b) for a, b in zip(params, public_params)), folder
        second = mlp.read(os.path.join(tmp, "second-model", "predict", "input", "params.txt"))
        assert not any(a.shape == b.shape and np.allclose(a, b) for a, b in zip(second, public_params))


def gen_module():
    sys.path.insert(0, os.path.join(ROOT, "generators"))
    import gen
    return gen


@test
def disguise_keeps_the_function_up_to_relabelling():
    params, pixels, _ = public()
    disguised, classes = gen_module().disguise(np.random.default_rng(5), params)
    assert np.allclose(mlp.forward(disguised, pixels / 255), mlp.forward(params, pixels / 255)[:, classes], atol=1e-9)


def main():
    failed = 0
    for function in TESTS:
        try:
            function()
            print("ok    " + function.__name__)
        except Exception:
            failed += 1
            print("FAIL  " + function.__name__)
            traceback.print_exc(file=sys.stdout)
    print("%d passed, %d failed" % (len(TESTS) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
