#!/usr/bin/env python3
"""Writes a damaged copy of a TrueType font: mutate_font.py IN OUT KIND [SEED].

KIND: hmetrics (hhea.numberOfHMetrics = 0xFFFF), namecount (name.count = 0x8000),
random (SEED picks 1-4 random 16-bit words of hhea or maxp and overwrites them), tabledir
(a table's offset past the end of the file), loca (a loca entry past the glyf table).
Used by tests/check_harden.sh and to seed tests/fuzz/corpus/font."""
import random
import struct
import sys

src, dst, kind = sys.argv[1], sys.argv[2], sys.argv[3]
seed = int(sys.argv[4]) if len(sys.argv) > 4 else 0
b = bytearray(open(src, 'rb').read())
n = struct.unpack_from('>H', b, 4)[0]
tables = {}
for i in range(n):
    e = 12 + 16 * i
    tag = bytes(b[e:e + 4]).decode('latin-1')
    off, length = struct.unpack_from('>II', b, e + 8)
    tables[tag] = (off, length, e)

if kind == 'hmetrics':
    struct.pack_into('>H', b, tables['hhea'][0] + 34, 0xFFFF)
elif kind == 'namecount':
    struct.pack_into('>H', b, tables['name'][0] + 2, 0x8000)
elif kind == 'tabledir':
    struct.pack_into('>I', b, tables['hmtx'][2] + 8, len(b) + 16)
elif kind == 'loca':
    off = tables['loca'][0]
    fmt = struct.unpack_from('>h', b, tables['head'][0] + 50)[0]
    if fmt:
        struct.pack_into('>I', b, off + 4 * 10, 0x7FFFFFF0)
    else:
        struct.pack_into('>H', b, off + 2 * 10, 0xFFF0)
elif kind == 'random':
    rng = random.Random(seed)
    tag = rng.choice(['hhea', 'maxp'])
    off, length, _ = tables[tag]
    for _ in range(rng.randint(1, 4)):
        at = off + 2 * rng.randrange(length // 2)
        struct.pack_into('>H', b, at, rng.choice([0, 1, 0xFFFF, 0x8000, rng.randrange(65536)]))
else:
    sys.exit('unknown kind ' + kind)
open(dst, 'wb').write(b)
