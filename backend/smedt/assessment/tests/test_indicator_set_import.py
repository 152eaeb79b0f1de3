"""Importing indicator-set versions from files: checked first, idempotent, audited, versioned."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest

from smedt.accounts.models import User
from smedt.assessment.definition import DefinitionInvalid
from smedt.assessment.models import IndicatorSet, IndicatorSetStatus
from smedt.assessment.scoring import score
from smedt.assessment.selectors import definition_resolve, indicator_set_definition, indicator_set_get
from smedt.assessment.services.indicator_sets import MAX_FILE_BYTES, indicator_set_import, indicator_sets_load
from smedt.assessment.tests.helpers import PACKAGED, sample_document
from smedt.audit.models import AuditRecord
from smedt.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from smedt.gmcrypto.sm3 import sm3_hex
from smedt.rbac.models import Permission, Role, ScopeKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicator_admin(make_user: Callable[..., User]) -> User:
    """A platform operator allowed to import indicator sets (the built-in roles get the code later)."""
    role = Role.objects.create(code="indicator_admin", name="指标体系管理员", scope_kind=ScopeKind.GLOBAL)
    role.permissions.add(Permission.objects.get(code="assessment.manage_indicator_set"))
    return make_user("indicator_admin", "indicator_admin")


def version_bytes(data: dict[str, Any], version: str, **rule_changes: Any) -> bytes:
    """The packaged set as another version (JSON), with the 二级 rule edited."""
    edited = copy.deepcopy(data)
    edited["version"] = version
    edited["level_rules"]["rules"][2].update(rule_changes)
    return json.dumps(edited, ensure_ascii=False).encode()


def test_a_good_file_becomes_the_active_version(indicator_admin, data):
    outcome = indicator_set_import(actor=indicator_admin, path_or_bytes=PACKAGED)
    stored = outcome.indicator_set
    assert outcome.created
    assert (stored.code, stored.version, stored.status) == ("2024-manufacturing", "2024.1", IndicatorSetStatus.ACTIVE)
    assert stored.name == "中小企业数字化水平评测指标（2024年版）（制造业）"
    assert stored.source_name == "2024-manufacturing.yaml"
    assert stored.source_digest == sm3_hex(PACKAGED.read_bytes())
    assert stored.imported_by == indicator_admin
    assert stored.definition == data
    record = AuditRecord.objects.get(action="assessment.indicator_set_import")
    assert record.actor == indicator_admin
    assert record.after["source_digest"] == stored.source_digest


def test_a_stored_version_scores_like_the_file(indicator_admin, defn):
    stored = indicator_set_import(actor=indicator_admin, path_or_bytes=PACKAGED).indicator_set
    stored.refresh_from_db()
    assert indicator_set_definition(stored) == defn
    assert score(indicator_set_definition(stored), sample_document()).total == score(defn, sample_document()).total


def test_the_same_file_twice_writes_nothing_the_second_time(indicator_admin):
    first = indicator_set_import(actor=indicator_admin, path_or_bytes=PACKAGED)
    again = indicator_set_import(actor=indicator_admin, path_or_bytes=PACKAGED.read_bytes(), source_name="copy.yaml")
    assert not again.created
    assert again.indicator_set.pk == first.indicator_set.pk
    assert IndicatorSet.objects.count() == 1
    assert AuditRecord.objects.filter(action="assessment.indicator_set_import").count() == 1


def test_a_broken_file_is_refused_in_chinese_and_nothing_is_written(indicator_admin, data):
    broken = copy.deepcopy(data)
    broken["dimensions"][0]["groups"][0]["indicators"][1]["options"][4]["score"] = "5"
    broken["scenario_dimension"]["groups"][0]["scenarios"][0]["type"] = "x"
    with pytest.raises(DefinitionInvalid) as exc:
        indicator_set_import(actor=indicator_admin, path_or_bytes=json.dumps(broken).encode())
    assert exc.value.status_code == 422
    assert exc.value.message.startswith(
        "指标体系文件校验未通过（共 2 处问题）：指标 MF-02：单选题最高选项分值 5 与满分 6 不一致"
    )
    assert len(exc.value.details["errors"]) == 2
    assert IndicatorSet.objects.count() == 0
    assert not AuditRecord.objects.exists()


def test_a_file_that_is_not_yaml_is_refused(indicator_admin):
    with pytest.raises(DefinitionInvalid) as exc:
        indicator_set_import(actor=indicator_admin, path_or_bytes=b"code: [unclosed\n")
    assert "文件格式错误" in exc.value.message
    assert IndicatorSet.objects.count() == 0


def test_a_missing_or_oversized_file_is_refused(indicator_admin, tmp_path):
    with pytest.raises(ValidationFailed) as exc:
        indicator_set_import(actor=indicator_admin, path_or_bytes=tmp_path / "nope.yaml")
    assert exc.value.message == "无法读取指标体系文件“nope.yaml”"
    with pytest.raises(ValidationFailed) as exc:
        indicator_set_import(actor=indicator_admin, path_or_bytes=b" " * (MAX_FILE_BYTES + 1))
    assert exc.value.code == "assessment.indicator_set_too_large"


def test_only_holders_of_the_permission_may_import(outsider, enterprise_a_user):
    for user in (outsider, enterprise_a_user):
        with pytest.raises(PermissionDenied):
            indicator_set_import(actor=user, path_or_bytes=PACKAGED)
    assert IndicatorSet.objects.count() == 0


def test_a_new_version_takes_over_and_the_old_one_stays(indicator_admin, data):
    old = indicator_set_import(actor=indicator_admin, path_or_bytes=PACKAGED).indicator_set
    new = indicator_set_import(
        actor=indicator_admin, path_or_bytes=version_bytes(data, "2024.2", min_score="45"), source_name="v2.json"
    ).indicator_set
    old.refresh_from_db()
    assert (old.status, new.status) == (IndicatorSetStatus.INACTIVE, IndicatorSetStatus.ACTIVE)
    assert indicator_set_get(code="2024-manufacturing").pk == new.pk
    assert indicator_set_get(code="2024-manufacturing", version="2024.1").pk == old.pk
    rules = {r.level: r.min_score for r in indicator_set_definition(new).level_rules}
    assert rules[2] == 45
    assert AuditRecord.objects.filter(action="assessment.indicator_set_deactivate", target_id=str(old.pk)).exists()


def test_the_same_version_with_other_content_is_a_conflict(indicator_admin, data):
    indicator_set_import(actor=indicator_admin, path_or_bytes=PACKAGED)
    with pytest.raises(Conflict) as exc:
        indicator_set_import(actor=indicator_admin, path_or_bytes=version_bytes(data, "2024.1", min_score="45"))
    assert exc.value.code == "assessment.indicator_set_version_exists"
    assert "请在文件中提高 version 后再导入" in exc.value.message
    assert IndicatorSet.objects.count() == 1


def test_reference_loading_is_idempotent_and_keeps_an_admin_version_active(indicator_admin, data):
    newer = indicator_set_import(actor=indicator_admin, path_or_bytes=version_bytes(data, "2024.2", min_score="45"))
    loaded = indicator_sets_load()
    assert [o.created for o in loaded] == [True]
    assert loaded[0].indicator_set.status == IndicatorSetStatus.INACTIVE
    assert indicator_set_get(code="2024-manufacturing").pk == newer.indicator_set.pk
    assert [o.created for o in indicator_sets_load()] == [False]
    assert IndicatorSet.objects.count() == 2


def test_resolving_a_code_prefers_the_database_then_the_packaged_file(indicator_admin, data):
    from_file = definition_resolve(code="2024-manufacturing")
    assert (from_file.source, from_file.location) == ("file", str(PACKAGED))
    with pytest.raises(NotFound):
        definition_resolve(code="2024-manufacturing", source="db")
    indicator_set_import(actor=indicator_admin, path_or_bytes=version_bytes(data, "2024.2"))
    from_db = definition_resolve(code="2024-manufacturing")
    assert (from_db.source, from_db.definition.version) == ("database", "2024.2")
    assert definition_resolve(code="2024-manufacturing", source="file").definition.version == "2024.1"
    with pytest.raises(NotFound) as exc:
        definition_resolve(code="2024-manufacturing", version="2023.9")
    assert exc.value.message == "指标体系“2024-manufacturing”的版本“2023.9”不存在"
    with pytest.raises(NotFound):
        definition_resolve(code="2024-services")
