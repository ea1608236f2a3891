#!/usr/bin/env python3
"""Makes assets/fonts/ZhizaoMonoCJK-Regular.otf, the font the view and the
demo draw every label with.

Source: Noto Sans Mono CJK SC Regular (SIL Open Font License 1.1), as
Debian's fonts-noto-cjk installs it. Kept: printable ASCII and Latin-1, the
symbols the program prints (± × ° → ≤ ≥ ...), all of GB2312 (its 682
symbols, level 1's 3,755 common hanzi and level 2's 3,008), and every
character of the project's sources, scenarios and README, so names a user
types in a scenario draw as text, not boxes. Layout features are dropped
(the view sets one line of plain text). The family is renamed, as the
licence asks of a modified version ("Source" is a reserved font name).

    apt-get install fonts-noto-cjk && pip install fonttools
    python3 assets/fonts/make_font.py

The font test (crates/zhizao-view/tests) fails when a character the
program or a bundled scenario can show is missing from the result.
"""

import pathlib
import sys

from fontTools import subset
from fontTools.ttLib import TTCollection

ROOT = pathlib.Path(__file__).resolve().parents[2]
SOURCE = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
FAMILY_IN_SOURCE = "Noto Sans Mono CJK SC"
OUT = ROOT / "assets" / "fonts" / "ZhizaoMonoCJK-Regular.otf"
FAMILY = "Zhizao Mono CJK"


def gb2312():
    """Every character GB2312 encodes (rows 1-9 symbols, 16-87 hanzi)."""
    chars = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def project_text():
    """Every character in the sources, scenarios and documents."""
    chars = set()
    patterns = ["**/*.rs", "scenarios/**/*", "README.md", "docs/**/*.md", "assets/**/*.txt"]
    for pattern in patterns:
        for path in ROOT.glob(pattern):
            if "target" in path.parts or not path.is_file():
                continue
            try:
                chars.update(path.read_text(encoding="utf-8"))
            except UnicodeDecodeError:
                pass
    return chars


def main():
    chars = set(map(chr, range(0x20, 0x7F))) | set(map(chr, range(0xA0, 0x100)))
    chars |= set("±×÷°→←↑↓≤≥≈≠√∑·…–—‘’“”•‰℃€¥、。，；：？！（）《》【】「」")
    chars |= gb2312()
    chars |= {c for c in project_text() if c.isprintable()}

    collection = TTCollection(SOURCE)
    font = next(f for f in collection.fonts if f["name"].getDebugName(1) == FAMILY_IN_SOURCE)
    options = subset.Options()
    options.layout_features = []
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(chars)))
    subsetter.subset(font)

    name = font["name"]
    for record in list(name.names):
        if record.nameID in (1, 16):
            name.setName(FAMILY, record.nameID, record.platformID, record.platEncID, record.langID)
        elif record.nameID in (3, 4):
            name.setName(FAMILY + " Regular", record.nameID, record.platformID, record.platEncID, record.langID)
        elif record.nameID == 6:
            name.setName("ZhizaoMonoCJK-Regular", record.nameID, record.platformID, record.platEncID, record.langID)
        elif record.nameID in (17,):
            name.setName("Regular", record.nameID, record.platformID, record.platEncID, record.langID)
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = ["ZhizaoMonoCJK-Regular"]
        top = cff.topDictIndex[0]
        for key in ("FullName", "FamilyName"):
            if hasattr(top, key):
                setattr(top, key, FAMILY)
    font.recalcTimestamp = False
    font.save(OUT)
    mapped = len(font.getBestCmap())
    print(f"{OUT.relative_to(ROOT)}: {mapped} characters, {OUT.stat().st_size:,} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
