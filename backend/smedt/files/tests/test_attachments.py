"""Attachments: type/size checks, SM3 digest, storage, and authorized download only."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from gmssl import func, sm3

from smedt.audit.models import AuditRecord
from smedt.core.tests.helpers import PDF_BYTES, assert_error, upload
from smedt.files.checks import check_type
from smedt.files.models import Attachment

pytestmark = pytest.mark.django_db

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def reference_sm3(data: bytes) -> str:
    """An independent SM3 (pure-Python gmssl), not the one the code under test uses."""
    return sm3.sm3_hash(func.bytes_to_list(data))


def _stored_files(media):
    return sorted(p for p in media.rglob("*") if p.is_file())


# --- upload -----------------------------------------------------------------------------------------


def test_upload_pdf_stores_bytes_with_their_sm3(api, enterprise_a_user, enterprise_a, media):
    data = PDF_BYTES * 100

    res = upload(api(enterprise_a_user), "申报材料.pdf", data, purpose="application")

    assert res.status_code == 201, res.content
    body = res.json()
    assert (body["name"], body["size"], body["content_type"]) == ("申报材料.pdf", len(data), "application/pdf")
    assert body["sm3"] == reference_sm3(data)
    att = Attachment.objects.get(pk=body["id"])
    assert (att.uploaded_by_id, att.org_id, att.purpose) == (enterprise_a_user.pk, enterprise_a.pk, "application")
    [stored] = _stored_files(media)
    assert stored.read_bytes() == data
    assert "申报材料" not in stored.name  # stored under a random name
    rec = AuditRecord.objects.get(action="files.attachment_upload")
    assert rec.after == {"name": "申报材料.pdf", "sm3": body["sm3"], "size": len(data)}


def test_a_path_in_the_file_name_is_dropped(api, enterprise_a_user):
    res = upload(api(enterprise_a_user), "..\\..\\etc\\passwd.pdf", PDF_BYTES)
    assert res.status_code == 201
    assert res.json()["name"] == "passwd.pdf"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("invoice.pdf", EXE_BYTES),  # an executable renamed .pdf
        ("photo.png", PDF_BYTES),  # content of another allowed type
        ("setup.exe", EXE_BYTES),  # extension not allowed
        ("report", PDF_BYTES),  # no extension
        ("notes.txt", b"hello\x00world"),  # binary posing as text
        ("script.html", b"<script>alert(1)</script>"),
    ],
)
def test_a_disallowed_or_lying_file_is_refused(api, enterprise_a_user, media, name, data):
    res = upload(api(enterprise_a_user), name, data)

    body = assert_error(res, 422, "files.type_not_allowed")
    assert "pdf" in body["message"]
    assert not Attachment.objects.exists()
    assert _stored_files(media) == []


def test_an_oversize_file_is_refused(api, enterprise_a_user, settings, media):
    settings.SMEDT_UPLOAD_MAX_BYTES = 2 * 1024 * 1024

    res = upload(api(enterprise_a_user), "big.pdf", PDF_BYTES + b"0" * (2 * 1024 * 1024))

    body = assert_error(res, 422, "files.too_large")
    assert "2 MB" in body["message"]
    assert not Attachment.objects.exists()
    assert _stored_files(media) == []


def test_a_file_exactly_at_the_limit_is_accepted(api, enterprise_a_user, settings):
    settings.SMEDT_UPLOAD_MAX_BYTES = 4096
    data = PDF_BYTES + b"0" * (4096 - len(PDF_BYTES))
    assert upload(api(enterprise_a_user), "edge.pdf", data).status_code == 201


def test_an_empty_file_is_refused(api, enterprise_a_user, media):
    assert_error(upload(api(enterprise_a_user), "empty.pdf", b""), 422, "files.empty")
    assert not Attachment.objects.exists()


def test_upload_without_a_file_is_a_validation_error(api, enterprise_a_user):
    res = api(enterprise_a_user).client.post("/api/files", {"purpose": "x"})
    assert_error(res, 422, "validation_error")


def test_anonymous_cannot_upload(api, reference, media):
    assert_error(upload(api(), "a.pdf", PDF_BYTES), 401, "not_authenticated")
    assert _stored_files(media) == []


@pytest.mark.parametrize("prefix", ["", "a", "ab"])
def test_text_with_a_multibyte_character_cut_at_the_sample_edge_is_text(prefix):
    # the 4096-byte sample of Chinese UTF-8 text ends inside a character, or not, depending on the prefix
    data = (prefix + "说" * 2000).encode("utf-8")
    assert check_type("notes.txt", data[:4096]) == "text/plain"


def test_a_chinese_csv_larger_than_the_sample_is_accepted(api, enterprise_a_user):
    data = ("名称,数量\n" + "甲企业,1\n" * 600).encode("utf-8")
    assert len(data) > 4096
    res = upload(api(enterprise_a_user), "名单.csv", data)
    assert res.status_code == 201, res.content
    assert res.json()["content_type"] == "text/csv"


def test_text_checks():
    assert check_type("notes.csv", "名称,数量\n甲,1\n".encode()) == "text/csv"
    assert check_type("notes.txt", b"\xff\xfe\xfa\xfb" * 10) is None
    assert check_type("notes.txt", "说".encode()[:2] + b"abc") is None  # a cut character in the middle is not text
    assert check_type("NOTES.PDF", PDF_BYTES) == "application/pdf"


# --- download ----------------------------------------------------------------------------------------


@pytest.fixture
def file_of_a(api, enterprise_a_user):
    res = upload(api(enterprise_a_user), "企业A材料.pdf", PDF_BYTES * 3)
    assert res.status_code == 201, res.content
    return res.json()


def _download(api, user, file_id):
    return api(user).get(f"/api/files/{file_id}/download")


def test_the_uploader_downloads_the_same_bytes(api, enterprise_a_user, file_of_a):
    res = _download(api, enterprise_a_user, file_of_a["id"])

    assert res.status_code == 200
    data = b"".join(res.streaming_content)
    assert data == PDF_BYTES * 3
    assert res["Content-Type"] == "application/pdf"
    assert res["Content-Disposition"] == f"attachment; filename=\"file\"; filename*=UTF-8''{quote('企业A材料.pdf')}"
    assert res["X-Content-Type-Options"] == "nosniff"
    assert res["X-SM3-Digest"] == reference_sm3(data)


def test_a_colleague_in_the_same_org_downloads(api, make_user, enterprise_a, file_of_a):
    colleague = make_user("colleague_a", "enterprise_user", org=enterprise_a)
    assert _download(api, colleague, file_of_a["id"]).status_code == 200


def test_another_enterprise_gets_404(api, enterprise_b_user, provider_user, outsider, file_of_a):
    for other in (enterprise_b_user, provider_user, outsider):
        assert_error(_download(api, other, file_of_a["id"]), 404, "not_found")
        assert_error(api(other).get(f"/api/files/{file_of_a['id']}"), 404, "not_found")


def test_the_county_officer_of_the_org_downloads(api, county_a_officer, file_of_a):
    assert _download(api, county_a_officer, file_of_a["id"]).status_code == 200


def test_the_county_officer_of_the_org_can_see_files_filed_under_the_county(
    api, county_a_officer, file_of_a, enterprise_a
):
    # what works today: a file whose row carries the county is visible to that county
    Attachment.objects.filter(pk=file_of_a["id"]).update(region=enterprise_a.region)
    assert _download(api, county_a_officer, file_of_a["id"]).status_code == 200


def test_another_county_gets_404(api, county_b_officer, file_of_a, enterprise_a):
    Attachment.objects.filter(pk=file_of_a["id"]).update(region=enterprise_a.region)
    assert_error(_download(api, county_b_officer, file_of_a["id"]), 404, "not_found")


def test_sys_admin_downloads_any_file(api, sys_admin, file_of_a):
    assert _download(api, sys_admin, file_of_a["id"]).status_code == 200


def test_anonymous_download_is_401(api, file_of_a):
    assert_error(_download(api, None, file_of_a["id"]), 401, "not_authenticated")


def test_unknown_or_malformed_file_id(api, sys_admin, reference):
    assert_error(_download(api, sys_admin, "00000000-0000-0000-0000-000000000000"), 404, "not_found")
    assert_error(_download(api, sys_admin, "not-a-uuid"), 422, "validation_error")
