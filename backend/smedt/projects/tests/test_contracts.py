"""Electronic contracts: keys at rest, rendering, SM2 signatures over the PDF bytes, verification everywhere."""

from __future__ import annotations

import base64
import io
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from gmssl import sm2 as pure_sm2  # type: ignore[import-untyped,unused-ignore]

from smedt.audit.models import AuditRecord
from smedt.gmcrypto.errors import DecryptionError
from smedt.gmcrypto.sm3 import sm3_hex
from smedt.projects.keys import org_keypair, org_private_key
from smedt.projects.models import Contract, ContractSignature, OrgKeyPair

pytestmark = pytest.mark.django_db


def _contract(project: dict[str, Any]) -> Contract:
    return Contract.objects.get(project_id=project["id"])


def test_org_keys_are_created_once_and_encrypted_at_rest(enterprise_a: Any, enterprise_b: Any, settings: Any) -> None:
    settings.SMEDT_CONTRACT_MASTER_KEY = "00112233445566778899aabbccddeeff"
    pair = org_keypair(enterprise_a.pk)
    assert org_keypair(enterprise_a.pk).pk == pair.pk  # created on first need only
    private_hex = org_private_key(pair)
    assert len(private_hex) == 64
    assert bytes.fromhex(private_hex) not in bytes(pair.private_key_encrypted)  # never in clear
    # bound to its organization: the same ciphertext on another org's row does not decrypt
    other = OrgKeyPair(
        org_id=enterprise_b.pk, public_key=pair.public_key, private_key_encrypted=pair.private_key_encrypted
    )
    with pytest.raises(DecryptionError):
        org_private_key(other)
    # a different master key cannot open it
    settings.SMEDT_CONTRACT_MASTER_KEY = "ffeeddccbbaa99887766554433221100"
    with pytest.raises(DecryptionError):
        org_private_key(pair)


def test_master_key_falls_back_to_the_data_key(enterprise_a: Any, settings: Any) -> None:
    settings.SMEDT_CONTRACT_MASTER_KEY = ""
    pair = org_keypair(enterprise_a.pk)
    assert len(org_private_key(pair)) == 64


@pytest.mark.real_pdf
def test_contract_pdf_has_chinese_text_and_fixed_digest(api: Any, world: Any, start: Any) -> None:
    p = start()
    res = api(world["provider"]).post(f"/api/projects/{p['id']}/actions/confirm", {})
    assert res.status_code == 200, res.content
    contract = _contract(p)  # generated from the template when the provider confirmed
    pdf = bytes(contract.pdf)
    assert pdf.startswith(b"%PDF") and contract.digest == sm3_hex(pdf) == res.json()["contract"]["digest"]
    pypdf = pytest.importorskip("pypdf")
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert "咨询诊断项目服务合同" in text and "红旗测试企业" in text and "100,000.00" in text


def test_sign_round_trip_and_project_moves_on(api: Any, world: Any, signed: Any) -> None:
    detail = signed()
    assert detail["status"] == "diagnosing"
    contract = _contract(detail)
    sigs = list(ContractSignature.objects.filter(contract=contract))
    assert {s.party for s in sigs} == {"enterprise", "provider"}
    from smedt.gmcrypto.sm2 import sm2_verify

    for s in sigs:
        assert sm2_verify(s.public_key, bytes(contract.pdf), bytes.fromhex(s.signature))
        assert s.public_key == OrgKeyPair.objects.get(org_id=s.org_id).public_key
        assert s.signer_name in ("enterprise_a_user", "provider_user")
    assert AuditRecord.objects.filter(action="projects.contract_sign").count() == 2
    assert detail["contract"]["frozen"] is True and len(detail["contract"]["signatures"]) == 2


