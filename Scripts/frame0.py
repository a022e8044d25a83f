#!/usr/bin/env python3
"""Frame 0 against the flat render, for every photo, with its own prompt (as a loop, as
realcheck.py motion renders it) and with the default prompt (none).

  frame0.py [--alive BIN] [--photos DIR] [--size 960x600]

The reference is the flat camera's frame 0 ("slow zoom in, flat"), as realcheck.py uses.
Prints a table of PSNR in dB; exit status 1 when any is under 45 dB.
"""
import argparse, json, os, subprocess, sys, tempfile

import numpy as np
from PIL import Image

WANT = 45.0


def frame0(alive, photo, prompt, out, size, extra=()):
    subprocess.run([alive, "frames", photo, "--prompt", prompt, "--duration", "4", "--fps", "30", "--size", size,
                    "--seed", "7", "--at", "0", "-o", out, *extra], check=True, capture_output=True)
    return np.asarray(Image.open(os.path.join(out, "frame-000000.png")).convert("RGB"), np.float64)


def psnr(a, b):
    return 10 * np.log10(255.0 ** 2 / max(float(((a - b) ** 2).mean()), 1e-9))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--alive", default=".build/release/alive")
    ap.add_argument("--photos", default="../shared/photos/real")
    ap.add_argument("--size", default="960x600")
    args = ap.parse_args()
    regions = json.load(open(os.path.join(args.photos, "regions.json")))
    names = sorted(f for f in os.listdir(args.photos) if f.lower().endswith((".jpg", ".png")))
    worst = float("inf")
    print(f"{'photo':22s} {'prompt':>8s} {'loop':>8s} {'default':>8s} {'dflt-loop':>9s}")
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            photo = os.path.join(args.photos, name)
            ref = frame0(args.alive, photo, "slow zoom in, flat", os.path.join(tmp, name + "-flat"), args.size)
            prompt = regions.get(name, {}).get("prompt")
            cells = []
            for k, (p, extra) in enumerate([(prompt, ()), (prompt, ("--loop",)), ("", ()), ("", ("--loop",))]):
                if p is None:
                    cells.append("-")
                    continue
                v = psnr(frame0(args.alive, photo, p, os.path.join(tmp, f"{name}-{k}"), args.size, extra), ref)
                worst = min(worst, v)
                cells.append(f"{v:.1f}")
            print(f"{name:22s} {cells[0]:>8s} {cells[1]:>8s} {cells[2]:>8s} {cells[3]:>9s}")
    print(f"worst {worst:.1f} dB (want >= {WANT})")
    return 0 if worst >= WANT else 1


if __name__ == "__main__":
    sys.exit(main())
