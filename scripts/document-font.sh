#!/usr/bin/env bash
# Builds the font the documents (agreement, notice list, receipts) are set in: Noto Sans CJK SC Regular,
# cut down to the characters a Simplified Chinese document can contain, so that a Lambda layer carries
# 5 MB instead of the 19 MB collection. Run once, by hand, when the character set changes; the output is
# committed (infra/layers/documentFonts/fonts/), so neither CI nor a deploy needs fonttools or the font.
#
# Needs Debian's fonts-noto-cjk and python3-fonttools (apt-get install fonts-noto-cjk python3-fonttools).
# Each PDF embeds only the glyphs it uses (pdfkit subsets again per document), so a document weighs
# tens of kilobytes whatever this file weighs.
#
# Ranges: ASCII and Latin-1 (figures, ¥, ×), general punctuation, letterlike symbols (№), arrows,
# enclosed numbers (①), shapes (□ ☑ boxes), CJK symbols and punctuation (、。《》「」), enclosed CJK and
# compatibility (㎡), all CJK Unified Ideographs of the BMP (every character of GB 2312, GBK and almost
# all of the 通用规范汉字表, so a rarer character in a name still prints), and full-width forms (，：（）).
# --desubroutinize: pdfkit copies a CFF font's global subroutines whole into every document; without
# them each glyph carries its own outline and a document stays small.
set -euo pipefail
cd "$(dirname "$0")/.."
out=infra/layers/documentFonts/fonts/NotoSansSC-Regular.otf
/usr/bin/python3 -m fontTools.subset /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc \
  --font-number=2 \
  --unicodes='U+0020-007E,U+00A0-00FF,U+2000-206F,U+2100-214F,U+2190-21FF,U+2460-24FF,U+25A0-25FF,U+2600-26FF,U+3000-303F,U+3200-33FF,U+4E00-9FFF,U+FF00-FFEF' \
  --desubroutinize --no-hinting --layout-features='' --name-IDs='*' --notdef-outline \
  --output-file="$out"
ls -l "$out"
