"""Self-test of the package's trusted code, run by ./intern test in intern/browser (no network, read-only).

- The generator is deterministic: two runs with one seed give the same bytes, another seed other bytes.
- The starter kit's sample videos are what `videos.py --public` writes today.
- The checker's comparison of annotation lists accepts the contract and refuses each way to break it
  (selftest/annotations.js).
"""
import hashlib
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGE = os.path.dirname(HERE)
GENERATOR = os.path.join(PACKAGE, "generators", "videos.py")


def digests(folder):
    result = {}
    for root, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(root, name)
            with open(path, "rb") as f:
                result[os.path.relpath(path, folder)] = hashlib.sha256(f.read()).hexdigest()
    return result


def generate(*args):
    out = tempfile.mkdtemp(dir="/tmp")
    subprocess.run([sys.executable, GENERATOR, *args, out], check=True)
    return digests(out)


def main():
    failures = []
    first, again, other = generate("11", "1"), generate("11", "1"), generate("12", "1")
    if first != again:
        failures.append("the generator wrote different bytes for the same seed")
    if set(first.values()) & set(other.values()):
        failures.append("two seeds gave a video with the same bytes")
    if sorted(k.split("/")[-1].rsplit(".", 1)[-1] for k in first if "/input/" in k) != ["mp4", "webm"]:
        failures.append("a case must hold one .mp4 and one .webm: %s" % sorted(first))
    if generate("--public") != digests(os.path.join(PACKAGE, "starter", "data")):
        failures.append("starter/data differs from `videos.py --public`: regenerate it")
    checked = subprocess.run(["node", os.path.join(HERE, "annotations.js")], capture_output=True, text=True)
    if checked.returncode != 0:
        failures.append("annotations.js: " + (checked.stdout + checked.stderr).strip())
    for failure in failures:
        print("FAILED:", failure)
    print("selftest: %d problem(s)" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