def test_confirmation_generates_the_contract_in_the_same_transaction(
    api: Any, world: Any, start: Any, monkeypatch: Any
) -> None:
    p = start()
    prov = api(world["provider"])
    # declining or cancelling never produces a contract
    declined = start()
    assert prov.post(f"/api/projects/{declined['id']}/actions/decline", {"note": "档期已满"}).status_code == 200
    assert not Contract.objects.filter(project_id=declined["id"]).exists()

    # a rendering failure rolls the confirmation back: no confirmed project without its contract
    def broken(project: Any, number: str) -> bytes:
        raise RuntimeError("template broken")

    monkeypatch.setattr("smedt.projects.services._render_pdf", broken)
    assert prov.post(f"/api/projects/{p['id']}/actions/confirm", {}).status_code == 500
    assert api(world["enterprise"]).get(f"/api/projects/{p['id']}").json()["status"] == "pending_provider"
    assert not Contract.objects.filter(project_id=p["id"]).exists()
    monkeypatch.undo()
    from smedt.projects.tests.conftest import _fast_pdf

    monkeypatch.setattr("smedt.projects.services._render_pdf", _fast_pdf)

    detail = prov.post(f"/api/projects/{p['id']}/actions/confirm", {}).json()
    assert detail["status"] == "contracting"
    contract = _contract(p)
    assert detail["contract"]["number"] == contract.number and not detail["contract"]["frozen"]
    assert contract.rendered_by is not None and contract.rendered_by.username == "provider_user"
    assert [e["action"] for e in detail["timeline"]][-2:] == ["confirm", "contract_render"]
    assert detail["timeline"][-1]["action_label"] == "生成电子合同"
    assert AuditRecord.objects.filter(action="projects.contract_render").count() == 1
    # signing needs no separate rendering step
    assert api(world["enterprise"]).post(f"/api/projects/{p['id']}/contract/sign").status_code == 200


def test_no_change_after_the_first_signature(api: Any, world: Any, start: Any) -> None:
    p = start()
    ent, prov = api(world["enterprise"]), api(world["provider"])
    prov.post(f"/api/projects/{p['id']}/actions/confirm", {})
    number = _contract(p).number
    assert prov.post(f"/api/projects/{p['id']}/contract").status_code == 201  # provider may re-render too
    res = ent.post(f"/api/projects/{p['id']}/contract")  # re-render before signing: fine, same number
    assert res.status_code == 201 and res.json()["number"] == number
    assert Contract.objects.filter(project_id=p["id"]).count() == 1
    before = _contract(p).digest
    assert ent.post(f"/api/projects/{p['id']}/contract/sign").status_code == 200
    res = prov.post(f"/api/projects/{p['id']}/contract")
    assert res.status_code == 409 and res.json()["code"] == "projects.contract_frozen"
    assert _contract(p).digest == before
    again = ent.post(f"/api/projects/{p['id']}/contract/sign")
    assert again.status_code == 409 and again.json()["code"] == "projects.already_signed"


def test_only_parties_sign(api: Any, world: Any, start: Any, enterprise_b_user: Any, county_a_officer: Any) -> None:
    p = start()
    api(world["provider"]).post(f"/api/projects/{p['id']}/actions/confirm", {})
    assert api(enterprise_b_user).post(f"/api/projects/{p['id']}/contract").status_code == 404
    assert api(county_a_officer).post(f"/api/projects/{p['id']}/contract").status_code == 403
    assert api(enterprise_b_user).post(f"/api/projects/{p['id']}/contract/sign").status_code == 404
    assert api(county_a_officer).post(f"/api/projects/{p['id']}/contract/sign").status_code == 403
    assert not ContractSignature.objects.exists()


def test_signing_before_confirmation_is_a_409(api: Any, world: Any, start: Any) -> None:
    p = start()
    res = api(world["enterprise"]).post(f"/api/projects/{p['id']}/contract")
    assert res.status_code == 409 and res.json()["code"] == "invalid_transition"


def _verify(api: Any, pdf: bytes, bundle: bytes | None = None) -> Any:
    files: dict[str, Any] = {"file": SimpleUploadedFile("c.pdf", pdf, "application/pdf")}
    if bundle is not None:
        files["signatures"] = SimpleUploadedFile("s.json", bundle, "application/json")
    return api().client.post("/api/projects/contracts/verify", files)


