"""The training package's own tests: python3 selftest/run.py

Run in the intern/training image from the package root, e.g.
    docker run --rm --network none -v "$PWD/tasks/training:/task:ro" -w /task intern/training python3 -B selftest/run.py
It checks what `intern tasks check` cannot see from scores alone: OpenCV's float32 Lab agrees with
the textbook sRGB/D65 formulas (the statement's promise), the grid and the scenes are what the
statement says and are deterministic, the starter's scenes.py is the grader's, every generator mode
writes well-formed cases, and the checker's verdicts on hand-made submissions: exact TorchScript
models (full marks), a uint8-scale model, a pickled module, a model that prints, a wrong output
shape, a hanging model, dataset files right, swapped, rescaled or pickled. Prints one line per test
and 'N passed, N failed'; exits 1 on any failure.
"""
import filecmp
import json
import os
import subprocess
import sys
import tempfile
import traceback
import xml.etree.ElementTree as ET

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402
import torch  # noqa: E402

from checker import dataset, losses, models  # noqa: E402
from common import colour, scenes  # noqa: E402
from generators import gen  # noqa: E402
import exact  # noqa: E402

TESTS = []


def test(function):
    TESTS.append(function)
    return function


def generate(mode, seed, count, out):
    gen.main(mode, seed, count, out)  # in this process: the grader's command line adds nothing worth a Python start-up


