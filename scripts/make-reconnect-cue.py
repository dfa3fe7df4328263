#!/usr/bin/env python3
"""Writes resources/audio/reconnect.ulaw: the built-in RECONNECT_CUE, 8 kHz mu-law, two seconds —
two soft tones (E5, then G5, 140 ms each with gentle edges) and silence — looped while a call's AI
session is replaced."""
import math
import pathlib
import struct

RATE = 8000


def ulaw(sample: int) -> int:
    # ITU-T G.711 mu-law, as audio/G711.cpp encodes it.
    BIAS, CLIP = 0x84, 32635
    sign = 0x80 if sample < 0 else 0
    sample = min(abs(sample), CLIP) + BIAS
    exponent = 7
    mask = 0x4000
    while exponent > 0 and not (sample & mask):
        exponent -= 1
        mask >>= 1
    mantissa = (sample >> (exponent + 3)) & 0x0F
    return ~(sign | (exponent << 4) | mantissa) & 0xFF


def tone(freq: float, ms: int, level: float) -> list[int]:
    n = RATE * ms // 1000
    ramp = RATE * 20 // 1000
    out = []
    for i in range(n):
        gain = min(1.0, i / ramp, (n - 1 - i) / ramp)
        out.append(int(level * 32767 * gain * math.sin(2 * math.pi * freq * i / RATE)))
    return out


samples = tone(659.25, 140, 0.12) + [0] * (RATE * 60 // 1000) + tone(783.99, 140, 0.12)
samples += [0] * (2 * RATE - len(samples))
out = pathlib.Path(__file__).resolve().parent.parent / "resources" / "audio" / "reconnect.ulaw"
out.write_bytes(bytes(ulaw(s) for s in samples))
print(f"{out}: {len(samples)} samples")
