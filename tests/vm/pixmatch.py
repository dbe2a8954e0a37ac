"""Pixel comparison shared by the VM tests' picture checkers.

An expected picture is a list of rows of 0xRRGGBB ints. A lossy compare
is for a JPEG (what vncsnapshot writes): each channel may be off by 24,
and pixels within 2 of a colour edge of the expected picture, where JPEG
rings, are not compared.
"""
from PIL import Image


def near_edge(want, x, y, w, h, reach=2):
    c = want[y][x]
    for yy in range(max(0, y - reach), min(h, y + reach + 1)):
        for xx in range(max(0, x - reach), min(w, x + reach + 1)):
            if want[yy][xx] != c:
                return True
    return False


def close(a, b, tol):
    return all(abs(((a >> s) & 0xff) - ((b >> s) & 0xff)) <= tol for s in (0, 8, 16))


def load_rgb(path):
    """The picture at path as rows of 0xRRGGBB, and its size."""
    img = Image.open(path).convert('RGB')
    w, h = img.size
    px = img.load()
    return [[r << 16 | g << 8 | b for r, g, b in (px[x, y] for x in range(w))]
            for y in range(h)], w, h


def differences(got, want, w, h, lossy, limit=None):
    """The (x, y, got, want) of the pixels that do not match: all of them,
    or the first limit."""
    bad = []
    for y in range(h):
        for x in range(w):
            g, e = got[y][x], want[y][x]
            if lossy:
                if not close(g, e, 24) and not near_edge(want, x, y, w, h):
                    bad.append((x, y, g, e))
            elif g != e:
                bad.append((x, y, g, e))
            if limit and len(bad) >= limit:
                return bad
    return bad