def check(case_dir, output, stdout=""):
    """Runs the checker on a case folder as the grader lays it out; returns its JSON and the check folder."""
    box = tempfile.mkdtemp()
    os.makedirs(os.path.join(box, "artifacts"))
    out = os.path.join(box, "output")
    os.makedirs(out)
    for rel, content in output.items():
        path = os.path.join(out, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        content(path) if callable(content) else open(path, "wb").write(content)
    with open(os.path.join(box, "stdout"), "w") as f:
        f.write(stdout)
    args = []
    if os.path.exists(os.path.join(case_dir, "args")):
        args = [a.replace("{output}", out) for a in open(os.path.join(case_dir, "args")).read().split("\n") if a]
    done = subprocess.run([sys.executable, "-B", os.path.join(ROOT, "checker", "check.py"), os.path.join(box, "input"), out,
                           os.path.join(case_dir, "answer"), *args], capture_output=True, text=True, cwd=ROOT, check=True)
    return json.loads(done.stdout), box


def scripted(module):
    return lambda path: torch.jit.save(torch.jit.script(module), path)


@test
def opencv_lab_is_the_textbook_formulas_up_to_its_lookup_table():
    rgb = np.random.default_rng(3).uniform(0, 1, (5000, 3)).astype(np.float32)
    rgb[:8] = [[i >> 2 & 1, i >> 1 & 1, i & 1] for i in range(8)]
    ours = exact.lab_numpy(rgb.astype(np.float64))
    diff = np.abs(colour.rgb_to_lab(rgb) - ours)
    assert diff.max() < 0.5 and diff.mean() < 0.1, (diff.max(), diff.mean())  # the statement says "up to about 0.4"
    assert np.allclose(colour.rgb_to_lab(np.array([[1, 1, 1]], np.float32)), [[100, 0, 0]], atol=0.01)


@test
def grid_has_every_offset_point_and_the_corners():
    grid = colour.cube_grid(5, [0.1, 0.5, 0.9])
    assert grid.shape == (5 ** 3 + 8, 3) and grid.dtype == np.float32
    assert grid.min() == 0 and grid.max() == 1
    assert np.allclose(sorted(set(grid[:-8, 0].round(6))), (np.arange(5) + 0.1) / 5)
    image = colour.as_images(grid)
    assert image.shape == (1, 3, 1, len(grid)) and np.array_equal(colour.from_images(image), grid)


@test
def scenes_are_deterministic_and_hold_sprites():
    a, m = scenes.scenes(40, 7)
    b, n = scenes.scenes(40, 7)
    assert np.array_equal(a, b) and np.array_equal(m, n)
    assert a.shape == (40, 3, 64, 64) and m.shape == (40, 1, 64, 64) and a.dtype == np.float32
    assert 0 <= a.min() and a.max() <= 1 and set(np.unique(m)) == {0.0, 1.0}
    share = m.mean(axis=(1, 2, 3))
    assert share.min() > 0.005 and share.max() < 0.7 and 0.05 < share.mean() < 0.3, share
    assert not np.array_equal(scenes.scenes(1, 8)[0], a[:1])


@test
def starter_and_reference_ship_the_graders_scene_generator():
    for copy in ("starter/scenes.py", "solutions/reference/trainer/scenes.py"):
        assert filecmp.cmp(os.path.join(ROOT, "common", "scenes.py"), os.path.join(ROOT, copy), shallow=False), copy


@test
def every_generator_mode_writes_its_cases_deterministically():
    with tempfile.TemporaryDirectory() as tmp:
        for mode, count in (("dataset", 2), ("public", 1), ("hidden", 1), ("retrain", 1)):
            first, again = os.path.join(tmp, mode), os.path.join(tmp, mode + "-again")
            generate(mode, 11, count, first)
            generate(mode, 11, count, again)
            cases = sorted(os.listdir(first))
            assert len(cases) == count, cases
            for case in cases:
                spec = json.load(open(os.path.join(first, case, "answer", "case.json")))
                for name in spec.get("models", []):
                    x, y = np.load(os.path.join(first, case, "answer", name + ".npz")), np.load(os.path.join(again, case, "answer", name + ".npz"))
                    assert np.array_equal(x["input"], y["input"]) and np.array_equal(x["target"], y["target"]), (mode, name)
                    assert x["input"].dtype == np.float32 and x["input"].ndim == 4
        args = open(os.path.join(tmp, "retrain", "retrain", "args")).read().split()
        assert args == ["train", "{output}", "30"], args
        hidden = np.load(os.path.join(tmp, "hidden", "hidden", "answer", "rgb2lab.npz"))
        assert hidden["input"].shape == (1, 3, 1, 24 ** 3 + 8), hidden["input"].shape
        generate("hidden", 12, 1, os.path.join(tmp, "other"))
        other = np.load(os.path.join(tmp, "other", "hidden", "answer", "rgb2lab.npz"))
        assert not np.array_equal(hidden["input"], other["input"]), "the grid offset must follow the seed"
        lab = hidden["target"]
        assert np.allclose(colour.rgb_to_lab(colour.from_images(hidden["input"])), colour.from_images(lab))


@test
def exact_models_get_full_marks_and_a_uint8_scale_gets_nothing():
    with tempfile.TemporaryDirectory() as tmp:
        generate("public", 5, 1, tmp)
        case = os.path.join(tmp, "public")
        right = {"models/rgb2lab.pt": scripted(exact.RgbToLab()), "models/lab2rgb.pt": scripted(exact.LabToRgb()),
                 "models/segment.pt": scripted(exact.Constant(-1.0))}
        report, _ = check(case, right)
        assert report["message"].count("100%") == 2 and "segment: mean IoU 0.000" in report["message"], report
        assert abs(report["score"] - 2 / 3) < 1e-6, report
        uint8 = dict(right, **{"models/rgb2lab.pt": scripted(exact.RgbToLab(uint8=True))})
        report, _ = check(case, uint8)
        assert "rgb2lab: mean squared error" in report["message"] and report["message"].count("100%") == 1, report
        generate("hidden", 5, 1, tmp)
        report, _ = check(os.path.join(tmp, "hidden"), right)
        assert abs(report["score"] - 30 / 50) < 1e-6 and "100% of 15 points" in report["message"], report


@test
def pickles_prints_shapes_hangs_and_missing_files_are_the_candidates_failures():
    with tempfile.TemporaryDirectory() as tmp:
        generate("public", 5, 1, tmp)
        case = os.path.join(tmp, "public")
        report, _ = check(case, {
            "models/rgb2lab.pt": lambda p: torch.save(exact.RgbToLab(), p),
            "models/lab2rgb.pt": scripted(exact.Printing()),
            "models/segment.pt": scripted(exact.Constant(1.0, channels=3)),
        })
        message = report["message"]
        assert "rgb2lab: models/rgb2lab.pt is saved with torch.save" in message, message
        assert "lab2rgb: mean squared error" in message, message  # printed text did not spoil the JSON
        assert "segment: running models/segment.pt failed: ValueError: input (32, 3, 64, 64) gave output (32, 3, 64, 64); expected (32, 1, 64, 64)" in message, message
        report, _ = check(case, {"models/rgb2lab.pt": b"\x80\x04junk", "models/lab2rgb.pt": b"not a zip"})
        assert report["score"] == 0 and "segment: models/segment.pt is missing" in report["message"], report
        assert "a pickle" in report["message"] and "not a TorchScript archive" in report["message"], report


@test
def a_hanging_model_times_out_alone():
    import checker.check as checker_main
    old = checker_main.EVALUATION_SECONDS
    checker_main.EVALUATION_SECONDS = 3
    try:
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "hang.pt")
            scripted(exact.Hanging())(path)
            np.savez(os.path.join(tmp, "d.npz"), input=np.zeros((1, 3, 1, 4), np.float32), target=np.zeros((1, 3, 1, 4), np.float32))
            result = checker_main.evaluate([{"name": "rgb2lab", "model": path, "data": os.path.join(tmp, "d.npz")}])
            assert "took over 3 s" in result["rgb2lab"]["error"], result
    finally:
        checker_main.EVALUATION_SECONDS = old


