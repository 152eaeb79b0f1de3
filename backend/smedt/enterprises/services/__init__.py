"""Writes of the enterprises app. Other modules use only these entry points:

- ``pilot.pilot_can_start_project(org_id)`` (projects), ``pilot.pilot_level_record(org_id=, level=)`` (assessment)
- ``smedt.enterprises.archive.archive_part_register(key, builder)`` (projects / results / funds parts of the archive)
- ``pilot.profile_snapshot(org)`` to pre-fill later forms from 一企一档
"""
