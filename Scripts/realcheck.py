#!/usr/bin/env python3
"""Checks alive against real photos whose sure regions were drawn by hand.

(Copied from ../shared/tools/realcheck.py; one fix: crop() on a stack of frames; two
additions: `frame0`, and `--report FILE`, which writes every check with a stable id, its
value and whether it held, as JSON, for the tests that hold the results in place.)

  realcheck.py scene  [--alive BIN] [--photos DIR] [--only NAME,...]
      alive plan --maps on every photo in regions.json; reports, per box, the share of
      the box that each map covers (sky, water, foliage) and whether depth is ordered.
  realcheck.py motion [--alive BIN] [--photos DIR] [--only NAME,...]
      renders each photo's own cinemagraph prompt (regions.json "prompt") as a loop and
      measures: frame 0 against the flat camera's frame 0 (PSNR), drift of the moving
      region (best sub-pixel shift over 10-frame windows, found by search), stillness of
      the still regions, the loop seam against the median step.
  realcheck.py frame0 [--alive BIN] [--photos DIR] [--only NAME,...]
      frame 0 against the flat camera's frame 0 (PSNR >= 45 dB) for every photo, with the
      default prompt and with its own prompt, each as a clip and as a loop.
  realcheck.py sheet  [--alive BIN] [--photos DIR] [--only NAME,...] [--prompt TEXT] -o OUT.png
      first and last frame of each photo side by side, to look at.

Photos and regions: ../shared/photos/real/ (regions.json beside the photos; boxes are
[x0, y0, x1, y1] as fractions of the photo's width and height; each box holds only what
its name says: sky, water, foliage, ground, object, person; near/mid/far for depth;
"prompt" with "moves" {box, dx sign, what} for a drift, or "ripples" [boxes] for water,
and "still" [boxes] that must not change). Needs numpy, scipy and pillow (`python3 -m venv v && v/bin/pip install
numpy scipy pillow`). Exit status 0 when every check holds, 1 otherwise.
"""
import argparse, json, os, subprocess, sys, tempfile

import numpy as np
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_PHOTOS = os.path.join(HERE, "..", "photos", "real")

# Thresholds: what "found" and "left alone" mean for a sure region.
FOUND, ABSENT = 0.90, 0.05
FRAME0_DB, DRIFT_PX, STILL, SEAM = 45.0, 0.5, 1.0, 1.5  # frame 0: issue 11 asks 45 dB (the shared copy says 40)
FRAME0_STRICT_DB = FRAME0_DB

# Every check made, for --report: {"id": "photo what", "ok": bool, "value": number or text}.
RESULTS = []


def record(check, ok, value):
    RESULTS.append({"id": check, "ok": bool(ok), "value": value})


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:3])}... exit {r.returncode}: {r.stderr.strip()[:300]}")


def crop(a, box):
    # A stack of frames (n, h, w, c) is cropped in every frame, not along the frame axis.
    stack = a.ndim == 4
    h, w = a.shape[1:3] if stack else a.shape[:2]
    x0, y0, x1, y1 = box
    rows, cols = slice(int(y0 * h), int(y1 * h)), slice(int(x0 * w), int(x1 * w))
    return a[:, rows, cols] if stack else a[rows, cols]


def load_map(folder, name, size):
    f = os.path.join(folder, name)
    if not os.path.exists(f):
        return None
    return np.asarray(Image.open(f).convert("L").resize(size, Image.BILINEAR), np.float32) / 255


