#!/usr/bin/env python
"""A tiny OpenID provider (django-oauth-toolkit with OIDC) for the end-to-end tests. Not part of smedt."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "oidc_provider.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
