"""Signed checkpoints of the audit chain, kept outside the database.

The hash chain shows an edited or a missing record in the middle; the MAC on the chain head
shows a head rewritten without the key. What neither can show is someone with the database
(and a copy of an earlier head row) deleting the newest records and putting the old head back.
So the scheduler periodically writes a checkpoint — position (seq), id and hash of the newest
record, time, HMAC-SM3 under the audit key — as a new file in the file storage (local disk
under the data directory, or the S3 bucket in production), never overwriting one, and logs
it. Verification then requires every recent checkpoint to still match the table.

A checkpoint file is one JSON object:
``{"seq": 1234, "record_id": 1240, "hash": "…", "at": "2026-12-07T16:00:00+08:00", "mac": "…"}``.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from smedt.audit.models import AuditChainHead, AuditRecord
from smedt.gmcrypto.hmac_sm3 import hmac_sm3_hex, hmac_sm3_verify
from smedt.gmcrypto.keys import audit_key

logger = logging.getLogger("smedt.audit.checkpoints")


class CheckpointError(Exception):
    """A checkpoint file that is not what this platform signed (message in Chinese)."""


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    record_id: int
    hash: str
    at: str
    mac: str

    @property
    def at_display(self) -> str:
        try:
            return str(timezone.localtime(datetime.fromisoformat(self.at)).strftime("%Y-%m-%d %H:%M"))
        except ValueError:
            return self.at

    def body(self) -> bytes:
        return f"smedt-audit-checkpoint|{self.seq}|{self.record_id}|{self.hash}|{self.at}".encode()


def checkpoint_dir() -> str:
    return str(getattr(settings, "SMEDT_AUDIT_CHECKPOINT_DIR", "audit-checkpoints")).strip("/")


def _name(seq: int) -> str:
    return f"{checkpoint_dir()}/{seq:012d}.json"


def checkpoint_write() -> Checkpoint | None:
    """Anchor the chain's current end outside the database. Idempotent: nothing new, no file."""
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is None or head.count == 0:
        return None
    last = AuditRecord.objects.filter(hash=head.last_hash).values_list("id", flat=True).first()
    if last is None:
        logger.error("audit checkpoint not written: the chain head points at no record")
        return None
    name = _name(head.count)
    if default_storage.exists(name):
        return None
    at = timezone.now().isoformat()
    unsigned = Checkpoint(seq=head.count, record_id=int(last), hash=head.last_hash, at=at, mac="")
    cp = Checkpoint(
        seq=unsigned.seq,
        record_id=unsigned.record_id,
        hash=unsigned.hash,
        at=at,
        mac=hmac_sm3_hex(audit_key(), unsigned.body()),
    )
    payload = {"seq": cp.seq, "record_id": cp.record_id, "hash": cp.hash, "at": cp.at, "mac": cp.mac}
    default_storage.save(name, ContentFile(json.dumps(payload, sort_keys=True).encode()))
    # the log is a second copy, shipped wherever the operator sends logs
    logger.info(
        "audit checkpoint seq=%s record_id=%s hash=%s at=%s mac=%s", cp.seq, cp.record_id, cp.hash, cp.at, cp.mac
    )
    return cp


def _parse(name: str, raw: bytes) -> Checkpoint:
    try:
        data = json.loads(raw)
        cp = Checkpoint(
            seq=int(data["seq"]),
            record_id=int(data["record_id"]),
            hash=str(data["hash"]),
            at=str(data["at"]),
            mac=str(data["mac"]),
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise CheckpointError(f"签名检查点 {name} 无法读取：文件被改动，请立即上报。") from exc
    if not hmac_sm3_verify(audit_key(), cp.body(), cp.mac):
        raise CheckpointError(f"签名检查点 {name} 的签名无效：检查点被伪造或改动，请立即上报。")
    return cp


def checkpoints_latest(limit: int | None = None) -> list[Checkpoint]:
    """The newest `limit` checkpoints (SMEDT_AUDIT_CHECKPOINTS_VERIFIED), each with a valid MAC."""
    limit = int(limit if limit is not None else getattr(settings, "SMEDT_AUDIT_CHECKPOINTS_VERIFIED", 10))
    folder = checkpoint_dir()
    if not default_storage.exists(folder):
        return []
    _dirs, files = default_storage.listdir(folder)
    names = sorted(f for f in files if f.endswith(".json"))[-limit:] if limit > 0 else []
    found = []
    for file_name in names:
        with default_storage.open(f"{folder}/{file_name}", "rb") as fh:
            found.append(_parse(file_name, fh.read()))
    return found
