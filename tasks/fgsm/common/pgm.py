"""ASCII PGM (P2) files as the task fixes them: 32x32, maximum 255, values 0..255."""
import os
import re

SIZE = 32


class PgmError(ValueError):
    pass


def write(path, pixels):
    rows = [" ".join(str(v) for v in pixels[r * SIZE:(r + 1) * SIZE]) for r in range(SIZE)]
    with open(path, "w", encoding="ascii") as f:
        f.write("P2\n%d %d\n255\n%s\n" % (SIZE, SIZE, "\n".join(rows)))


def parse(text):
    """The 1024 pixel values of a P2 file; PgmError says what is wrong. Comments (#...) are allowed."""
    tokens = re.sub(r"#[^\n]*", " ", text).split()
    if not tokens or tokens[0] != "P2":
        raise PgmError("does not start with P2")
    if len(tokens) < 4:
        raise PgmError("header incomplete (need P2, width, height, maximum)")
    try:
        width, height, maximum = int(tokens[1]), int(tokens[2]), int(tokens[3])
    except ValueError:
        raise PgmError("header is not 'P2 WIDTH HEIGHT MAXIMUM' with integers: %s" % " ".join(tokens[1:4])) from None
    if (width, height) != (SIZE, SIZE):
        raise PgmError("is %dx%d, expected 32x32" % (width, height))
    if maximum != 255:
        raise PgmError("maximum value is %d, expected 255" % maximum)
    body = tokens[4:]
    if len(body) != SIZE * SIZE:
        raise PgmError("has %d pixel values, expected 1024" % len(body))
    values = []
    for index, token in enumerate(body):
        if not re.fullmatch(r"\d+", token):
            raise PgmError("pixel %d (row %d, column %d) is %r, not an integer 0..255"
                           % (index, index // SIZE, index % SIZE, token[:20]))
        digits = token.lstrip("0") or "0"
        if len(digits) > 3:   # above 255, and int() of a token over 4300 digits would raise ValueError
            raise PgmError("pixel %d (row %d, column %d) is %s..., above 255" % (index, index // SIZE, index % SIZE, token[:20]))
        value = int(digits)
        if value > 255:
            raise PgmError("pixel %d (row %d, column %d) is %d, above 255" % (index, index // SIZE, index % SIZE, value))
        values.append(value)
    return values


def read(path):
    with open(path, "rb") as f:
        data = f.read(1 << 20)
    try:
        return parse(data.decode("ascii"))
    except UnicodeDecodeError:
        raise PgmError("is not ASCII text") from None


def numbered(folder):
    """The names 1.pgm..N.pgm of a folder of images, in numeric order (other files are ignored)."""
    names = [n for n in os.listdir(folder) if re.fullmatch(r"[1-9]\d*\.pgm", n)]
    return sorted(names, key=lambda n: int(n[:-4]))
