#!/usr/bin/env python3
"""Records reference outputs of the face models with TensorFlow Lite itself, for the
interpreter's golden tests (Tests/AliveFacesTests/Fixtures/golden). Run once, by hand, in a
development venv (not the Makefile's):

    python3 -m venv /tmp/tfl && /tmp/tfl/bin/pip install tflite-runtime "numpy<2" pillow
    /tmp/tfl/bin/python Scripts/make_face_goldens.py MODELS_DIR Tests/AliveFacesTests/Fixtures/golden

MODELS_DIR holds face_detection_short_range.tflite and face_landmark.tflite (from the
mediapipe 0.10.14 wheel). Inputs are either a PNG of grace_hopper.jpg cropped and resized
here (stored beside the outputs, so the Swift test reads the same pixels) or a pattern both
sides compute exactly. Outputs are little-endian float32, one file per output tensor.
"""
import os
import sys

import numpy as np
import tflite_runtime.interpreter as tfl
from PIL import Image

PHOTO = "/work/shared/photos/people/grace_hopper.jpg"


def pattern(h, w, c):
    """(((i * 7919) mod 256) - 128) / 128 for i over the NHWC elements: exact in float32."""
    i = np.arange(h * w * c, dtype=np.int64)
    return (((i * 7919) % 256 - 128) / 128.0).astype(np.float32).reshape(1, h, w, c)


def run(model, x, out, name):
    it = tfl.Interpreter(model_path=model, num_threads=1)
    inp = it.get_input_details()[0]
    if list(inp["shape"]) != list(x.shape):
        it.resize_tensor_input(inp["index"], list(x.shape))
    it.allocate_tensors()
    it.set_tensor(inp["index"], x)
    it.invoke()
    for k, o in enumerate(it.get_output_details()):
        v = it.get_tensor(o["index"]).astype("<f4")
        v.tofile(os.path.join(out, f"{name}.out{k}.f32"))
        print(name, k, v.shape)


def main():
    models, out = sys.argv[1], sys.argv[2]
    det = os.path.join(models, "face_detection_short_range.tflite")
    lmk = os.path.join(models, "face_landmark.tflite")
    photo = Image.open(PHOTO).convert("RGB")
    # The detector's input is the whole portrait letterboxed to 128x128; the landmark
    # model's is the face, cropped square; a fully convolutional run takes 256x192.
    crops = {
        "detector-photo": photo.resize((110, 128), Image.BILINEAR),
        "landmark-photo": photo.crop((150, 120, 380, 350)).resize((192, 192), Image.BILINEAR),
        "detector-wide": photo.resize((192, 224), Image.BILINEAR).crop((0, 0, 192, 224)),
    }
    canvas = Image.new("RGB", (128, 128))
    canvas.paste(crops["detector-photo"], (9, 0))
    crops["detector-photo"] = canvas
    for name, img in crops.items():
        img.save(os.path.join(out, f"{name}.png"))
    def from_png(name, lo):
        a = np.asarray(Image.open(os.path.join(out, f"{name}.png")).convert("RGB"), dtype=np.float32)
        # [0, 255] -> [-1, 1] (detector) or [0, 1] (landmarks), as the Swift side computes it.
        return (a / np.float32(127.5) - np.float32(1) if lo < 0 else a / np.float32(255))[None].astype(np.float32)
    run(det, from_png("detector-photo", -1), out, "detector-photo")
    run(det, pattern(128, 128, 3), out, "detector-pattern")
    run(det, from_png("detector-wide", -1), out, "detector-wide")
    run(lmk, from_png("landmark-photo", 0), out, "landmark-photo")
    run(lmk, pattern(192, 192, 3), out, "landmark-pattern")


if __name__ == "__main__":
    main()
