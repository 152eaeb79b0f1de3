"""PDF rendering (WeasyPrint) for every document the platform issues: assessment reports, contracts,
archive summaries. One place knows the fonts.

Chinese text needs a CJK font known to fontconfig; Debian/Ubuntu ship it as ``fonts-noto-cjk``, which
``make run`` (scripts/ensure-fonts.sh) and the test setup install when it is missing. WeasyPrint finds fonts
through fontconfig and embeds the glyphs it uses (subset) in the PDF. Without such a font it would silently
draw every Chinese character as an empty box, so :func:`render_pdf` refuses instead (503, Chinese message)
and ``manage.py check`` warns at start-up.
"""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

from django.core import checks

from smedt.core.errors import ApplicationError
from smedt.core.fonts import FONT_FAMILY, FONT_PACKAGE

__all__ = ["FONT_FAMILY", "FONT_PACKAGE", "PdfFontMissing", "cjk_fonts", "render_pdf"]
_FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts")
_CJK_NAME = re.compile(r"(cjk|wqy|wenquanyi|sourcehan|source-han|simsun|simhei|msyh|droidsansfallback)", re.I)

logger = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def cjk_fonts() -> tuple[str, ...]:
    """Font files that cover Simplified Chinese: fontconfig's answer, or a look at the usual font folders."""
    fc_list = shutil.which("fc-list")
    if fc_list:
        try:
            out = subprocess.run(  # noqa: S603 - fixed arguments, no shell
                [fc_list, ":lang=zh-cn", "file"], capture_output=True, text=True, timeout=20, check=False
            ).stdout
        except (OSError, subprocess.SubprocessError):
            out = ""
        found = sorted({line.split(":", 1)[0].strip() for line in out.splitlines() if line.strip()})
        if found:
            return tuple(found)
    files: set[str] = set()
    for folder in _FONT_DIRS:
        root = Path(folder).expanduser()
        if root.is_dir():
            files |= {
                str(p)
                for p in root.rglob("*")
                if p.suffix.lower() in (".ttc", ".otf", ".ttf") and _CJK_NAME.search(p.name)
            }
    return tuple(sorted(files))


class PdfFontMissing(ApplicationError):
    status_code = 503

    def __init__(self) -> None:
        super().__init__(
            code="pdf_font_missing",
            message=f"服务器缺少中文字体，暂时无法生成 PDF 文件。请联系平台运维人员安装中文字体（{FONT_PACKAGE}）后重试。",
        )


def render_pdf(html: str) -> bytes:
    """HTML → PDF with the Chinese font embedded; refuses (503) rather than print empty boxes."""
    if not cjk_fonts():
        logger.error("no CJK font for PDF rendering: install %s (scripts/ensure-fonts.sh)", FONT_PACKAGE)
        raise PdfFontMissing()
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # one INFO line per layout step otherwise
    from weasyprint import HTML  # imported here: pango is loaded only when a PDF is rendered

    return HTML(string=html).write_pdf()  # type: ignore[no-any-return]  # weasyprint is untyped


@checks.register()
def cjk_font_check(app_configs: object = None, **kwargs: object) -> list[checks.CheckMessage]:
    if cjk_fonts():
        return []
    return [
        checks.Warning(
            "No font covering Chinese is installed: PDFs (assessment reports, contracts, archives) cannot be issued.",
            hint=f"Install the Debian/Ubuntu package {FONT_PACKAGE} (make run does it: scripts/ensure-fonts.sh).",
            id="smedt.W001",
        )
    ]