def scene(args, regions):
    fails, checks = [], 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, reg in regions.items():
            out = os.path.join(tmp, name)
            run([args.alive, "plan", os.path.join(args.photos, name), "--maps", out])
            size = (400, 250)
            maps = {k: load_map(out, k + ".png", size) for k in ("sky", "water", "foliage", "depth")}
            row = []
            for kind in ("sky", "water", "foliage"):
                m = maps[kind]
                for i, b in enumerate(reg.get(kind, [])):
                    checks += 1
                    f = float((crop(m, b) > 0.5).mean()) if m is not None else 0.0
                    row.append(f"{kind}-in-{kind} {f:.2f}")
                    record(f"{name} {kind}-in-{kind} {i}", f >= FOUND, round(f, 3))
                    if f < FOUND:
                        fails.append(f"{name}: {kind} covers {f:.2f} of sure-{kind} {b}")
            for region in ("ground", "object", "water", "foliage", "person"):
                for i, b in enumerate(reg.get(region, [])):
                    for kind in ("sky", "water"):
                        if kind == region:
                            continue
                        m = maps[kind]
                        checks += 1
                        f = float((crop(m, b) > 0.5).mean()) if m is not None else 0.0
                        record(f"{name} {kind}-in-{region} {i}", f <= ABSENT, round(f, 3))
                        if f > ABSENT:
                            fails.append(f"{name}: {kind} covers {f:.2f} of sure-{region} {b}")
                            row.append(f"{kind}-in-{region} {f:.2f}")
            order = [k for k in ("near", "mid", "far") if k in reg]
            if len(order) >= 2 and maps["depth"] is not None:
                checks += 1
                vals = [float(np.mean([crop(maps["depth"], b).mean() for b in reg[k]])) for k in order]
                ok = all(vals[i] < vals[i + 1] for i in range(len(vals) - 1))
                row.append("depth " + ("ordered" if ok else "NOT ordered") + " " +
                           " < ".join(f"{k} {v:.2f}" for k, v in zip(order, vals)))
                record(f"{name} depth-order", ok, [round(v, 3) for v in vals])
                if not ok:
                    fails.append(f"{name}: depth not ordered near < mid < far: {vals}")
            print(f"{name:24s} " + "; ".join(row))
    return checks, fails


def frames(alive, photo, prompt, out, extra=()):
    run([alive, "frames", photo, "--prompt", prompt, "--duration", "4", "--fps", "30", "--size", "960x600",
         "--seed", "7", "--at", "all", "-o", out, *extra])
    names = sorted(f for f in os.listdir(out) if f.endswith(".png"))
    return np.stack([np.asarray(Image.open(os.path.join(out, f)).convert("RGB"), np.float32) for f in names])


def best_dx(a, b):
    from scipy.ndimage import shift
    errs = [(float(np.abs(shift(a, (0, s), order=1)[:, 24:-24] - b[:, 24:-24]).mean()), s)
            for s in np.arange(-8, 8.01, 0.25)]
    return min(errs)[1]


def motion(args, regions):
    fails, checks = [], 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, reg in regions.items():
            if "prompt" not in reg or not ("moves" in reg or "ripples" in reg):
                continue
            photo = os.path.join(args.photos, name)
            F = frames(args.alive, photo, reg["prompt"], os.path.join(tmp, name), ["--loop"])
            flat = os.path.join(tmp, name + "-flat")
            run([args.alive, "frames", photo, "--prompt", "slow zoom in, flat", "--duration", "4", "--size",
                 "960x600", "--at", "0", "-o", flat])
            ref = np.asarray(Image.open(os.path.join(flat, "frame-000000.png")).convert("RGB"), np.float64)
            psnr = 10 * np.log10(255.0 ** 2 / max(float(((F[0] - ref) ** 2).mean()), 1e-9))
            g = F.mean(-1)
            if "moves" in reg:
                box = reg["moves"]["box"]
                want = reg["moves"].get("dx", -1)
                S = np.stack([crop(x, box) for x in g])
                dx = np.array([best_dx(S[k], S[k + 10]) for k in range(0, len(S) - 10, 10)])
                moving = float(((np.sign(dx) == np.sign(want)) & (np.abs(dx) >= DRIFT_PX)).mean())
            else:
                dx = np.zeros(1)
                moving = min(float(np.abs(crop(F, b) - crop(F[:1], b)).mean()) >= 1.0 for b in reg["ripples"]) * 1.0
            still = max([float(np.abs(crop(F, b) - crop(F[:1], b)).mean()) for b in reg.get("still", [])] or [0.0])
            steps = np.abs(np.diff(F, axis=0)).mean(axis=(1, 2, 3))
            seam = float(np.abs(F[-1] - F[0]).mean()) / max(float(np.median(steps)), 1e-6)
            checks += 4
            record(f"{name} frame0", psnr >= FRAME0_DB, round(psnr, 2))
            record(f"{name} {'drift' if 'moves' in reg else 'ripples'}", moving >= 0.8, round(moving, 3))
            record(f"{name} still", still <= STILL, round(still, 3))
            record(f"{name} seam", seam <= SEAM, round(seam, 3))
            if psnr < FRAME0_DB:
                fails.append(f"{name}: frame 0 is {psnr:.1f} dB from the photo (want >= {FRAME0_DB})")
            if moving < 0.8 and "moves" in reg:
                fails.append(f"{name}: the {reg['moves'].get('what', 'moving region')} drifts the asked way in "
                             f"{moving:.0%} of windows (shifts per 10 frames {np.round(dx, 2).tolist()})")
            elif moving < 0.8:
                fails.append(f"{name}: the water boxes change by less than 1/255 on average")
            if still > STILL:
                fails.append(f"{name}: still regions change by {still:.2f}/255 (want <= {STILL})")
            if seam > SEAM:
                fails.append(f"{name}: loop seam {seam:.2f}x the median step (want <= {SEAM})")
            print(f"{name:24s} frame0 {psnr:.1f} dB, drift median {np.median(dx):+.2f} px/10 frames, "
                  f"still {still:.2f}/255, seam {seam:.2f}x")
    return checks, fails