@pytest.mark.real_pdf
def test_verify_endpoint_accepts_the_file_and_refuses_a_tampered_one(api: Any, world: Any, signed: Any) -> None:
    detail = signed()
    contract = _contract(detail)
    pdf = bytes(contract.pdf)
    ok = _verify(api, pdf)
    assert ok.status_code == 200, ok.content
    body = ok.json()
    assert body["ok"] and body["digest_match"] and body["contract_number"] == contract.number
    assert body["status"] == "valid" and body["status_label"] == "验证通过" and body["reasons"] == []
    assert sorted(s["party"] for s in body["signatures"]) == ["enterprise", "provider"]
    assert all(s["valid"] and s["key_checked"] for s in body["signatures"])
    # the genuine file tells who signed, from the platform's records
    assert {s["org_name"] for s in body["signatures"]} == {"红旗测试企业", contract.project.provider.name}
    assert {s["signer_name"] for s in body["signatures"]} == {"enterprise_a_user", "provider_user"}

    tampered = bytearray(pdf)
    tampered[len(pdf) // 2] ^= 0x01
    bad = _verify(api, bytes(tampered)).json()  # unknown digest: nothing to vouch for it
    assert not bad["ok"] and not bad["digest_match"] and bad["signatures"] == []
    assert bad["status"] == "not_found" and bad["status_label"] == "未找到与该文件一致的合同"

    bundle = api(world["enterprise"]).get(f"/api/projects/contracts/{contract.pk}/signatures.json")
    assert bundle.status_code == 200
    with_bundle = _verify(api, bytes(tampered), bundle.content).json()  # the bundle does not make it a contract
    assert not with_bundle["ok"] and with_bundle["status"] == "not_found" and with_bundle["signatures"] == []
    genuine = _verify(api, pdf, bundle.content).json()
    assert genuine["ok"] and genuine["status"] == "valid"
    assert _verify(api, pdf, b"not json").status_code == 422


def test_signature_bundle_is_scoped(api: Any, world: Any, signed: Any, enterprise_b_user: Any) -> None:
    contract = _contract(signed())
    assert api(enterprise_b_user).get(f"/api/projects/contracts/{contract.pk}/signatures.json").status_code == 404
    assert api(enterprise_b_user).get(f"/api/projects/contracts/{contract.pk}/contract.pdf").status_code == 404
    pdf = api(world["provider"]).get(f"/api/projects/contracts/{contract.pk}/contract.pdf")
    assert pdf.status_code == 200 and pdf.content == bytes(contract.pdf)


def test_signatures_cross_check_with_pure_python_gmssl(signed: Any) -> None:
    contract = _contract(signed())
    pdf = bytes(contract.pdf)
    for s in ContractSignature.objects.filter(contract=contract):
        crypt = pure_sm2.CryptSM2(private_key=None, public_key="", mode=1)
        crypt.public_key = s.public_key[2:]
        assert crypt.verify_with_sm3(s.signature, pdf)
        assert not crypt.verify_with_sm3(s.signature, pdf + b" ")


@pytest.mark.real_pdf
def test_openssl_verifies_the_pdf_file_directly(api: Any, world: Any, signed: Any, tmp_path: Path) -> None:
    binary = shutil.which("openssl")
    if binary is None:
        pytest.skip("no openssl binary")
    contract = _contract(signed())
    (tmp_path / "contract.pdf").write_bytes(bytes(contract.pdf))
    bundle = json.loads(api(world["enterprise"]).get(f"/api/projects/contracts/{contract.pk}/signatures.json").content)
    assert bundle["digest"] == contract.digest
    for s in bundle["signatures"]:
        (tmp_path / "pub.pem").write_text(s["public_key_pem"])
        (tmp_path / "sig.der").write_bytes(base64.b64decode(s["signature_der_base64"]))

        def run(path: Path) -> subprocess.CompletedProcess[bytes]:
            return subprocess.run(
                [binary, "pkeyutl", "-verify", "-pubin", "-inkey", str(tmp_path / "pub.pem"), "-rawin",
                 "-digest", "sm3", "-pkeyopt", "distid:1234567812345678",
                 "-in", str(path), "-sigfile", str(tmp_path / "sig.der")],
                capture_output=True, check=False,
            )  # fmt: skip

        good = run(tmp_path / "contract.pdf")
        assert good.returncode == 0, good.stderr.decode()
        assert b"Verified Successfully" in good.stdout
        tampered = bytearray(contract.pdf)
        tampered[100] ^= 0x01
        (tmp_path / "tampered.pdf").write_bytes(bytes(tampered))
        assert run(tmp_path / "tampered.pdf").returncode != 0
