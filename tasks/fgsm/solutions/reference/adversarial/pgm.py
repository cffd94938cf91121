"""ASCII PGM (P2) images and the task's numbered image folders."""
import os
import re


def read(path):
    """Pixel values 0..255 row by row (comments after # are skipped)."""
    with open(path) as f:
        tokens = re.sub(r"#[^\n]*", " ", f.read()).split()
    if tokens[:1] != ["P2"]:
        raise ValueError("%s: not a P2 file" % path)
    width, height, maximum = int(tokens[1]), int(tokens[2]), int(tokens[3])
    values = [int(t) for t in tokens[4:]]
    if len(values) != width * height:
        raise ValueError("%s: %d values for %dx%d" % (path, len(values), width, height))
    return [v * 255 // maximum for v in values] if maximum != 255 else values


def write(path, values, width=32):
    rows = [" ".join(map(str, values[i:i + width])) for i in range(0, len(values), width)]
    with open(path, "w") as f:
        f.write("P2\n%d %d\n255\n%s\n" % (width, len(values) // width, "\n".join(rows)))


def numbered(folder):
    """1.pgm, 2.pgm, ... 10.pgm: numeric order, not the order of the names as text."""
    names = [n for n in os.listdir(folder) if re.fullmatch(r"\d+\.pgm", n)]
    return sorted(names, key=lambda n: int(n[:-4]))


def to_input(values):
    return [v / 255.0 for v in values]
