"""Contract verification: both signatures needed, keys checked against the platform's, nothing for a stranger."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from smedt.gmcrypto.sm2 import sm2_generate_keypair, sm2_sign
from smedt.projects.models import Contract, ContractSignature, OrgKeyPair
from smedt.projects.signing import (
    bundle_build,
    contract_verify_bytes,
    normalize_public_key,
    public_key_from_pem,
    public_key_pem,
)

pytestmark = pytest.mark.django_db


def _verify(api: Any, pdf: bytes, bundle: bytes | None = None, **form: Any) -> Any:
    data: dict[str, Any] = {"file": SimpleUploadedFile("c.pdf", pdf, "application/pdf"), **form}
    if bundle is not None:
        data["signatures"] = SimpleUploadedFile("s.json", bundle, "application/json")
    return api().client.post("/api/projects/contracts/verify", data)


def _bundle(api: Any, user: Any, contract: Contract) -> bytes:
    res = api(user).get(f"/api/projects/contracts/{contract.pk}/signatures.json")
    assert res.status_code == 200
    return res.content  # type: ignore[no-any-return]


def _forged(contract: Contract) -> bytes:
    """A self-made signatures file: the genuine PDF signed with keys that are not the parties'."""
    pdf = bytes(contract.pdf)
    sigs = []
    for party, org in (("enterprise", contract.project.enterprise), ("provider", contract.project.provider)):
        private_hex, public_hex = sm2_generate_keypair()
        sigs.append(
            {
                "party": party,
                "org_id": str(org.pk),
                "org_name": "冒充的单位" if party == "enterprise" else org.name,
                "signer_name": "冒充者",
                "signed_at": "2026-01-01T00:00:00+08:00",
                "public_key": public_hex,
                "signature": sm2_sign(private_hex, pdf, public_hex=public_hex).hex(),
            }
        )
    return json.dumps(bundle_build(number=contract.number, digest=contract.digest, signatures=sigs)).encode()


def test_one_signature_is_not_a_valid_contract(api: Any, world: Any, start: Any) -> None:
    p = start()
    assert api(world["provider"]).post(f"/api/projects/{p['id']}/actions/confirm", {}).status_code == 200
    assert api(world["enterprise"]).post(f"/api/projects/{p['id']}/contract/sign").status_code == 200
    contract = Contract.objects.get(project_id=p["id"])
    body = _verify(api, bytes(contract.pdf)).json()
    assert body["status"] == "partial" and body["status_label"] == "签署未完成"
    assert not body["ok"] and body["digest_match"]
    assert [(s["party"], s["valid"]) for s in body["signatures"]] == [("enterprise", True)]
    assert "乙方（服务商）尚未签署" in body["reasons"]
    # the same through the bundle and the command
    bundle = _bundle(api, world["enterprise"], contract)
    assert _verify(api, bytes(contract.pdf), bundle).json()["status"] == "partial"


def test_a_self_made_signatures_file_with_foreign_keys_fails(api: Any, world: Any, signed: Any) -> None:
    contract = Contract.objects.get(project_id=signed()["id"])
    forged = _forged(contract)
    # mathematically the forged signatures are fine: only the keys give them away
    offline = contract_verify_bytes(bytes(contract.pdf), json.loads(forged)).as_dict()
    assert offline["status"] == "keys_unchecked" and not offline["ok"]

    body = _verify(api, bytes(contract.pdf), forged).json()
    assert not body["ok"] and body["status"] == "invalid" and body["status_label"] == "验证未通过"
    assert all(not s["valid"] and s["key_checked"] for s in body["signatures"])
    ent = next(s for s in body["signatures"] if s["party"] == "enterprise")
    assert ent["reason"] == "签名公钥不是甲方（企业）「红旗测试企业」在平台登记的公钥（签名文件可能是伪造的）"
    assert ent["org_name"] == "红旗测试企业"  # the platform's name, never the file's claim
    assert "冒充者" not in json.dumps(body, ensure_ascii=False)


def test_parties_swapped_or_duplicated_in_the_signatures_file_fail(api: Any, world: Any, signed: Any) -> None:
    contract = Contract.objects.get(project_id=signed()["id"])
    bundle = json.loads(_bundle(api, world["enterprise"], contract))
    swapped = json.loads(json.dumps(bundle))
    for s in swapped["signatures"]:
        s["party"] = "provider" if s["party"] == "enterprise" else "enterprise"
    body = _verify(api, bytes(contract.pdf), json.dumps(swapped).encode()).json()
    assert body["status"] == "invalid" and not any(s["valid"] for s in body["signatures"])

    twice = {**bundle, "signatures": [bundle["signatures"][0], bundle["signatures"][0]]}
    body = _verify(api, bytes(contract.pdf), json.dumps(twice).encode()).json()
    assert body["status"] == "invalid" and "签名文件中同一签约方出现了多个签名" in body["reasons"]

    wrong_digest = {**bundle, "digest": "00" * 32}
    body = _verify(api, bytes(contract.pdf), json.dumps(wrong_digest).encode()).json()
    assert body["status"] == "invalid" and "签名文件中的摘要与平台登记的合同摘要不一致" in body["reasons"]


