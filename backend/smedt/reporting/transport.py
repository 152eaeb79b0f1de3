"""How a record leaves the platform: an adapter chosen by SMEDT_NATIONAL_TRANSPORT.

- ``http``: the real client — POST the frozen body to SMEDT_NATIONAL_URL with the signature headers;
- ``console``: a stand-in for development — logs the record and answers like an accepting platform;
- ``off`` (default): nothing is sent; records wait in the outbox as 待发送.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Protocol

from smedt.reporting.config import NationalPlatform

logger = logging.getLogger("smedt.reporting")

HEADER_KEY = "X-Idempotency-Key"
HEADER_TIMESTAMP = "X-Timestamp"
HEADER_ALG = "X-Signature-Alg"
HEADER_SIGNATURE = "X-Signature"
HEADER_SENDER = "X-Sender"
HEADER_KIND = "X-Record-Kind"


@dataclass(frozen=True)
class Outgoing:
    key: str
    kind: str
    timestamp: str
    body: str
    algorithm: str
    signature: str


@dataclass(frozen=True)
class Answer:
    status: int  # HTTP status; 0 when nothing came back (connection refused, timeout)
    body: str


class Transport(Protocol):
    def send(self, record: Outgoing) -> Answer: ...


class TransportOff(Exception):
    """SMEDT_NATIONAL_TRANSPORT=off: the record stays in the outbox."""


class HttpTransport:
    def __init__(self, conf: NationalPlatform) -> None:
        if not conf.url.startswith(("http://", "https://")):
            raise ValueError("SMEDT_NATIONAL_URL must be an http(s) URL")
        self.conf = conf

    def send(self, record: Outgoing) -> Answer:
        request = urllib.request.Request(  # noqa: S310 — scheme checked above
            self.conf.url,
            data=record.body.encode(),
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                HEADER_KEY: record.key,
                HEADER_TIMESTAMP: record.timestamp,
                HEADER_ALG: record.algorithm,
                HEADER_SIGNATURE: record.signature,
                HEADER_SENDER: self.conf.sender,
                HEADER_KIND: record.kind,
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.conf.timeout) as res:  # noqa: S310
                return Answer(res.status, res.read(4000).decode(errors="replace"))
        except urllib.error.HTTPError as exc:
            return Answer(exc.code, exc.read(4000).decode(errors="replace"))
        except (urllib.error.URLError, OSError) as exc:
            return Answer(0, f"{type(exc).__name__}: {exc}"[:500])


class ConsoleTransport:
    """Development stand-in: writes the record to the log and accepts it."""

    def send(self, record: Outgoing) -> Answer:
        logger.info("national platform (console): %s %s %s", record.kind, record.key, record.body[:200])
        return Answer(200, json.dumps({"code": 0, "receipt": f"console-{record.key[:16]}"}))


def transport_for(conf: NationalPlatform) -> Transport:
    if conf.transport == "http":
        return HttpTransport(conf)
    if conf.transport == "console":
        return ConsoleTransport()
    raise TransportOff("SMEDT_NATIONAL_TRANSPORT=off")
