#!/usr/bin/env python3
"""Writes the small photo fixtures of AliveMediaTests into this folder.

    python3 -m venv /tmp/fixvenv && /tmp/fixvenv/bin/pip install Pillow
    /tmp/fixvenv/bin/python Tests/AliveMediaTests/Fixtures/make_fixtures.py

JPEGs come from Pillow (its libjpeg), except YCCK, which Pillow cannot write: a ten-line C
program against the system libjpeg (cc, libjpeg-dev) writes that one. PNGs come from the
tiny writer below, so every bit depth, colour type, tRNS and Adam7 interlacing is exactly
what the test expects. The pictures are the ones the Swift tests describe:

  quadrants   48x32, upright: red top-left, green top-right, blue bottom-left,
              light grey bottom-right. Four distinct corners tell all 8 orientations apart.
  PNG texture the quadrant colour plus (x*7 + y*13) % 16 on every channel, so a lossless
              decode can be checked pixel by pixel (see `pngExpected` in the tests).
"""

import io
import os
import random
import struct
import subprocess
import tempfile
import zlib

from PIL import Image, ImageOps

HERE = os.path.dirname(os.path.abspath(__file__))
W, H = 48, 32

JPEG_QUADRANTS = [(220, 30, 30), (30, 200, 60), (40, 60, 210), (230, 230, 230)]
PNG_QUADRANTS = [(200, 30, 30), (30, 180, 60), (40, 60, 200), (220, 220, 220)]
GRAY_QUADRANTS = [40, 100, 160, 220]
# Ink amounts (0 = none) C, M, Y, K per quadrant; expected RGB = 255 (1-c)(1-k) etc:
# (204, 41, 41), (0, 255, 0), (255, 255, 255), (127, 127, 127).
CMYK_QUADRANTS = [(0, 204, 204, 51), (255, 0, 255, 0), (0, 0, 0, 0), (0, 0, 0, 128)]


