"""Excel export of all matching rows (not just one page), streamed from the database."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any
from urllib.parse import quote

from django.http import FileResponse
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


def _write_xlsx(target: Any, *, sheet: str, columns: Sequence[Column], rows: Iterable[Any]) -> None:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=sheet[:31])
    header = []
    for title, _ in columns:
        cell = WriteOnlyCell(ws, value=title)
        cell.font = Font(bold=True)
        header.append(cell)
    ws.append(header)
    for count, row in enumerate(rows):
        if count >= MAX_EXPORT_ROWS:
            break
        ws.append([_text_safe_cell(ws, _cell_value(getter(row))) for _, getter in columns])
    wb.save(target)


def xlsx_bytes(*, sheet: str, columns: Sequence[Column], rows: Iterable[Any]) -> bytes:
    """The same workbook as :func:`xlsx_response`, as bytes (for a file inside a zip)."""
    import io

    buf = io.BytesIO()
    _write_xlsx(buf, sheet=sheet, columns=columns, rows=rows)
    return buf.getvalue()


def xlsx_response(*, filename: str, sheet: str, columns: Sequence[Column], rows: Iterable[Any]) -> FileResponse:
    """Write rows to a temporary .xlsx (write-only mode keeps memory flat) and stream it back."""
    tmp = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - FileResponse closes it
    _write_xlsx(tmp, sheet=sheet, columns=columns, rows=rows)
    tmp.seek(0)
    stamp = timezone.localtime().strftime("%Y%m%d%H%M%S")
    full = f"{filename}-{stamp}.xlsx"
    response = FileResponse(tmp, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f"attachment; filename=\"export-{stamp}.xlsx\"; filename*=UTF-8''{quote(full)}"
    return response
