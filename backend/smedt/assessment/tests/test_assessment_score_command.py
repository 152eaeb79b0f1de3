"""The offline scorer: ``manage.py assessment_score --indicator-set CODE FILE.json``."""

from __future__ import annotations

import copy
import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from smedt.assessment.scoring import evaluate
from smedt.assessment.services.indicator_sets import indicator_sets_load
from smedt.assessment.tests.helpers import SAMPLE, sample_document

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[dict[str, Any], str]:
    out, err = StringIO(), StringIO()
    call_command("assessment_score", *args, stdout=out, stderr=err)
    return json.loads(out.getvalue()), err.getvalue()


def test_the_sample_file_scores_from_the_packaged_data_when_the_database_has_none(defn):
    result, _ = run("--indicator-set", "2024-manufacturing", str(SAMPLE))
    assert result["indicator_set_source"]["source"] == "file"
    assert (result["total"], result["level"], result["level_name"]) == ("48.5", 2, "二级")
    assert [d["score"] for d in result["dimensions"]] == ["20.75", "11.25", "16.5"]
    assert result["distance_to_next_level"]["target_level_name"] == "三级"
    # the same code path as the API: the printed result is evaluate(...).to_dict()
    del result["indicator_set_source"]
    assert result == json.loads(json.dumps(evaluate(defn, sample_document()).to_dict()))


def test_the_stored_version_is_used_once_imported():
    indicator_sets_load()
    result, _ = run("--indicator-set", "2024-manufacturing", "--set-version", "2024.1", "--compact", str(SAMPLE))
    assert result["indicator_set_source"]["source"] == "database"
    assert result["version"] == "2024.1"


def test_invalid_answers_exit_2_with_the_error_as_json(tmp_path: Path):
    doc = sample_document()
    doc["answers"]["MF-01"] = ["A", "B"]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc, default=str), encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError) as exc:
        call_command(
            "assessment_score", "--indicator-set", "2024-manufacturing", str(path), stdout=StringIO(), stderr=err
        )
    assert exc.value.returncode == 2
    envelope = json.loads(err.getvalue())
    assert envelope["code"] == "assessment.invalid_answers"
    assert envelope["details"]["fields"] == {"MF-01": "MF-01 网络建设：“无”不能与其他选项同时选择"}


def test_a_file_for_another_indicator_set_is_refused(tmp_path: Path):
    doc = copy.deepcopy(json.loads(SAMPLE.read_text(encoding="utf-8")))
    doc["indicator_set"] = "2024-services"
    path = tmp_path / "other.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(CommandError, match="2024-services"):
        run("--indicator-set", "2024-manufacturing", str(path))


@pytest.mark.parametrize(("content", "message"), [(None, "cannot read"), ("{oops", "is not valid JSON")])
def test_unreadable_files_are_reported(tmp_path: Path, content, message):
    path = tmp_path / "answers.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        run("--indicator-set", "2024-manufacturing", str(path))


def test_an_unknown_indicator_set_is_reported():
    with pytest.raises(CommandError, match="指标体系“2024-services”不存在"):
        run("--indicator-set", "2024-services", str(SAMPLE))
