"""File type checks by extension AND content signature: a renamed executable is refused. Pure."""

from __future__ import annotations

import codecs

ALLOWED: dict[str, tuple[str, tuple[bytes, ...]]] = {
    # extension: (content type, accepted leading signatures; empty tuple = text, checked separately)
    "pdf": ("application/pdf", (b"%PDF-",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", (b"PK\x03\x04",)),
    "doc": ("application/msword", (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)),
    "xls": ("application/vnd.ms-excel", (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)),
    "zip": ("application/zip", (b"PK\x03\x04",)),
    "ofd": ("application/ofd", (b"PK\x03\x04",)),
    "txt": ("text/plain", ()),
    "csv": ("text/csv", ()),
}


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def check_type(name: str, head: bytes) -> str | None:
    """Return the content type, or None when the extension is not allowed or the content lies."""
    ext = extension_of(name)
    spec = ALLOWED.get(ext)
    if spec is None:
        return None
    content_type, signatures = spec
    if signatures:
        return content_type if any(head.startswith(sig) for sig in signatures) else None
    try:
        # not final: a multi-byte character cut at the end of the sample is not an error
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return None
    return content_type if b"\x00" not in head else None
