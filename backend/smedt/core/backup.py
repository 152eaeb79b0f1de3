"""Backup and restore of the whole platform: database rows and stored files, with a manifest.

``manage.py backup`` writes one tar archive::

    manifest.json      format, time, source database vendor, applied migrations, row count per
                       table, SM3 digest of every data chunk and every file
    manifest.hmac      HMAC-SM3 of manifest.json under SMEDT_AUDIT_KEY (tampering is detected)
    data/000001.bin …  the rows, model by model: JSON → zlib → SM4-GCM under SMEDT_DATA_KEY
    files/<name>       every file of the default storage, as stored

Why a Django-level dump and not ``pg_dump``: the same archive restores into SQLite, PostgreSQL
or a 信创 database (KingbaseES/openGauss/达梦), across PostgreSQL versions, and the restore can
count and verify row by row. Values are read through the ORM, so encrypted personal data is
plaintext inside the chunks — hence the chunks are SM4-encrypted; restoring needs the same
SMEDT_DATA_KEY and SMEDT_AUDIT_KEY (keep them apart from the archive). For very large databases
combine it with the database's own physical backup (``pg_basebackup`` + WAL archiving); see
docs/deployment.md.

``manage.py restore`` refuses an archive whose manifest MAC or digests do not match, a database
whose migrations differ from the archive's, and a target that is not empty; it then inserts all
rows in one transaction (primary keys and timestamps exactly as they were), writes the files,
resets the id sequences and checks counts, digests and the audit chain.
"""

from __future__ import annotations

import base64
import io
import json
import tarfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path, PurePosixPath
from typing import Any
from uuid import UUID

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from smedt.core.dbcompat import sequences_reset, snapshot_begin
from smedt.gmcrypto.hmac_sm3 import hmac_sm3_hex, hmac_sm3_verify
from smedt.gmcrypto.keys import audit_key, data_key
from smedt.gmcrypto.sm3 import Sm3Hasher, sm3_hex
from smedt.gmcrypto.sm4 import sm4_gcm_decrypt, sm4_gcm_encrypt

FORMAT = "smedt-backup/1"
CHUNK_ROWS = 2000
# Recreated by `migrate` in every database; rows referring to them carry their natural key.
REGENERATED = {"contenttypes.contenttype", "auth.permission"}
# Not worth restoring: users sign in again.
SKIPPED = {"sessions.session"}


class BackupError(Exception):
    """The archive or the target refuses the operation; the message says why (Chinese, for the operator)."""


@dataclass
class RestoreReport:
    tables: dict[str, int] = field(default_factory=dict)
    files: int = 0
    audit_checked: int = 0


