"""Create the test users and our client application (run with manage.py shell)."""

import json
import os

from django.contrib.auth.models import User
from oauth2_provider.models import Application

for username, password in json.loads(os.environ["OP_USERS"]).items():
    User.objects.create_user(username=username, password=password)
Application.objects.create(
    name="smedt",
    client_id=os.environ["OP_CLIENT_ID"],
    client_secret=os.environ["OP_CLIENT_SECRET"],
    client_type=Application.CLIENT_CONFIDENTIAL,
    authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
    redirect_uris=os.environ["OP_REDIRECT_URIS"],
    post_logout_redirect_uris=os.environ.get("OP_POST_LOGOUT_URIS", ""),
    skip_authorization=True,
    algorithm=Application.RS256_ALGORITHM,
)
