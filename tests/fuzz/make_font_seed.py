#!/usr/bin/env python3
"""Writes a tiny TrueType font (one outline, the characters trygg requires) for the font
fuzzer's seed corpus: make_font_seed.py OUT.ttf. Small seeds keep fuzz_font fast; the font
passes font_load() and libharu embeds it."""
import struct
import sys

chars = [0x20, 0x48, 0x78, 0xC4, 0xC5, 0xD6, 0xE4, 0xE5, 0xE9, 0xF6, 0xFC,
         0x2013, 0x20AC, 0x2212]
n_glyphs = len(chars) + 1  # glyph 0 is .notdef

head = struct.pack('>IIIIHHqqhhhhHHhhh', 0x00010000, 0x00010000, 0, 0x5F0F3CF5, 0, 1000,
                   0, 0, 0, 0, 500, 700, 0, 8, 2, 0, 0)
hhea = struct.pack('>Ihhh H hhh hhh 4h h H', 0x00010000, 800, -200, 0, 600, 0, 0, 500,
                   1, 0, 0, 0, 0, 0, 0, 0, n_glyphs)
maxp = struct.pack('>IH13H', 0x00010000, n_glyphs, 3, 1, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0)
hmtx = b''.join(struct.pack('>Hh', 600, 0) for _ in range(n_glyphs))
# glyph 0: a triangle; the others share no data (empty outlines)
glyph = struct.pack('>hhhhh', 1, 0, 0, 500, 700) + struct.pack('>HH', 2, 0) + \
    bytes([1, 1, 1]) + struct.pack('>hhh', 0, 500, -250) + struct.pack('>hhh', 0, 0, 700)
glyph += b'\0' * (len(glyph) % 2)
glyf = glyph
loca = struct.pack('>H', 0) + struct.pack('>H', len(glyph) // 2) * n_glyphs
segs = [(c, c, (i + 1 - c) & 0xFFFF) for i, c in enumerate(chars)] + [(0xFFFF, 0xFFFF, 1)]
seg_x2 = 2 * len(segs)
sub = struct.pack('>HHH', 4, 16 + 8 * len(segs), 0)
sub += struct.pack('>HHHH', seg_x2, 16, 3, seg_x2 - 16)
sub += b''.join(struct.pack('>H', e) for s, e, d in segs) + b'\0\0'
sub += b''.join(struct.pack('>H', s) for s, e, d in segs)
sub += b''.join(struct.pack('>H', d) for s, e, d in segs)
sub += b'\0\0' * len(segs)
cmap = struct.pack('>HH', 0, 1) + struct.pack('>HHI', 3, 1, 12) + sub
names = [(1, 'Tiny'), (2, 'Regular'), (4, 'Tiny Regular'), (6, 'Tiny-Regular')]
strings, recs = b'', b''
for nid, s in names:
    u = s.encode('utf-16-be')
    recs += struct.pack('>6H', 3, 1, 0x409, nid, len(u), len(strings))
    strings += u
name = struct.pack('>HHH', 0, len(names), 6 + len(recs)) + recs + strings
os2 = struct.pack('>HhHHH hhhhhhhhhh h 10s 4I 4s HHH hhh HH II',
                  1, 500, 400, 5, 0, 650, 600, 0, 75, 650, 600, 0, 350, 50, 250, 0,
                  b'\0' * 10, 1, 0, 0, 0, b'TRYG', 0x40, 0x20, 0xFFFF, 800, -200, 0, 800, 200,
                  1, 0)
post = struct.pack('>IIhhIIIII', 0x00030000, 0, -100, 50, 0, 0, 0, 0, 0)
tables = sorted({'head': head, 'hhea': hhea, 'maxp': maxp, 'hmtx': hmtx, 'loca': loca,
                 'glyf': glyf, 'cmap': cmap, 'name': name, 'OS/2': os2,
                 'post': post}.items())
out = struct.pack('>IHHHH', 0x00010000, len(tables), 128, 3, len(tables) * 16 - 128)
off = 12 + 16 * len(tables)
body = b''
for tag, data in tables:
    out += struct.pack('>4sIII', tag.encode(), 0, off + len(body), len(data))
    body += data + b'\0' * (-len(data) % 4)
open(sys.argv[1], 'wb').write(out + body)
