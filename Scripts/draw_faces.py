#!/usr/bin/env python3
"""Draws found faces over their photos, to look at them: boxes, the mesh's eyelids, lips,
nose and jaw line, and the hand marks of Fixtures/faces.json.

    FACES_DUMP=/tmp/faces swift test ... --filter dumpFaces
    python3 Scripts/draw_faces.py /tmp/faces Tests/AliveFacesTests/Fixtures /tmp/faces-drawn [zoom]

Needs Pillow (any development venv).
"""
import glob
import json
import os
import sys

from PIL import Image, ImageDraw

LIDS = [[33, 246, 161, 160, 159, 158, 157, 173, 133], [33, 7, 163, 144, 145, 153, 154, 155, 133],
        [263, 466, 388, 387, 386, 385, 384, 398, 362], [263, 249, 390, 373, 374, 380, 381, 382, 362]]
LIPS = [[61, 185, 40, 39, 37, 0, 267, 269, 270, 409, 291], [61, 146, 91, 181, 84, 17, 314, 405, 321, 375, 291],
        [78, 191, 80, 81, 82, 13, 312, 311, 310, 415, 308], [78, 95, 88, 178, 87, 14, 317, 402, 318, 324, 308]]
NOSE = [[168, 6, 197, 195, 5, 4, 1], [98, 1, 327]]
OVAL = [10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378, 400, 377, 152, 148, 176, 149,
        150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109, 10]


def main():
    dump, fixtures, out = sys.argv[1], sys.argv[2], sys.argv[3]
    zoom = float(sys.argv[4]) if len(sys.argv) > 4 else 1
    os.makedirs(out, exist_ok=True)
    hand = {p["file"]: p["faces"] for p in json.load(open(os.path.join(fixtures, "faces.json")))["photos"]}
    for path in sorted(glob.glob(os.path.join(dump, "*.json"))):
        d = json.load(open(path))
        im = Image.open(os.path.join(fixtures, d["file"])).convert("RGB")
        im = im.resize((int(im.width * zoom), int(im.height * zoom)), Image.LANCZOS)
        g = ImageDraw.Draw(im)
        z = lambda p: (p[0] * zoom, p[1] * zoom)
        for h in hand.get(d["file"], []):
            b = h["box"]
            g.rectangle([z(b[:2]), z(b[2:])], outline=(255, 255, 0))
            for p in (h.get("landmarks") or {}).get("eyes", []) + (h.get("landmarks") or {}).get("mouth", []):
                x, y = z(p)
                g.line([(x - 4, y), (x + 4, y)], fill=(255, 255, 0))
                g.line([(x, y - 4), (x, y + 4)], fill=(255, 255, 0))
        for f in d["faces"]:
            L = f["landmarks"]
            b = f["box"]
            g.rectangle([z(b[:2]), z(b[2:])], outline=(0, 255, 0))
            b = f["detectionBox"]
            g.rectangle([z(b[:2]), z(b[2:])], outline=(0, 128, 255))
            for line, colour in [(l, (255, 0, 255)) for l in LIDS] + [(l, (255, 64, 64)) for l in LIPS] + \
                                [(l, (0, 255, 255)) for l in NOSE] + [(OVAL, (0, 255, 0))]:
                g.line([z(L[i]) for i in line], fill=colour, width=1)
            g.text(z(f["box"][:2]), "%.2f/%.3f" % (f["confidence"], f["presence"]), fill=(0, 255, 0))
        im.save(os.path.join(out, d["file"].replace("/", "_").rsplit(".", 1)[0] + ".png"))


if __name__ == "__main__":
    main()
