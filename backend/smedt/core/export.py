"""Excel writing shared by every export: write-only openpyxl (flat memory), values rendered for people,
text that looks like a formula kept as text. The exports themselves run as background jobs
(``smedt.exports``); nothing builds a workbook inside a web request any more."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

Column = tuple[str, Callable[[Any], Any]]  # (header, value getter)
MAX_EXPORT_ROWS = 200_000


def _cell_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S") if timezone.is_aware(value) else value
    if isinstance(value, bool):
        return "是" if value else "否"
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        import json

        return json.dumps(value, ensure_ascii=False)[:32000]
    return value


def _text_safe_cell(ws: Any, value: Any) -> Any:
    """Text that starts like a formula is written as text: user-supplied names must never become
    live formulas in a government officer's spreadsheet (CWE-1236)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        cell = WriteOnlyCell(ws, value=value)
        cell.data_type = "s"
        return cell
    return value


def write_xlsx(
    target: Any,
    *,
    sheet: str,
    columns: Sequence[Column],
    rows: Iterable[Any],
    progress: Callable[[int], None] | None = None,
    every: int = 1000,
    max_rows: int = MAX_EXPORT_ROWS,
) -> int:
    """Write a header and one line per row; call ``progress(written)`` every ``every`` rows.

    Rows are consumed lazily (pass ``queryset.iterator(chunk_size)``): only the current row and
    openpyxl's write-only buffer are in memory. Returns the number of rows written."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=sheet[:31])
    header = []
    for title, _ in columns:
        cell = WriteOnlyCell(ws, value=title)
        cell.font = Font(bold=True)
        header.append(cell)
    ws.append(header)
    written = 0
    try:
        for row in rows:
            if written >= max_rows:
                break
            ws.append([_text_safe_cell(ws, _cell_value(getter(row))) for _, getter in columns])
            written += 1
            if progress is not None and written % every == 0:
                progress(written)
    except BaseException:
        _discard(ws)
        raise
    wb.save(target)
    return written


def _discard(ws: Any) -> None:
    """A failed export: close the sheet's XML stream and delete its temporary file (else openpyxl's
    half-written stream fails noisily when it is garbage-collected)."""
    try:
        ws.close()
        ws._writer.cleanup()
    except Exception:  # noqa: S110 - best effort on a path that already raises
        pass


def xlsx_bytes(*, sheet: str, columns: Sequence[Column], rows: Iterable[Any]) -> bytes:
    """A small workbook as bytes (a part of the enterprise archive zip)."""
    buf = io.BytesIO()
    write_xlsx(buf, sheet=sheet, columns=columns, rows=rows)
    return buf.getvalue()
