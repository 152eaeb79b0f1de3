"""Small reference shapes shared by several apps' schemas.

A schema name is global in the OpenAPI document: two different classes with one name overwrite
each other (see core/tests/test_openapi_schema_names.py), so shared shapes live here once.
"""

from __future__ import annotations

from ninja import Schema


class RegionRef(Schema):
    code: str
    name: str


class OrgRef(Schema):
    id: int
    name: str
