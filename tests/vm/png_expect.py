#!/usr/bin/python3
"""Compare a PNG of the display with the picture a scripted guest drew.

Usage: png_expect.py [--lossy] ACTUAL SCRIPT.vgs FB_GPA STRIDE W H CUR_GPA CUR_X CUR_Y HOT_X HOT_Y

The expected picture is painted here, independently of the library, from
the script's own `rect` commands: those at FB_GPA make the W x H XRGB8888
framebuffer, those at CUR_GPA the 64x64 ARGB cursor (alpha 0 or 255 only),
placed with its hotspot at (CUR_X, CUR_Y). Pixels are compared after
decoding (Debian's Pillow), never file bytes. Exit 0 when every pixel
matches; otherwise the count and the first few differences.

--lossy is for a JPEG (what vncsnapshot writes); see pixmatch.py.
"""
import sys

from pixmatch import differences, load_rgb


def rects(script, gpa):
    for line in open(script):
        words = line.split('#')[0].split()
        if len(words) == 8 and words[0] == 'rect' and int(words[1], 0) == gpa:
            yield [int(w, 0) for w in words[2:]]


def main():
    args = sys.argv[1:]
    lossy = args[0] == '--lossy'
    if lossy:
        args = args[1:]
    actual, script = args[0], args[1]
    fb, stride, w, h, cur, cx, cy, hx, hy = (int(a, 0) for a in args[2:11])
    want = [[0] * w for _ in range(h)]
    for _, x0, y0, rw, rh, color in rects(script, fb):
        for y in range(y0, min(y0 + rh, h)):
            for x in range(x0, min(x0 + rw, w)):
                want[y][x] = color & 0xffffff
    for _, x0, y0, rw, rh, color in rects(script, cur):
        if color >> 24 == 0:
            continue
        for y in range(y0, y0 + rh):
            for x in range(x0, x0 + rw):
                px, py = cx - hx + x, cy - hy + y
                if 0 <= px < w and 0 <= py < h:
                    want[py][px] = color & 0xffffff
    got, gw, gh = load_rgb(actual)
    if (gw, gh) != (w, h):
        print(f'png_expect: {actual} is {(gw, gh)}, expected {(w, h)}')
        return 1
    bad = differences(got, want, w, h, lossy)
    for x, y, g, e in bad[:5]:
        print(f'png_expect: pixel ({x},{y}) is {g:06x}, expected {e:06x}')
    print(f'png_expect: {w * h - len(bad)} of {w * h} pixels match')
    return 1 if bad else 0


sys.exit(main())
