#!/usr/bin/env python
"""A tiny CAS 3 server (django-cas-server) for the end-to-end tests. Not part of smedt."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cas_project.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