def test_a_recorded_key_that_is_not_the_orgs_key_fails(api: Any, world: Any, signed: Any) -> None:
    contract = Contract.objects.get(project_id=signed()["id"])
    row = ContractSignature.objects.get(contract=contract, party="provider")
    _, other = sm2_generate_keypair()
    OrgKeyPair.objects.filter(org_id=row.org_id).update(public_key=other)  # e.g. a key replaced behind our back
    body = _verify(api, bytes(contract.pdf)).json()
    assert body["status"] == "invalid"
    prov = next(s for s in body["signatures"] if s["party"] == "provider")
    assert not prov["valid"] and "平台记录的签名公钥与乙方（服务商）" in prov["reason"]


def test_one_changed_byte_fails_everywhere(api: Any, world: Any, signed: Any) -> None:
    contract = Contract.objects.get(project_id=signed()["id"])
    data = bytearray(contract.pdf)
    data[len(data) // 2] ^= 0x01
    bundle = _bundle(api, world["enterprise"], contract)
    assert _verify(api, bytes(data), bundle).json()["status"] == "not_found"
    offline = contract_verify_bytes(bytes(data), json.loads(bundle)).as_dict()
    assert offline["status"] == "invalid" and not offline["digest_match"]
    assert all(s["reason"] == "签名与文件内容不符（文件已被改动或签名值无效）" for s in offline["signatures"])


def test_a_stranger_with_another_file_learns_nothing(api: Any, world: Any, signed: Any) -> None:
    contract = Contract.objects.get(project_id=signed()["id"])
    names = [contract.number, "红旗测试企业", contract.project.provider.name, "enterprise_a_user", "provider_user"]
    for form in ({}, {"contract_id": contract.pk}):  # naming the contract does not help
        res = _verify(api, b"%PDF-1.4 some other file", **form)
        assert res.status_code == 200
        body = res.json()
        assert body["status"] == "not_found" and body["status_label"] == "未找到与该文件一致的合同"
        assert body["signatures"] == [] and body["contract_number"] == "" and body["expected_digest"] == ""
        assert not any(n in res.content.decode() for n in names)
    # the genuine file with another contract's id is not found either; with its own id it is
    assert _verify(api, bytes(contract.pdf), contract_id=contract.pk + 1000).json()["status"] == "not_found"
    assert _verify(api, bytes(contract.pdf), contract_id=contract.pk).json()["status"] == "valid"


def test_the_genuine_file_gives_the_details(api: Any, world: Any, signed: Any) -> None:
    contract = Contract.objects.get(project_id=signed()["id"])
    body = _verify(api, bytes(contract.pdf)).json()
    assert body["ok"] and body["contract_number"] == contract.number
    rows = {s["party"]: s for s in body["signatures"]}
    recorded = {s.party: s for s in ContractSignature.objects.filter(contract=contract)}
    assert rows["enterprise"]["org_name"] == "红旗测试企业"
    assert rows["enterprise"]["signer_name"] == "enterprise_a_user"
    assert rows["provider"]["signed_at"] == recorded["provider"].signed_at.isoformat()


def test_empty_file_is_a_422(api: Any) -> None:
    res = _verify(api, b"")
    assert res.status_code == 422 and res.json()["message"] == "请上传合同 PDF 文件"


def test_key_helpers() -> None:
    _, public_hex = sm2_generate_keypair()
    assert public_key_from_pem(public_key_pem(public_hex)) == public_hex.lower()
    assert normalize_public_key(public_hex[2:].upper()) == public_hex.lower()
    with pytest.raises(ValueError, match="公钥"):
        normalize_public_key("04zz")
    with pytest.raises(ValueError, match="PEM"):
        public_key_from_pem("-----BEGIN PUBLIC KEY-----\nnot base64!\n-----END PUBLIC KEY-----")


# --- the command ------------------------------------------------------------------------------------------------


def _files(api: Any, world: Any, contract: Contract, tmp_path: Path) -> tuple[str, str]:
    (tmp_path / "c.pdf").write_bytes(bytes(contract.pdf))
    (tmp_path / "s.json").write_bytes(_bundle(api, world["enterprise"], contract))
    return str(tmp_path / "c.pdf"), str(tmp_path / "s.json")


def test_command_online(api: Any, world: Any, signed: Any, tmp_path: Path) -> None:
    contract = Contract.objects.get(project_id=signed()["id"])
    pdf, sigs = _files(api, world, contract, tmp_path)
    out = StringIO()
    call_command("contract_verify", pdf, "--signatures", sigs, stdout=out)
    assert "验证通过" in out.getvalue() and "公钥已核验" in out.getvalue() and "核验方式：平台记录" in out.getvalue()
    call_command("contract_verify", pdf, stdout=StringIO())  # by digest, from the platform
    (tmp_path / "f.json").write_bytes(_forged(contract))
    out = StringIO()
    with pytest.raises(CommandError, match="验证未通过"):
        call_command("contract_verify", pdf, "--signatures", str(tmp_path / "f.json"), stdout=out)
    assert "在平台登记的公钥" in out.getvalue()
    data = bytearray(contract.pdf)
    data[-20] ^= 0x20
    (tmp_path / "t.pdf").write_bytes(bytes(data))
    with pytest.raises(CommandError, match="未找到与该文件一致的合同"):
        call_command("contract_verify", str(tmp_path / "t.pdf"), "--signatures", sigs, stdout=StringIO())
    with pytest.raises(CommandError, match="--expect-key 只用于 --offline"):
        call_command("contract_verify", pdf, "--expect-key", "enterprise=04", stdout=StringIO())


def test_command_offline_without_expected_keys_says_ownership_was_not_checked(
    api: Any, world: Any, signed: Any, tmp_path: Path
) -> None:
    contract = Contract.objects.get(project_id=signed()["id"])
    pdf, sigs = _files(api, world, contract, tmp_path)
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="签名有效，但未核验公钥归属"):
        call_command("contract_verify", pdf, "--signatures", sigs, "--offline", stdout=out, stderr=err)
    assert "公钥归属未核验" in out.getvalue() and "注意：未核验公钥归属" in err.getvalue()
    # a forged file looks the same offline: that is exactly why it is not a pass
    (tmp_path / "f.json").write_bytes(_forged(contract))
    with pytest.raises(CommandError, match="未核验公钥归属"):
        call_command("contract_verify", pdf, "--signatures", str(tmp_path / "f.json"), "--offline", stdout=StringIO())
    with pytest.raises(CommandError, match="需要 --signatures"):
        call_command("contract_verify", pdf, "--offline", stdout=StringIO())


