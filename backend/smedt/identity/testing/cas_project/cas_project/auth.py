import json
import os
from typing import Any

from cas_server.auth import DjangoAuthUser


class ClaimsAuthUser(DjangoAuthUser):  # type: ignore[misc]  # cas_server ships no type hints
    """Django users, with each test user's attributes read from CAS_CLAIMS_FILE."""

    def attributs(self) -> dict[str, Any]:
        with open(os.environ["CAS_CLAIMS_FILE"], encoding="utf-8") as fh:
            return dict(json.load(fh).get(self.username, {}))
