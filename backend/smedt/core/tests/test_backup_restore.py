"""Backup and restore (issue 12): one command dumps rows and files with a manifest, another restores
them into an empty system; the restored system holds the same rows, the same files and an intact
audit chain."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from smedt.accounts.models import User
from smedt.audit.models import AuditRecord
from smedt.audit.services import audit_verify_chain
from smedt.core.backup import _unseal, backup_read_manifest
from smedt.core.tests.helpers import PDF_BYTES, upload
from smedt.gmcrypto.sm3 import sm3_hex
from smedt.orgs.models import Organization
from smedt.reviews.models import ReviewRequest
from smedt.reviews.services.requests import review_submit

pytestmark = pytest.mark.django_db

BACKEND = Path(__file__).resolve().parents[3]


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT  # type: ignore[no-any-return]


@pytest.fixture
def populated(
    api: Any, enterprise_a_user: User, enterprise_a: Organization, county_a_officer: User, media: Path
) -> None:
    """Users with encrypted mobiles, organizations, a review (content-type reference), files, audit records."""
    enterprise_a_user.mobile = "13912345678"
    enterprise_a_user.save()
    for i in range(2):
        res = upload(api(enterprise_a_user), f"材料{i}.pdf", PDF_BYTES * (i + 2), purpose="application")
        assert res.status_code == 201, res.content
    review_submit(
        process_key="org_verification",
        target=enterprise_a,
        title="注册认证",
        region=enterprise_a.region,
        org=enterprise_a,
        submitted_by=enterprise_a_user,
    )
    assert AuditRecord.objects.count() >= 3


def _members(archive: Path) -> dict[str, bytes]:
    with tarfile.open(archive) as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}  # type: ignore[union-attr]


def _rows(archive: Path) -> dict[str, list[Any]]:
    """Every table's rows, decrypted: what a backup holds, independent of the ciphertext."""
    members = _members(archive)
    manifest = json.loads(members["manifest.json"])
    tables: dict[str, list[Any]] = {}
    for chunk in manifest["data"]:
        payload = json.loads(_unseal(chunk["name"], members[chunk["name"]]))
        tables.setdefault(payload["model"], []).extend(payload["rows"])
    return tables


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BACKEND, env=env, capture_output=True, text=True, timeout=300
    )


def test_backup_restores_into_an_empty_system_with_the_same_rows_files_and_audit_chain(
    populated: None, tmp_path: Path, media: Path
) -> None:
    # given a system with data and files, backed up with the one command
    archive = tmp_path / "backup.tar"
    out = io.StringIO()
    call_command("backup", "--output", str(archive), stdout=out)
    assert "备份完成" in out.getvalue()
    manifest = backup_read_manifest(archive)

    # then the manifest counts the rows of every table and digests every file with SM3
    assert manifest["tables"]["accounts.user"]["rows"] == User.objects.count()
    assert manifest["tables"]["audit.auditrecord"]["rows"] == AuditRecord.objects.count()
    assert manifest["tables"]["reviews.reviewrequest"]["rows"] == ReviewRequest.objects.count() == 1
    stored = {str(p.relative_to(media)): p.read_bytes() for p in media.rglob("*") if p.is_file()}
    assert {f["name"]: f["sm3"] for f in manifest["files"]} == {n: sm3_hex(d) for n, d in stored.items()}
    assert len(stored) == 2
    # and personal data is not readable in the archive (chunks are SM4-encrypted)
    assert b"13912345678" not in archive.read_bytes()

    # when it is restored into a new, empty system (another database, another file store)
    env = dict(os.environ)
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    env["SMEDT_DATA_DIR"] = str(tmp_path / "restored-data")
    migrate = _run(["migrate", "--noinput", "-v", "0"], env)
    assert migrate.returncode == 0, migrate.stderr
    restored = _run(["restore", str(archive)], env)

    # then the restore reports the same counts and a verified audit chain
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert f"操作日志哈希链校验通过（{AuditRecord.objects.count()} 条）" in restored.stdout

    # and a backup of the restored system holds exactly the same rows and files
    again = tmp_path / "again.tar"
    second = _run(["backup", "--output", str(again)], env)
    assert second.returncode == 0, second.stderr
    again_manifest = backup_read_manifest(again)
    assert again_manifest["tables"] == manifest["tables"]
    assert again_manifest["files"] == manifest["files"]
    assert _rows(again) == _rows(archive)
    restored_media = tmp_path / "restored-data" / "media"
    assert {str(p.relative_to(restored_media)): p.read_bytes() for p in restored_media.rglob("*") if p.is_file()} == (
        stored
    )

    # and restoring a second time is refused: the target is no longer empty
    refused = _run(["restore", str(archive)], env)
    assert refused.returncode != 0
    assert "目标系统不是空的" in refused.stderr


def test_restore_refuses_a_non_empty_system(populated: None, tmp_path: Path) -> None:
    archive = tmp_path / "b.tar"
    call_command("backup", "--output", str(archive), stdout=io.StringIO())
    with pytest.raises(CommandError, match="目标系统不是空的"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert audit_verify_chain()[0]


def test_a_tampered_archive_is_refused_before_anything_is_written(populated: None, tmp_path: Path) -> None:
    # given a backup whose manifest was edited (a row count lowered to hide a deletion)
    archive = tmp_path / "b.tar"
    call_command("backup", "--output", str(archive), stdout=io.StringIO())
    members = _members(archive)
    manifest = json.loads(members["manifest.json"])
    manifest["tables"]["audit.auditrecord"]["rows"] -= 1
    members["manifest.json"] = json.dumps(manifest).encode()
    forged = tmp_path / "forged.tar"
    with tarfile.open(forged, "w") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))

    # then the check refuses it
    with pytest.raises(CommandError, match="备份清单校验失败"):
        call_command("restore", "--check", str(forged), stdout=io.StringIO())
    # while the genuine one passes the check
    out = io.StringIO()
    call_command("restore", "--check", str(archive), stdout=out)
    assert "备份清单校验通过" in out.getvalue()
