"""The font stack of every PDF and of the SVG charts inside them. Pure: no Django.

Noto CJK first (Debian/Ubuntu ``fonts-noto-cjk``, installed by ``make run``), then other common CJK fonts.
"""

FONT_FAMILY = "'Noto Sans CJK SC', 'Noto Serif CJK SC', 'WenQuanYi Micro Hei', 'Source Han Sans SC', sans-serif"
FONT_PACKAGE = "fonts-noto-cjk"
