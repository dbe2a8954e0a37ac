#!/usr/bin/python3
"""The picture a display should show for a kms_readback directory.

Usage: kms_compose.py DIR OUT.png
       kms_compose.py DIR --compare GOT.png [--tolerance N]

DIR is what tests/vm/kms_readback wrote: primary.ppm, cursor.pam when the
cursor is on, and state.txt with the cursor's position. The cursor is
blended over the primary with straight (not premultiplied) alpha, per
channel out = (src*a + dst*(255-a) + 127) // 255, which is exactly
round((src*a + dst*(255-a)) / 255): what glBlendFunc(GL_SRC_ALPHA,
GL_ONE_MINUS_SRC_ALPHA) gives on 8-bit targets, as QEMU 7.2's egl-headless
draws a dma-buf cursor (egl_texture_blend()), and what libvfio-display
does (lib/pixels.c). GL may round each product on its own (llvmpipe's
8-bit path does), so a real display can be off by one there: --tolerance
allows N per channel inside the cursor rectangle only; every other pixel
must be exact.

--compare prints "match" and exits 0, or "N pixels differ, first at (x,y):
got RRGGBB want RRGGBB" and exits 1.
"""
import argparse
import os
import sys

from pixmatch import close, load_rgb


def read_state(path):
    state = {}
    for line in open(path):
        words = line.split()
        if words:
            state[words[0]] = words[1:]
    return state


def read_pam(path):
    """A P7 RGB_ALPHA PAM as (width, height, bytes R G B A per pixel)."""
    with open(path, 'rb') as f:
        if f.readline().strip() != b'P7':
            raise ValueError(f'{path}: not a P7 PAM')
        head = {}
        for line in f:
            words = line.split()
            if words == [b'ENDHDR']:
                break
            if words and not words[0].startswith(b'#'):
                head[words[0]] = words[1]
        w, h = int(head[b'WIDTH']), int(head[b'HEIGHT'])
        if head.get(b'TUPLTYPE') != b'RGB_ALPHA' or int(head[b'DEPTH']) != 4 or \
                int(head[b'MAXVAL']) != 255:
            raise ValueError(f'{path}: not 8-bit RGB_ALPHA')
        data = f.read(w * h * 4)
    if len(data) != w * h * 4:
        raise ValueError(f'{path}: short pixel data')
    return w, h, data


def compose(d):
    """The display's picture as rows of 0xRRGGBB, its size, and the cursor
    rectangle (x0, y0, x1, y1) clipped to it, or None."""
    want, w, h = load_rgb(os.path.join(d, 'primary.ppm'))
    words = read_state(os.path.join(d, 'state.txt')).get('cursor', ['none'])
    if words == ['none']:
        return want, w, h, None
    cx, cy = int(words[0]), int(words[1])
    cw, ch, px = read_pam(os.path.join(d, 'cursor.pam'))
    if words[2] != f'{cw}x{ch}':
        raise ValueError(f'state.txt says cursor {words[2]}, cursor.pam is {cw}x{ch}')
    x0, y0, x1, y1 = max(cx, 0), max(cy, 0), min(cx + cw, w), min(cy + ch, h)
    if x0 >= x1 or y0 >= y1:
        return want, w, h, None
    for y in range(y0, y1):
        row = want[y]
        for x in range(x0, x1):
            i = ((y - cy) * cw + (x - cx)) * 4
            a = px[i + 3]
            if a == 0:
                continue
            dst = row[x]
            out = 0
            for c, shift in enumerate((16, 8, 0)):
                out |= (px[i + c] * a + ((dst >> shift) & 0xff) * (255 - a) + 127) // 255 << shift
            row[x] = out
    return want, w, h, (x0, y0, x1, y1)


def compare(got, want, w, rect, tol):
    """The count of differing pixels and the first one (x, y, got, want)."""
    n, first = 0, None
    for y, (grow, wrow) in enumerate(zip(got, want)):
        if grow == wrow:
            continue
        for x in range(w):
            g, e = grow[x], wrow[x]
            if g == e:
                continue
            inside = rect and rect[0] <= x < rect[2] and rect[1] <= y < rect[3]
            if inside and close(g, e, tol):
                continue
            n += 1
            first = first or (x, y, g, e)
    return n, first


def main():
    ap = argparse.ArgumentParser(description='Compose a kms_readback directory.')
    ap.add_argument('dir')
    ap.add_argument('out', nargs='?', help='write the composed picture here (PNG)')
    ap.add_argument('--compare', metavar='GOT', help='compare a captured picture with it')
    ap.add_argument('--tolerance', type=int, default=0,
                    help='per-channel difference allowed inside the cursor rectangle')
    args = ap.parse_args()
    if bool(args.out) == bool(args.compare):
        ap.error('give either OUT.png or --compare GOT.png')
    want, w, h, rect = compose(args.dir)
    if args.out:
        from PIL import Image
        img = Image.new('RGB', (w, h))
        img.putdata([(p >> 16, (p >> 8) & 0xff, p & 0xff) for row in want for p in row])
        img.save(args.out)
        return 0
    got, gw, gh = load_rgb(args.compare)
    if (gw, gh) != (w, h):
        print(f'{args.compare} is {gw}x{gh}, the display {w}x{h}')
        return 1
    n, first = compare(got, want, w, rect, args.tolerance)
    if not n:
        print('match')
        return 0
    x, y, g, e = first
    print(f'{n} pixels differ, first at ({x},{y}): got {g:06x} want {e:06x}')
    return 1


sys.exit(main())
