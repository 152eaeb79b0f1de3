"""Demo: the city administrator's 我的导出 holds a finished 奖补名单 export with its download link."""

from __future__ import annotations

from smedt.accounts.models import User
from smedt.exports.models import ExportJob
from smedt.exports.services import export_run, export_start


def exports_demo_load() -> None:
    """Idempotent: one export of the approved subsidies, run at once (the queued task then skips it)."""
    user = User.objects.filter(username="city_admin").first()
    if user is None or ExportJob.objects.filter(created_by=user, kind="subsidies").exists():
        return
    job = export_start(actor=user, kind="subsidies", params={"status": "approved"})
    export_run(job_id=job.pk)