@test
def retraining_reports_loose_thresholds_and_plots_the_loss():
    with tempfile.TemporaryDirectory() as tmp:
        generate("retrain", 5, 1, tmp)
        fresh = {"rgb2lab.pt": scripted(exact.RgbToLab()), "lab2rgb.pt": scripted(exact.LabToRgb()), "segment.pt": scripted(exact.Constant(-1.0))}
        log = "".join(f"{m} step={s} loss={1 / s:.5f}\n" for m in ("rgb2lab", "segment") for s in range(10, 200, 10)) + "other text\n"
        report, box = check(os.path.join(tmp, "retrain"), fresh, stdout=log)
        assert report["message"].startswith("retrained within the CPU budget of 30 s"), report
        assert "full marks up to 4" in report["message"] and "loss lines: rgb2lab 19, segment 19" in report["message"], report
        assert report["artifacts"][0]["path"] == "loss.svg"
        ET.parse(os.path.join(box, "artifacts", "loss.svg"))
        report, box = check(os.path.join(tmp, "retrain"), fresh, stdout="nothing\n")
        assert "no loss lines" in report["message"] and "artifacts" not in report, report
        with open(os.path.join(box, "output", "segment.pt"), "rb") as f:
            segment = f.read()
        copied = dict(fresh, **{"models/segment.pt": segment, "segment.pt": segment})
        report, _ = check(os.path.join(tmp, "retrain"), copied, stdout=log)
        assert "segment: segment.pt is byte for byte the submitted models/segment.pt" in report["message"], report
        assert abs(report["score"] - 2 / 3) < 1e-6, report


@test
def dataset_pairs_must_match_opencv():
    rgb = np.random.default_rng(0).uniform(0, 1, (1000, 3)).astype(np.float32)
    lab = colour.rgb_to_lab(rgb)
    with tempfile.TemporaryDirectory() as tmp:
        generate("dataset", 3, 2, tmp)
        assert open(os.path.join(tmp, "01", "args")).read().split()[:2] == ["dataset", "1000"]
        report, _ = check(os.path.join(tmp, "01"), {"pairs.npz": lambda path: np.savez(path, input=rgb, target=lab)})
        assert report["score"] == 1, report  # end to end once; the cases below call the judge directly
        path = os.path.join(tmp, "pairs.npz")

        def judge(n=1000, **arrays):
            np.savez(path, **arrays)
            return dataset.judge(path, n)
        images = np.ascontiguousarray(colour.as_images(rgb).transpose(3, 1, 2, 0))
        assert judge(input=images, target=np.ascontiguousarray(colour.as_images(lab).transpose(3, 1, 2, 0)))["score"] == 1
        swapped = judge(input=lab, target=rgb)
        assert swapped["score"] == 0 and "outside [0, 1]" in swapped["message"], swapped
        report = judge(input=rgb, target=lab * np.float32([2.55, 1, 1]) + np.float32([0, 128, 128]))
        assert report["score"] == 0 and "differ from OpenCV's Lab" in report["message"], report
        report = judge(input=rgb.astype(object), target=lab)
        assert report["score"] == 0 and "plain arrays" in report["message"], report
        report = judge(input=rgb[:10], target=lab[:10])
        assert report["score"] == 0 and "expected (1000, 3)" in report["message"], report
        report = judge(input=rgb.astype(np.float64), target=lab)
        assert report["score"] == 0 and "not float32" in report["message"], report
        report = judge(input=rgb * 0.5, target=colour.rgb_to_lab(rgb * 0.5))
        assert report["score"] == 0 and "do not spread" in report["message"], report
        os.remove(path)
        assert dataset.judge(path, 1000)["message"] == "pairs.npz was not written"


@test
def scores_fall_with_log_error_and_iou():
    assert models.error_fraction(0.5, 0.5) == 1 and models.error_fraction(5, 0.5) == 0
    assert abs(models.error_fraction(np.sqrt(10) * 0.5, 0.5) - 0.5) < 1e-9
    assert models.error_fraction(float("nan"), 1) == 0
    fraction, _ = models.score("segment", {"iou": 0.65, "count": 3}, "submitted")
    assert abs(fraction - 0.5) < 1e-9
    assert models.score("segment", {"iou": float("nan"), "count": 3}, "submitted")[0] == 0


@test
def loss_lines_are_parsed_strictly_and_thinned():
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "stdout")
        with open(path, "w") as f:
            f.write("rgb2lab step=1 loss=0.5\nrgb2lab step=2 loss=nan\nsegment step=3 loss=-1\nrgb2lab step=x loss=1\n")
            f.writelines(f"lab2rgb step={i} loss=1e-3\n" for i in range(5000))
        curves = losses.parse(path)
        assert curves["rgb2lab"] == [(1, 0.5)] and "segment" not in curves
        assert len(curves["lab2rgb"]) <= losses.MAX_POINTS
        ET.fromstring(losses.svg(curves))


def main():
    failed = 0
    for function in TESTS:
        try:
            function()
            print("ok    ", function.__name__, flush=True)
        except Exception:  # noqa: BLE001
            failed += 1
            print("FAILED", function.__name__, flush=True)
            traceback.print_exc()
    print(f"{len(TESTS) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