def test_command_offline_with_expected_keys(api: Any, world: Any, signed: Any, tmp_path: Path) -> None:
    contract = Contract.objects.get(project_id=signed()["id"])
    pdf, sigs = _files(api, world, contract, tmp_path)
    ent_key = OrgKeyPair.objects.get(org_id=contract.project.enterprise_id).public_key
    prov_key = OrgKeyPair.objects.get(org_id=contract.project.provider_id).public_key
    (tmp_path / "prov.pem").write_text(public_key_pem(prov_key))
    expect = ["--expect-key", f"enterprise={ent_key}", "--expect-key", f"乙方={tmp_path / 'prov.pem'}"]
    out = StringIO()
    call_command("contract_verify", pdf, "--signatures", sigs, "--offline", *expect, stdout=out)
    assert "验证通过" in out.getvalue() and "公钥归属未核验" not in out.getvalue()
    # only one key given: the other party's ownership stays unchecked, so no pass
    with pytest.raises(CommandError, match="未核验公钥归属"):
        call_command(
            "contract_verify", pdf, "--signatures", sigs, "--offline", "--expect-key", f"enterprise={ent_key}",
            stdout=StringIO(),
        )  # fmt: skip
    # the forged file against the real keys
    (tmp_path / "f.json").write_bytes(_forged(contract))
    out = StringIO()
    with pytest.raises(CommandError, match="验证未通过"):
        call_command("contract_verify", pdf, "--signatures", str(tmp_path / "f.json"), "--offline", *expect, stdout=out)
    assert "签名公钥与指定的甲方（企业）公钥不一致" in out.getvalue()
    # a changed byte fails offline as well
    data = bytearray(contract.pdf)
    data[5] ^= 0x01
    (tmp_path / "t.pdf").write_bytes(bytes(data))
    with pytest.raises(CommandError, match="验证未通过"):
        call_command("contract_verify", str(tmp_path / "t.pdf"), "--signatures", sigs, "--offline", *expect,
                     stdout=StringIO())  # fmt: skip
    with pytest.raises(CommandError, match="--expect-key 格式"):
        call_command("contract_verify", pdf, "--signatures", sigs, "--offline", "--expect-key", "x", stdout=StringIO())
    with pytest.raises(CommandError, match="公钥"):
        call_command(
            "contract_verify", pdf, "--signatures", sigs, "--offline", "--expect-key", "provider=04ab",
            stdout=StringIO(),
        )  # fmt: skip
    res = json.loads(_verify_json(pdf, sigs, expect))
    assert res["status"] == "valid" and res["key_checked"]


def _verify_json(pdf: str, sigs: str, expect: list[str]) -> str:
    out = StringIO()
    call_command("contract_verify", pdf, "--signatures", sigs, "--offline", *expect, "--json", stdout=out)
    text = out.getvalue()
    return text[: text.rindex("}") + 1]
