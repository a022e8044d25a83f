#!/usr/bin/env python3
"""Writes Fuzz/Corpus/cbor/*.cbor: the CBOR payloads (claim, assertions, COSE signature) of the
signed seed video Fuzz/Corpus/bmff/signed.mp4, found as JUMBF 'cbor' content boxes."""
import os, struct, sys

root = os.path.dirname(os.path.abspath(__file__))
data = open(os.path.join(root, "Corpus/bmff/signed.mp4"), "rb").read()
out = os.path.join(root, "Corpus/cbor")
os.makedirs(out, exist_ok=True)
n, at = 0, 0
while True:
    at = data.find(b"cbor", at + 1)
    if at < 4:
        break
    size = struct.unpack(">I", data[at - 4:at])[0]
    if 8 < size < 65536 and at - 4 + size <= len(data):
        payload = data[at + 4:at - 4 + size]
        open(os.path.join(out, f"payload{n}.cbor"), "wb").write(payload)
        n += 1
print(f"{n} CBOR seeds")
