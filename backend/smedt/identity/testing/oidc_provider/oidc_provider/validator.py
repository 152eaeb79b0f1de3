import json
import os
from typing import Any

from oauth2_provider.oauth2_validators import OAuth2Validator


class ClaimsValidator(OAuth2Validator):  # type: ignore[misc]  # oauth2_provider ships no type hints
    """Adds each test user's claims (from OP_CLAIMS_FILE, keyed by username) to ID token and userinfo."""

    oidc_claim_scope = None  # every claim, whatever the scopes

    def get_additional_claims(self, request: Any) -> dict[str, Any]:
        with open(os.environ["OP_CLAIMS_FILE"], encoding="utf-8") as fh:
            claims = json.load(fh)
        return dict(claims.get(request.user.username, {}))
