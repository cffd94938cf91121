"""Writes the cases of one matmul group: gen.py GROUP SEED COUNT OUT_DIR.

GROUP is public (fixed shapes, the ones in the starter kit), correctness (shapes drawn from SEED
in fixed categories), performance (one large shape drawn from SEED) or hardware (4 x 4 integer
matrices for the optional Verilog part, edge cases and draws from SEED). Correctness groups get one
case per step, step1 .. stepCOUNT, all with the same shapes. Every case is a folder:

    NAME/args      the driver's command line ({input} and {output} are the grader's placeholders)
    NAME/input/    case.json and the grader's own code (driver, harness, baselines, lint)
    NAME/answer    case.json again: the checker reads the case from here, never from the sandbox

A shape is [m, n, k, seed]; the seed draws the values of a, b and the initial c (see
harness/harness.c and checker/matrices.py), so no matrix is ever stored.
"""
import json
import os
import random
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGE = os.path.dirname(HERE)
CODE = ["harness/grade.py", "harness/harness.c", "harness/naive.c", "harness/openblas.c", "checker/lint.py", "harness/tb.v"]

PUBLIC_SHAPES = [(1, 1, 1), (2, 3, 4), (1, 17, 1), (5, 1, 9), (17, 19, 23), (64, 64, 64), (100, 37, 81),
                 (3, 200, 2), (257, 129, 193)]
# Small shapes the performance driver checks a step on before timing it.
SCREEN_SHAPES = [(1, 1, 1), (3, 1, 5), (1, 9, 2), (13, 17, 11), (61, 7, 70), (37, 101, 29)]
# The chosen step and OpenBLAS are each timed in `launches` launches of their programs, of
# `launch_reps` runs each (see harness/grade.py), and the checker reports the median of the runs
# of the fastest launch. Launches differ far more than the runs inside one: this machine's host
# has slow phases of several seconds (other tenants on the shared core, caches and memory) in
# which the reference loses up to a third and OpenBLAS a sixth, and the fastest launch is the one
# that fell in a quiet moment. At least 8 launches spread the timing over about 20 s, and more
# follow (up to 16) until the two fastest launches agree within 2%, so that a grading has met the
# fast level twice rather than once by chance. Resampling 157 consecutive launches of the reference
# (three stretches, one of them noisy) into gradings one after the other: neighbours differed by
# at most 32% with 5 launches (90% of pairs within 12.6%), 10.5% with 8 (9.1%), and 6.1% with 8 to
# 16 until two agree within 2% (4.7%; 10.4 launches on average). 9 runs a launch are the fewest
# for which the distribution-free 95% interval of the median is not simply [min, max] (the 2nd
# and 8th fastest of 9, 96.1% coverage). The naive loop makes one run a launch. A grading of the
# reference takes about 35-45 s (30 s with 5 launches).
BENCH = {"launch_reps": 9, "naive_reps": 8, "launches": 8, "max_launches": 16, "agree": 0.02, "screen_timeout": 5}


def odd(rng, low, high):
    return rng.randrange(low | 1, high + 1, 2)


def hidden_shapes(rng):
    """One shape per category the statement names, with sizes drawn from rng."""
    not_multiple = lambda low, high: rng.choice([x for x in range(low, high + 1) if x % 8])
    return [
        (1, 1, 1),
        (1, rng.randint(20, 90), 1),                                        # an outer product: one row
        (rng.randint(20, 90), 1, rng.randint(20, 90)),                      # matrix times vector
        (odd(rng, 3, 31), odd(rng, 3, 31), odd(rng, 3, 31)),                # small and odd
        (rng.randint(100, 200), rng.randint(2, 9), rng.randint(30, 70)),    # tall and thin
        (rng.randint(2, 9), rng.randint(100, 200), rng.randint(50, 150)),   # short and wide
        (rng.randint(5, 20), rng.randint(5, 20), rng.randint(500, 1000)),   # long inner dimension
        (not_multiple(60, 130), not_multiple(60, 130), not_multiple(60, 130)),
        tuple(rng.sample(range(300, 521), 3)),                              # large, all sizes different
    ]


def with_seeds(rng, shapes):
    return [[m, n, k, rng.randrange(1, 2 ** 63)] for m, n, k in shapes]


def hardware_tests(rng):
    """Pairs (a, b) of 4 x 4 signed 8-bit matrices, row-major: extremes first, then random ones."""
    identity = [1 if i == j else 0 for i in range(4) for j in range(4)]
    draw = lambda: [rng.randint(-128, 127) for _ in range(16)]
    fixed = [([0] * 16, [0] * 16), ([127] * 16, [127] * 16), ([-128] * 16, [-128] * 16),
             ([-128] * 16, [127] * 16), (identity, draw()), (draw(), identity)]
    return fixed + [(draw(), draw()) for _ in range(18)]


def hex128(matrix):
    """Element (i, j) in bits [8*(4*i+j) +: 8], written most significant digit first."""
    return "%032x" % sum((x & 0xFF) << (8 * index) for index, x in enumerate(matrix))


def write_case(out, name, args, case):
    folder = os.path.join(out, name)
    os.makedirs(os.path.join(folder, "input"))
    for path in CODE:
        shutil.copyfile(os.path.join(PACKAGE, path), os.path.join(folder, "input", os.path.basename(path)))
    text = json.dumps(case, indent=1) + "\n"
    for path in (os.path.join(folder, "input", "case.json"), os.path.join(folder, "answer")):
        with open(path, "w") as f:
            f.write(text)
    with open(os.path.join(folder, "args"), "w") as f:
        f.write("".join(arg + "\n" for arg in args))


def main(argv):
    if len(argv) != 5 or argv[1] not in ("public", "correctness", "performance", "hardware"):
        sys.stderr.write("usage: gen.py public|correctness|performance|hardware SEED COUNT OUT_DIR\n")
        return 2
    group, seed, count, out = argv[1], int(argv[2]), int(argv[3]), argv[4]
    rng = random.Random("%s/%d" % (group, seed))
    os.makedirs(out, exist_ok=True)
    if group == "hardware":
        tests = hardware_tests(rng)
        write_case(out, "matmul4", ["{input}/grade.py", "hw", "{input}", "{output}"],
                   {"group": group, "count": len(tests), "timeout": 20, "tests": tests})
        with open(os.path.join(out, "matmul4", "input", "vectors.hex"), "w") as f:
            f.write("".join(hex128(a) + "\n" + hex128(b) + "\n" for a, b in tests))
        return 0
    if group == "performance":
        size = [rng.randint(440, 520) for _ in range(3)]
        case = dict(BENCH, shape=with_seeds(rng, [size])[0], screen=with_seeds(rng, SCREEN_SHAPES))
        write_case(out, "fastest", ["{input}/grade.py", "bench", "{input}", "{output}"], case)
        return 0
    shapes = with_seeds(rng, PUBLIC_SHAPES if group == "public" else hidden_shapes(rng))
    for step in range(1, count + 1):
        case = {"group": group, "step": step, "shapes": shapes}
        write_case(out, "step%d" % step, ["{input}/grade.py", "check", str(step), "{input}", "{output}"], case)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