def quadrant(x, y, w=W, h=H):
    return (0 if x < w // 2 else 1) + (0 if y < h // 2 else 2)


def texture(x, y):
    return (x * 7 + y * 13) % 16


def path(name):
    return os.path.join(HERE, name)


def write(name, data):
    with open(path(name), "wb") as f:
        f.write(data)


def image(mode, colours, w=W, h=H):
    img = Image.new(mode, (w, h))
    img.putdata([colours[quadrant(x, y, w, h)] for y in range(h) for x in range(w)])
    return img


def jpeg_bytes(img, **options):
    out = io.BytesIO()
    img.save(out, "JPEG", quality=92, **options)
    return out.getvalue()


def segment_offset(data, marker):
    """Offset of the first JPEG marker 0xFF `marker` (before the scan data)."""
    i = 2
    while i < len(data):
        assert data[i] == 0xFF
        if data[i + 1] == marker:
            return i
        i += 2 + struct.unpack(">H", data[i + 2:i + 4])[0]
    raise ValueError("marker not found")


def exif_payload(orientation, big_endian):
    """APP1 payload: "Exif\\0\\0" and a TIFF IFD0 with a description and the orientation."""
    e = ">" if big_endian else "<"
    tiff = (b"MM" if big_endian else b"II") + struct.pack(e + "HI", 42, 8)
    entries = [
        struct.pack(e + "HHI", 0x010E, 2, 4) + b"abc\0",  # ImageDescription, inline
        struct.pack(e + "HHIH", 0x0112, 3, 1, orientation) + b"\0\0",
    ]
    tiff += struct.pack(e + "H", len(entries)) + b"".join(entries) + struct.pack(e + "I", 0)
    return b"Exif\0\0" + tiff


# The stored picture for each orientation: the inverse of what a viewer applies.
STORE = {
    1: None,
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}


def make_jpegs():
    upright = image("RGB", JPEG_QUADRANTS)
    baseline = jpeg_bytes(upright)
    write("baseline.jpg", baseline)
    progressive = jpeg_bytes(upright, progressive=True)
    write("progressive.jpg", progressive)
    write("grayscale.jpg", jpeg_bytes(image("L", GRAY_QUADRANTS)))
    write("scale256.jpg", jpeg_bytes(image("RGB", JPEG_QUADRANTS, 256, 256)))

    cmyk = image("CMYK", CMYK_QUADRANTS)
    cmyk_jpeg = jpeg_bytes(cmyk)
    assert b"Adobe" in cmyk_jpeg[:400], "Pillow writes an Adobe APP14 marker for CMYK"
    write("cmyk_adobe.jpg", cmyk_jpeg)
    write("ycck_adobe.jpg", ycck_jpeg(cmyk))

    for orientation, store in STORE.items():
        stored = upright if store is None else upright.transpose(store)
        data = jpeg_bytes(stored, exif=exif_payload(orientation, big_endian=orientation % 2 == 0))
        write(f"orientation{orientation}.jpg", data)
        # Pillow agrees the stored picture plus the tag is the upright one.
        viewed = ImageOps.exif_transpose(Image.open(io.BytesIO(data)))
        assert viewed.size == (W, H) and viewed.getpixel((2, 2))[0] > 180, orientation

    # Cut halfway through the scan data, and damage the scan with a stray RST marker.
    scan = segment_offset(baseline, 0xDA)
    write("truncated.jpg", baseline[: scan + (len(baseline) - scan) // 2])
    pscan = segment_offset(progressive, 0xDA)
    write("progressive_truncated.jpg", progressive[: pscan + (len(progressive) - pscan) // 2])
    middle = scan + (len(baseline) - scan) // 2
    rng = random.Random(7)
    damage = b"\xFF\xD3" + bytes(rng.randrange(256) for _ in range(30))
    write("corrupt.jpg", baseline[:middle] + damage + baseline[middle + len(damage):])

    # A header that promises 60000x60000: SOF0 is FFC0, length, precision, height, width.
    sof = segment_offset(baseline, 0xC0)
    huge = bytearray(baseline)
    huge[sof + 5:sof + 9] = struct.pack(">HH", 60000, 60000)
    write("huge.jpg", bytes(huge))


YCCK_WRITER = r"""
#include <stdio.h>
#include <jpeglib.h>
/* ycck W H < cmyk-inverted > out.jpg: libjpeg's Adobe YCCK, as Photoshop writes it. */
int main(int argc, char **argv) {
    struct jpeg_compress_struct c; struct jpeg_error_mgr e;
    int w = atoi(argv[1]), h = atoi(argv[2]);
    static unsigned char row[4 * 4096];
    c.err = jpeg_std_error(&e); jpeg_create_compress(&c); jpeg_stdio_dest(&c, stdout);
    c.image_width = w; c.image_height = h; c.input_components = 4; c.in_color_space = JCS_CMYK;
    jpeg_set_defaults(&c); jpeg_set_colorspace(&c, JCS_YCCK); jpeg_set_quality(&c, 92, TRUE);
    jpeg_start_compress(&c, TRUE);
    while (c.next_scanline < c.image_height) {
        JSAMPROW r = row; fread(row, 4, w, stdin); jpeg_write_scanlines(&c, &r, 1);
    }
    jpeg_finish_compress(&c); return 0;
}
"""


def ycck_jpeg(cmyk):
    inverted = bytes(255 - b for b in cmyk.tobytes())  # Adobe stores 255 for no ink
    with tempfile.TemporaryDirectory() as tmp:
        source, program = os.path.join(tmp, "ycck.c"), os.path.join(tmp, "ycck")
        with open(source, "w") as f:
            f.write("#include <stdlib.h>\n" + YCCK_WRITER)
        subprocess.run(["cc", "-O1", "-o", program, source, "-ljpeg"], check=True)
        data = subprocess.run([program, str(cmyk.width), str(cmyk.height)], input=inverted,
                              capture_output=True, check=True).stdout
    adobe = segment_offset(data, 0xEE)
    assert data[adobe + 15] == 2, "Adobe transform 2 is YCCK"
    return data


# --- PNG ---------------------------------------------------------------------------------

def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width, height, depth, colour_type, rows, interlace=False, extra=()):
    """rows: a list of lists of samples (one row each, all channels flattened)."""
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[colour_type]
    pack = (lambda s: bytes(s)) if depth == 8 else (lambda s: struct.pack(f">{len(s)}H", *s))

    def scanlines(xs, ys):
        out = b""
        for y in ys:
            samples = [v for x in xs for v in rows[y][x * channels:(x + 1) * channels]]
            out += b"\0" + pack(samples)  # filter type None
        return out

    if interlace:  # Adam7: pass = (x0, y0, dx, dy); empty passes have no bytes at all
        passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
        raw = b""
        for x0, y0, dx, dy in passes:
            xs, ys = list(range(x0, width, dx)), list(range(y0, height, dy))
            if xs and ys:
                raw += scanlines(xs, ys)
    else:
        raw = scanlines(range(width), range(height))
    ihdr = struct.pack(">IIBBBBB", width, height, depth, colour_type, 0, 0, 1 if interlace else 0)
    body = chunk(b"IHDR", ihdr) + b"".join(chunk(k, d) for k, d in extra)
    return b"\x89PNG\r\n\x1a\n" + body + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def rgb_rows(w=W, h=H, quadrants=PNG_QUADRANTS, scale=1):
    return [[(c + texture(x, y)) * scale for x in range(w) for c in quadrants[quadrant(x, y, w, h)]]
            for y in range(h)]


def make_pngs():
    rgb = png(W, H, 8, 2, rgb_rows())
    write("rgb8.png", rgb)
    write("interlaced.png", png(W, H, 8, 2, rgb_rows(), interlace=True))
    write("rgb16.png", png(W, H, 16, 2, rgb_rows(scale=257)))

    alphas = [255, 128, 0, 64]
    write("rgba8.png", png(W, H, 8, 6, [
        [v for x in range(W) for v in (*PNG_QUADRANTS[quadrant(x, y)], alphas[quadrant(x, y)])]
        for y in range(H)]))
    write("gray8.png", png(W, H, 8, 0, [
        [GRAY_QUADRANTS[quadrant(x, y)] + texture(x, y) for x in range(W)] for y in range(H)]))
    write("gray_alpha8.png", png(W, H, 8, 4, [
        [v for x in range(W) for v in (GRAY_QUADRANTS[quadrant(x, y)], alphas[quadrant(x, y)])]
        for y in range(H)]))

    palette = b"".join(bytes(c) for c in PNG_QUADRANTS)
    indices = [[quadrant(x, y) for x in range(W)] for y in range(H)]
    write("palette.png", png(W, H, 8, 3, indices, extra=[(b"PLTE", palette)]))
    # tRNS covers the first three entries; the fourth stays opaque.
    write("palette_trns.png", png(W, H, 8, 3, indices,
                                  extra=[(b"PLTE", palette), (b"tRNS", bytes([255, 128, 0]))]))

    # Stored turned a quarter anticlockwise, with eXIf orientation 6: upright is rgb8.png.
    upright = Image.frombytes("RGB", (W, H), bytes(v for row in rgb_rows() for v in row))
    turned = upright.transpose(STORE[6]).tobytes()
    stored = [list(turned[y * H * 3:(y + 1) * H * 3]) for y in range(W)]
    write("orientation6.png", png(H, W, 8, 2, stored, extra=[(b"eXIf", exif_payload(6, True)[6:])]))

    idat = rgb.index(b"IDAT") - 4
    write("truncated.png", rgb[: idat + (len(rgb) - idat) // 2])
    damaged = bytearray(rgb)
    damaged[idat + 20:idat + 24] = b"\x00\x11\x22\x33"  # IDAT bytes change, CRC does not
    write("corrupt.png", bytes(damaged))

    ihdr = struct.pack(">IIBBBBB", 60000, 60000, 8, 2, 0, 0, 0)
    write("huge.png", b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) +
          chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b""))


def main():
    make_jpegs()
    make_pngs()
    write("not_a_photo.jpg", b"This is a text file with a .jpg name, not a photo.\n")
    write("empty.png", b"")
    for name in sorted(os.listdir(HERE)):
        if not name.endswith(".py"):
            print(f"{os.path.getsize(path(name)):6d}  {name}")


if __name__ == "__main__":
    main()
