#!/usr/bin/python3
"""One QMP command to a running QEMU, as libvirt would send it.

Usage: qmp.py SOCKET COMMAND [ARGUMENTS-JSON]

Connects to QEMU's QMP socket (-qmp unix:SOCKET,server=on,wait=off),
negotiates capabilities, runs COMMAND and prints its "return" as JSON;
on an error reply prints its class and description to stderr and exits 1.
Events QEMU sends meanwhile are skipped. The standard library only: the
protocol is one JSON object per line.
"""
import json
import socket
import sys


def reply(f):
    """The next reply, skipping asynchronous events."""
    while True:
        line = f.readline()
        if not line:
            raise EOFError('QEMU closed the QMP socket')
        msg = json.loads(line)
        if 'event' not in msg:
            return msg


def main():
    if len(sys.argv) not in (3, 4):
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    args = json.loads(sys.argv[3]) if len(sys.argv) == 4 else {}
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(120)
        s.connect(sys.argv[1])
        f = s.makefile('rw')
        if 'QMP' not in reply(f):
            print('qmp: no QMP greeting', file=sys.stderr)
            return 1
        for cmd, cmd_args in (('qmp_capabilities', {}), (sys.argv[2], args)):
            f.write(json.dumps({'execute': cmd, 'arguments': cmd_args}) + '\n')
            f.flush()
            msg = reply(f)
            if 'error' in msg:
                err = msg['error']
                print(f"qmp: {cmd}: {err.get('class')}: {err.get('desc')}", file=sys.stderr)
                return 1
        print(json.dumps(msg.get('return')))
    return 0


sys.exit(main())
