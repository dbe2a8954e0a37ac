#!/usr/bin/python3
"""Which of several expected pictures a captured one is.

Usage: image_match.py [--lossy] ACTUAL EXPECTED...

Prints the index (from 0) of the first EXPECTED whose every pixel matches
ACTUAL (--lossy for a JPEG; see pixmatch.py) and exits 0; otherwise says
how far each one is and exits 1. For captures of a display that changes
on its own schedule, where a test must tell which state it caught.
"""
import sys

from pixmatch import differences, load_rgb


def main():
    args = sys.argv[1:]
    lossy = args[0] == '--lossy'
    if lossy:
        args = args[1:]
    got, w, h = load_rgb(args[0])
    for i, path in enumerate(args[1:]):
        want, ww, wh = load_rgb(path)
        if (ww, wh) != (w, h):
            print(f'image_match: {path} is {ww}x{wh}, the capture {w}x{h}')
            continue
        # The first difference settles it: captures are slow to compare.
        bad = differences(got, want, w, h, lossy, limit=1)
        if not bad:
            print(i)
            return 0
        x, y, g, e = bad[0]
        print(f'image_match: {path}: pixel ({x},{y}) is {g:06x}, expected {e:06x}')
    return 1


sys.exit(main())