def _models() -> list[type[models.Model]]:
    """Concrete, managed models in a stable order (auto-created many-to-many tables included)."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.label_lower in REGENERATED | SKIPPED:
            continue
        found.append(model)
    return sorted(found, key=lambda m: m._meta.label_lower)


def _fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [f for f in model._meta.concrete_fields]


def _regenerated_fk(f: models.Field[Any, Any]) -> bool:
    return bool(f.is_relation and f.related_model is not None and f.related_model._meta.label_lower in REGENERATED)


def _encode(f: models.Field[Any, Any], obj: models.Model) -> Any:
    if _regenerated_fk(f):
        related = getattr(obj, f.name)
        return list(related.natural_key()) if related is not None else None
    value = getattr(obj, f.attname)
    if value is None or isinstance(f, models.JSONField):
        return value
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()  # full microseconds: the audit chain hashes them
    if isinstance(value, (Decimal, UUID)):
        return str(value)
    if isinstance(value, (bytes, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def _decode(f: models.Field[Any, Any], value: Any) -> Any:
    if value is None or isinstance(f, models.JSONField):
        return value
    if _regenerated_fk(f):
        assert f.related_model is not None
        manager = f.related_model._default_manager
        return manager.get_by_natural_key(*value).pk  # type: ignore[attr-defined]  # ContentType/Permission managers
    if isinstance(f, models.DateTimeField):
        parsed = datetime.fromisoformat(value)
        return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)
    return f.to_python(value)


def _seal(name: str, payload: bytes) -> bytes:
    return sm4_gcm_encrypt(data_key(), zlib.compress(payload, 6), aad=f"{FORMAT}:{name}".encode())


def _unseal(name: str, blob: bytes) -> bytes:
    return zlib.decompress(sm4_gcm_decrypt(data_key(), blob, aad=f"{FORMAT}:{name}".encode()))


def _storage_files(prefix: str = "") -> Iterator[str]:
    """Every file of the default storage (local disk or S3), depth first, sorted."""
    try:
        dirs, files = default_storage.listdir(prefix or ".")
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{prefix}{name}"
    for sub in sorted(dirs):
        yield from _storage_files(f"{prefix}{sub}/")


def _applied_migrations(using: str) -> dict[str, str]:
    """The newest applied migration per app: restore only into the same schema."""
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connections[using]).applied_migrations():
        if name > latest.get(app, ""):
            latest[app] = name
    return dict(sorted(latest.items()))


def _add(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(data))


def backup_create(*, output: Path, using: str = "default") -> dict[str, Any]:
    """Write the archive to ``output`` (a consistent snapshot: one read-only transaction); return the manifest."""
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "database_vendor": connections[using].vendor,
        "migrations": _applied_migrations(using),
        "tables": {},
        "data": [],
        "files": [],
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_name(output.name + ".part")
    with tarfile.open(tmp, "w") as tar:
        chunk_no = 0
        # One snapshot for all tables (PostgreSQL: REPEATABLE READ READ ONLY; SQLite: the transaction
        # holds the write lock, so writers wait while the backup runs): the audit chain head and its
        # records, a row and the rows it refers to, are all from the same moment.
        with transaction.atomic(using=using):
            snapshot_begin(using)
            for model in _models():
                fields = _fields(model)
                label = model._meta.label_lower
                rows: list[list[Any]] = []
                count = 0

                def flush(rows: list[list[Any]], label: str = label, fields: list[Any] = fields) -> None:
                    nonlocal chunk_no
                    chunk_no += 1
                    name = f"data/{chunk_no:06d}.bin"
                    payload = json.dumps(
                        {"model": label, "fields": [f.attname for f in fields], "rows": rows},
                        ensure_ascii=False,
                        separators=(",", ":"),
                    ).encode("utf-8")
                    blob = _seal(name, payload)
                    _add(tar, name, blob)
                    manifest["data"].append({"name": name, "model": label, "rows": len(rows), "sm3": sm3_hex(blob)})

                queryset = model._base_manager.using(using).order_by("pk")
                for obj in queryset.iterator(chunk_size=CHUNK_ROWS):
                    rows.append([_encode(f, obj) for f in fields])
                    count += 1
                    if len(rows) >= CHUNK_ROWS:
                        flush(rows)
                        rows = []
                if rows:
                    flush(rows)
                manifest["tables"][label] = {"table": model._meta.db_table, "rows": count}
        for name in _storage_files():
            hasher = Sm3Hasher()
            with default_storage.open(name, "rb") as fh:
                data = fh.read()
            hasher.update(data)
            _add(tar, f"files/{name}", data)
            manifest["files"].append({"name": name, "size": len(data), "sm3": hasher.hexdigest()})
        manifest["totals"] = {
            "tables": len(manifest["tables"]),
            "rows": sum(t["rows"] for t in manifest["tables"].values()),
            "files": len(manifest["files"]),
            "bytes": sum(f["size"] for f in manifest["files"]),
        }
        body = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
        _add(tar, "manifest.json", body)
        _add(tar, "manifest.hmac", hmac_sm3_hex(audit_key(), body).encode("ascii"))
    tmp.replace(output)
    return manifest


def _read_member(tar: tarfile.TarFile, name: str) -> bytes:
    try:
        member = tar.getmember(name)
    except KeyError as exc:
        raise BackupError(f"备份文件不完整：缺少 {name}") from exc
    fh = tar.extractfile(member)
    if fh is None:
        raise BackupError(f"备份文件不完整：{name} 不是文件")
    return fh.read()


def backup_read_manifest(archive: Path) -> dict[str, Any]:
    """The archive's manifest, after checking its HMAC-SM3."""
    with tarfile.open(archive, "r") as tar:
        body = _read_member(tar, "manifest.json")
        mac = _read_member(tar, "manifest.hmac").decode("ascii", "replace").strip()
    if not hmac_sm3_verify(audit_key(), body, mac):
        raise BackupError("备份清单校验失败：清单被修改，或审计密钥（SMEDT_AUDIT_KEY）与备份时不同")
    manifest: dict[str, Any] = json.loads(body)
    if manifest.get("format") != FORMAT:
        raise BackupError(f"不支持的备份格式：{manifest.get('format')}")
    return manifest


def _safe_storage_name(name: str) -> str:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not name:
        raise BackupError(f"备份中的文件名不安全：{name}")
    return name


