#!/usr/bin/env python3
"""Cut Noto Sans CJK SC Regular down to the GBK repertoire for bundling.

Run once by a developer when the bundled font changes; the result is committed.
Needs `pip install fonttools` and Debian's fonts-noto-cjk.
"""
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection
from fontTools.ttLib.tables._c_m_a_p import CmapSubtable

SOURCE = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
SC_FACE = 2  # JP, KR, SC, TC, HK in this collection
OUT = Path(__file__).resolve().parent.parent / "crates/core/assets/fonts/NotoSansSC-Regular-GBK.otf"
# Signs shops print that GBK lacks: yen/yuan, euro, check marks, stars, bullets, arrows.
EXTRA = [0xA5, 0x20AC, 0x2713, 0x2714, 0x2605, 0x2606, 0x25CF, 0x25CB, 0x2192, 0x2022]


def gbk_codepoints():
    for cp in range(0x20, 0x10000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        try:
            chr(cp).encode("gbk")
        except UnicodeEncodeError:
            continue
        yield cp


def add_format_12_cmap(font):
    """The subsetter keeps only the format 4 cmap when every character is in the BMP,
    but 21,000 mappings overflow format 4's 16-bit length and readers such as
    ttf-parser then miss characters (？ among them). Format 12 has 32-bit offsets
    and every reader we use (ttf-parser, ab_glyph, printpdf's allsorts) takes it."""
    mapping = font.getBestCmap()
    cmap = font["cmap"]
    for platform, encoding in ((0, 4), (3, 10)):
        table = CmapSubtable.newSubtable(12)
        table.platformID, table.platEncID, table.language = platform, encoding, 0
        table.cmap = dict(mapping)
        cmap.tables.append(table)
    # Readers that try format 4 first would find a truncated table: drop it.
    cmap.tables = [t for t in cmap.tables if t.format != 4]
    cmap.tables.sort(key=lambda t: (t.platformID, t.platEncID, t.language))


def main():
    font = TTCollection(SOURCE).fonts[SC_FACE]
    cmap = font.getBestCmap()
    wanted = sorted(cp for cp in set(gbk_codepoints()) | set(EXTRA) if cp in cmap)
    options = subset.Options()
    options.layout_features = ["kern", "palt", "vert", "vrt2", "locl"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=wanted)
    subsetter.subset(font)
    add_format_12_cmap(font)
    font.save(OUT)
    print(f"{OUT}: {len(wanted)} characters")


if __name__ == "__main__":
    main()