def frame0(args, regions):
    """Frame 0 of each photo, default prompt and its own, clip and loop, against the flat camera."""
    fails, checks = [], 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, reg in regions.items():
            photo = os.path.join(args.photos, name)
            flat = os.path.join(tmp, name + "-flat")
            run([args.alive, "frames", photo, "--prompt", "slow zoom in, flat", "--duration", "4", "--size",
                 "960x600", "--at", "0", "-o", flat])
            ref = np.asarray(Image.open(os.path.join(flat, "frame-000000.png")).convert("RGB"), np.float64)
            row = []
            prompts = [("default", "")] + ([("own", reg["prompt"])] if reg.get("prompt") else [])
            for label, prompt in prompts:
                for extra in ([], ["--loop"]):
                    out = os.path.join(tmp, f"{name}-{label}-{len(extra)}")
                    run([args.alive, "frames", photo, "--prompt", prompt, "--duration", "4", "--size", "960x600",
                         "--seed", "7", "--at", "0", "-o", out, *extra])
                    f0 = np.asarray(Image.open(os.path.join(out, "frame-000000.png")).convert("RGB"), np.float64)
                    psnr = 10 * np.log10(255.0 ** 2 / max(float(((f0 - ref) ** 2).mean()), 1e-9))
                    kind = f"{label}{'-loop' if extra else ''}"
                    checks += 1
                    record(f"{name} frame0-{kind}", psnr >= FRAME0_STRICT_DB, round(psnr, 2))
                    row.append(f"{kind} {psnr:.1f} dB")
                    if psnr < FRAME0_STRICT_DB:
                        fails.append(f"{name}: frame 0 ({kind} prompt) is {psnr:.1f} dB from the flat render "
                                     f"(want >= {FRAME0_STRICT_DB})")
            print(f"{name:24s} " + ", ".join(row))
    return checks, fails


def sheet(args, regions):
    tiles = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, reg in regions.items():
            out = os.path.join(tmp, name)
            prompt = args.prompt if args.prompt is not None else reg.get("prompt", "")
            run([args.alive, "frames", os.path.join(args.photos, name), "--prompt", prompt, "--size", "540x960",
                 "--at", "0,179", "-o", out])
            for f in ("frame-000000.png", "frame-000179.png"):
                tiles.append(Image.open(os.path.join(out, f)).convert("RGB").resize((270, 480)))
    cols = min(len(tiles), 8)
    rows = (len(tiles) + cols - 1) // cols
    W = Image.new("RGB", (cols * 270, rows * 480), "white")
    for i, t in enumerate(tiles):
        W.paste(t, ((i % cols) * 270, (i // cols) * 480))
    W.save(args.output)
    print(f"wrote {args.output}: first and last frame of {len(tiles) // 2} photos")
    return 0, []


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=["scene", "motion", "frame0", "sheet"])
    ap.add_argument("--alive", default=".build/release/alive")
    ap.add_argument("--photos", default=DEFAULT_PHOTOS)
    ap.add_argument("--only", default="")
    ap.add_argument("--prompt")
    ap.add_argument("-o", "--output", default="sheet.png")
    ap.add_argument("--report", help="write every check (id, value, ok) to this JSON file")
    args = ap.parse_args()
    regions = json.load(open(os.path.join(args.photos, "regions.json")))
    regions = {k: v for k, v in regions.items() if not k.startswith("_")}
    if args.only:
        keep = set(args.only.split(","))
        regions = {k: v for k, v in regions.items() if k in keep or k.rsplit(".", 1)[0] in keep}
    checks, fails = {"scene": scene, "motion": motion, "frame0": frame0, "sheet": sheet}[args.what](args, regions)
    if args.what == "sheet":
        return 0
    if args.report:
        with open(args.report, "w") as f:
            json.dump(RESULTS, f, indent=1)
    for f in fails:
        print("FAIL " + f)
    print(f"{checks - len(fails)} passed, {len(fails)} failed")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
