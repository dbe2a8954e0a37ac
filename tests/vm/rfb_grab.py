#!/usr/bin/python3
"""Grab a VNC server's screen as a client that knows no cursor encodings.

Usage: rfb_grab.py HOST:PORT OUT.png
       rfb_grab.py HOST:PORT --resize WxH

vncsnapshot always asks for cursor shapes, so a server never has to draw
the cursor into the picture for it. This client asks for raw pixels only
(RFB 3.8, no security), so the server must composite the cursor itself;
the PNG is exact, which lets a test compare every pixel.

--resize asks the server for a desktop of WxH instead, as a viewer whose
window was resized does (RFB SetDesktopSize, with the ExtendedDesktopSize
pseudo-encoding announced), and prints the server's answer: "resize
status N", 0 done, 4 forwarded to the guest (QEMU turns it into a new
monitor for the display), anything else refused.
"""
import socket
import struct
import sys

from PIL import Image

RAW = 0
EXTENDED_DESKTOP_SIZE = -308


class Conn:
    def __init__(self, host, port):
        self.sock = socket.create_connection((host, port), timeout=30)
        self.buf = b''

    def read(self, n):
        while len(self.buf) < n:
            data = self.sock.recv(1 << 16)
            if not data:
                raise EOFError('the server closed the connection')
            self.buf += data
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def send(self, data):
        self.sock.sendall(data)


def handshake(c):
    if not c.read(12).startswith(b'RFB 003.'):
        raise ValueError('not an RFB server')
    c.send(b'RFB 003.008\n')
    types = c.read(c.read(1)[0])
    if 1 not in types:
        raise ValueError(f'no "none" security type in {list(types)}')
    c.send(b'\x01')
    if struct.unpack('>I', c.read(4))[0] != 0:
        raise ValueError('security handshake failed')
    c.send(b'\x01')                                  # share the desktop
    w, h = struct.unpack('>HH', c.read(4))
    c.read(16)                                       # the server's format
    c.read(struct.unpack('>I', c.read(4))[0])        # its name
    # 32 bits per pixel, depth 24, little endian, true colour 0x00RRGGBB.
    c.send(struct.pack('>B3xBBBBHHHBBB3x', 0, 32, 24, 0, 1, 255, 255, 255, 16, 8, 0))
    c.send(struct.pack('>BxHi', 2, 1, RAW))
    return w, h


def grab(c, w, h):
    """One full, non-incremental update, as rows of 0xRRGGBB."""
    fb = [[0] * w for _ in range(h)]
    covered = 0
    c.send(struct.pack('>BBHHHH', 3, 0, 0, 0, w, h))
    while covered < w * h:
        kind = c.read(1)[0]
        if kind != 0:
            raise ValueError(f'unexpected server message {kind}')
        c.read(1)
        for _ in range(struct.unpack('>H', c.read(2))[0]):
            x, y, rw, rh, enc = struct.unpack('>HHHHi', c.read(12))
            if enc != RAW:
                raise ValueError(f'encoding {enc} was not asked for')
            data = c.read(rw * rh * 4)
            for j in range(rh):
                row = struct.unpack_from(f'<{rw}I', data, j * rw * 4)
                fb[y + j][x:x + rw] = [p & 0xffffff for p in row]
            covered += rw * rh
    return fb


def resize(c, w, h):
    """SetDesktopSize to w x h; the status of the server's answer."""
    c.send(struct.pack('>BxHii', 2, 2, RAW, EXTENDED_DESKTOP_SIZE))
    c.send(struct.pack('>BxHHBx', 251, w, h, 1) + struct.pack('>IHHHHI', 0, 0, 0, w, h, 0))
    while True:
        if c.read(1)[0] != 0:
            raise ValueError('unexpected server message')
        c.read(1)
        for _ in range(struct.unpack('>H', c.read(2))[0]):
            x, y, rw, rh, enc = struct.unpack('>HHHHi', c.read(12))
            if enc == EXTENDED_DESKTOP_SIZE:
                screens = c.read(4)[0]
                c.read(16 * screens)
                # x is why the server sent it (1: this client asked), y
                # the status of the request.
                if x == 1:
                    return y
            elif enc == RAW:
                c.read(rw * rh * 4)
            else:
                raise ValueError(f'encoding {enc} was not asked for')


def main():
    host, port = sys.argv[1].rsplit(':', 1)
    c = Conn(host, int(port))
    w, h = handshake(c)
    if sys.argv[2] == '--resize':
        rw, rh = (int(v) for v in sys.argv[3].split('x'))
        status = resize(c, rw, rh)
        print(f'resize status {status}')
        return 0 if status in (0, 4) else 1
    fb = grab(c, w, h)
    img = Image.new('RGB', (w, h))
    img.putdata([(p >> 16, (p >> 8) & 0xff, p & 0xff) for row in fb for p in row])
    img.save(sys.argv[2])
    return 0


sys.exit(main())
