"""Writes the test videos of the video-annotation task, deterministically from a seed.

Usage: videos.py SEED COUNT OUT_DIR    (the grader's generator contract: COUNT folder cases)
       videos.py --public OUT_DIR      (the starter kit's sample: OUT_DIR/sample.mp4 and sample.webm)

Each case is a folder NAME/ with input/<stem>.mp4 and input/<stem>.webm (the same clip: a moving
test pattern with a tone) and answer, a JSON file the browser checker reads (names and duration).
The seed picks the duration, pattern, size and pitch; ffmpeg's bitexact flags and one thread keep
the bytes the same on every run of the same ffmpeg.
"""
import json
import os
import random
import subprocess
import sys

PATTERNS = ["testsrc2", "smptebars", "rgbtestsrc", "testsrc"]
SIZES = [(320, 240), (352, 288), (384, 216)]
BITEXACT = ["-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact", "-map_metadata", "-1", "-threads", "1"]


def clip(seed):
    rng = random.Random(seed)
    return {
        "seconds": rng.choice([6, 7, 8]),
        "pattern": rng.choice(PATTERNS),
        "size": rng.choice(SIZES),
        "tone_hz": rng.choice([330, 440, 550, 660, 880]),
        "stem": "seminar-%04d" % rng.randrange(10000),
    }


def encode(spec, path, codec_args):
    w, h = spec["size"]
    video = "%s=size=%dx%d:rate=25:duration=%d" % (spec["pattern"], w, h, spec["seconds"])
    audio = "sine=frequency=%d:sample_rate=48000:duration=%d" % (spec["tone_hz"], spec["seconds"])
    cmd = ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
           "-f", "lavfi", "-i", video, "-f", "lavfi", "-i", audio,
           *codec_args, *BITEXACT, "-shortest", path]
    subprocess.run(cmd, check=True)


def write_videos(folder, spec, stem):
    os.makedirs(folder, exist_ok=True)
    mp4, webm = stem + ".mp4", stem + ".webm"
    encode(spec, os.path.join(folder, mp4),
           ["-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-g", "25", "-b:v", "250k",
            "-c:a", "aac", "-b:a", "64k", "-movflags", "+faststart"])
    encode(spec, os.path.join(folder, webm),
           ["-c:v", "libvpx", "-pix_fmt", "yuv420p", "-b:v", "250k", "-g", "25", "-deadline", "good", "-cpu-used", "4",
            "-c:a", "libvorbis", "-b:a", "64k"])
    return mp4, webm


def write_case(folder, spec):
    mp4, webm = write_videos(os.path.join(folder, "input"), spec, spec["stem"])
    with open(os.path.join(folder, "answer"), "w") as f:
        json.dump({"mp4": mp4, "webm": webm, "seconds": spec["seconds"]}, f, indent=2)
        f.write("\n")


def main(argv):
    if len(argv) == 3 and argv[1] == "--public":
        write_videos(argv[2], clip(20250101), "sample")
        return 0
    if len(argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    seed, count, out = int(argv[1]), int(argv[2]), argv[3]
    for i in range(count):
        write_case(os.path.join(out, "case%d" % (i + 1)), clip(seed * 1000 + i))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
