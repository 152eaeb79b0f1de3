"""Create the test users and the service pattern for smedt (run with manage.py shell)."""

import json
import os

from cas_server.models import ReplaceAttributName, ServicePattern
from django.contrib.auth.models import User

for username, password in json.loads(os.environ["CAS_USERS"]).items():
    User.objects.create_user(username=username, password=password)
pattern = ServicePattern.objects.create(
    pos=1, name="smedt", pattern=os.environ["CAS_SERVICE_PATTERN"], single_log_out=True
)
ReplaceAttributName.objects.create(name="*", service_pattern=pattern)
