"""Test helpers of the export jobs: start one through the API, run the queue, read the workbook."""

from __future__ import annotations

from typing import Any


def export_start(client: Any, kind: str, params: dict[str, Any] | None = None) -> Any:
    return client.post("/api/exports", {"kind": kind, "params": params or {}})


def export_xlsx(client: Any, kind: str, params: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
    """Every row (header included) of the file an export of ``kind`` produces for the client's user."""
    from smedt.core.testing import run_queued_tasks
    from smedt.core.tests.helpers import xlsx_rows

    res = export_start(client, kind, params)
    assert res.status_code == 202, res.content[:500]
    job = res.json()
    run_queued_tasks()
    done = client.get(f"/api/exports/{job['id']}").json()
    assert done["status"] == "succeeded", done
    return xlsx_rows(client.get(f"/api/exports/{job['id']}/download"))