def backup_restore(*, archive: Path, using: str = "default") -> RestoreReport:
    """Restore ``archive`` into an empty, migrated database and an empty file storage."""
    from smedt.audit.services import audit_verify_chain

    manifest = backup_read_manifest(archive)
    current = _applied_migrations(using)
    if current != manifest["migrations"]:
        differs = sorted(set(manifest["migrations"].items()) ^ set(current.items()))
        apps_differing = ", ".join(sorted({app for app, _ in differs})[:5])
        raise BackupError(f"数据库结构与备份不一致（{apps_differing}）：请先用与备份相同的版本执行 migrate")
    by_label = {m._meta.label_lower: m for m in _models()}
    unknown = sorted(set(manifest["tables"]) - set(by_label))
    if unknown:
        raise BackupError(f"备份中有本系统没有的数据表：{', '.join(unknown[:5])}")
    not_empty = [label for label, model in by_label.items() if model._base_manager.using(using).exists()]
    if not_empty:
        raise BackupError(f"目标系统不是空的（{', '.join(not_empty[:5])} 等表已有数据）：只能恢复到新建的系统")

    report = RestoreReport()
    written: list[str] = []
    with tarfile.open(archive, "r") as tar:
        # 1. every digest first: nothing is written from an archive that does not check out
        blobs: dict[str, bytes] = {}
        for chunk in manifest["data"]:
            blob = _read_member(tar, chunk["name"])
            if sm3_hex(blob) != chunk["sm3"]:
                raise BackupError(f"备份数据块 {chunk['name']} 的 SM3 摘要不符")
            blobs[chunk["name"]] = blob
        for entry in manifest["files"]:
            name = _safe_storage_name(entry["name"])
            if sm3_hex(_read_member(tar, f"files/{name}")) != entry["sm3"]:
                raise BackupError(f"备份文件 {name} 的 SM3 摘要不符")
            if default_storage.exists(name):
                raise BackupError(f"目标文件存储不是空的（已有 {name}）：只能恢复到新建的系统")
        try:
            # 2. files, then the rows in one transaction (a failure removes the files again)
            for entry in manifest["files"]:
                name = entry["name"]
                saved = default_storage.save(name, ContentFile(_read_member(tar, f"files/{name}")))
                written.append(saved)
                if saved != name:
                    raise BackupError(f"文件 {name} 无法按原名恢复")
            report.files = len(written)
            touched: dict[str, type[models.Model]] = {}
            with transaction.atomic(using=using):
                for chunk in manifest["data"]:
                    payload = json.loads(_unseal(chunk["name"], blobs[chunk["name"]]))
                    model = by_label[payload["model"]]
                    fields_by_attname = {f.attname: f for f in _fields(model)}
                    fields = [fields_by_attname[a] for a in payload["fields"]]
                    objs = []
                    for row in payload["rows"]:
                        obj = model()
                        for f, value in zip(fields, row, strict=True):
                            setattr(obj, f.attname, _decode(f, value))
                        objs.append(obj)
                    connection = connections[using]
                    batch = max(1, connection.ops.bulk_batch_size(fields, objs) or len(objs))
                    for start in range(0, len(objs), batch):
                        # raw=True: values exactly as dumped (no auto_now, no signals, no model save guards);
                        # the same path loaddata takes. Foreign keys are checked at commit.
                        model._base_manager.using(using)._insert(  # type: ignore[attr-defined]
                            objs[start : start + batch], fields=fields, raw=True, using=using
                        )
                    touched[payload["model"]] = model
                sequences_reset(touched.values(), using=using)
                connections[using].check_constraints()
                # 3. counts as in the manifest, inside the transaction: a mismatch restores nothing
                for label, info in manifest["tables"].items():
                    count = by_label[label]._base_manager.using(using).count()
                    if count != info["rows"]:
                        raise BackupError(f"恢复后 {label} 有 {count} 行，备份清单为 {info['rows']} 行")
                    report.tables[label] = count
        except Exception:
            for name in written:
                default_storage.delete(name)
            raise
    # 4. the stored files read back with their digests, and the audit chain holds
    for entry in manifest["files"]:
        with default_storage.open(entry["name"], "rb") as fh:
            if sm3_hex(fh.read()) != entry["sm3"]:
                raise BackupError(f"恢复后的文件 {entry['name']} 摘要不符")
    ok, checked, bad = audit_verify_chain()
    if not ok:
        raise BackupError(f"恢复后操作日志哈希链校验失败（第一条异常记录 {bad}）")
    report.audit_checked = checked
    return report
