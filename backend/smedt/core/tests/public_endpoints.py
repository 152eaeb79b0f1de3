"""The declared exceptions of the endpoint matrix (test_endpoint_matrix.py).

Every operation of the API is signed-in-only and role-checked unless it is listed here. Keys are
``"METHOD /api/path/{param}"`` exactly as the OpenAPI schema names them; each entry says why.
A new endpoint that is not listed must refuse an anonymous visitor (401) and a signed-in user
without any role (401/403/404) — the matrix fails CI otherwise.
"""

from __future__ import annotations

# Answer an anonymous visitor (no session) with something other than 401.
PUBLIC: dict[str, str] = {
    # --- probes and the site shell
    "GET /api/health/live": "liveness probe for the orchestrator",
    "GET /api/health/ready": "readiness probe for the orchestrator",
    "GET /api/public/site": "platform and city name on the login page",
    "GET /api/funds/public/subsidies": "奖补名单 on the portal: approved subsidies, public fields only",
    # --- signing in
    "GET /api/auth/csrf": "the CSRF cookie the login form needs",
    "GET /api/auth/session": "who is signed in: 200 with authenticated=false for a visitor (no console 401)",
    "POST /api/auth/login": "local login",
    "GET /api/auth/login-challenge": "SM2 key + nonce for the encrypted login password",
    "GET /api/auth/captcha": "captcha after repeated login failures",
    "POST /api/identity/sms/send": "one-time code for SMS login",
    "POST /api/identity/sms/login": "SMS login",
    "GET /api/identity/enabled": "the unified-login buttons on the login page",
    "GET /api/identity/{slug}/start": "redirect to the provincial identity provider",
    "GET /api/identity/{slug}/callback": "identity provider redirects the browser back (OIDC/CAS)",
    "POST /api/identity/{slug}/callback": "identity provider posts the browser back (form_post/ticket)",
    "POST /api/identity/{slug}/backchannel-logout": "server-to-server single logout, signed by the provider",
    "GET /api/identity/{slug}/logout": "front-channel single logout from the provider",
    "POST /api/identity/{slug}/events": "signed account push from the provider (verified by signature)",
    "POST /api/sms/receipts/aliyun": "Alibaba Cloud SMS delivery receipts (shared token in the URL)",
    "POST /api/sms/receipts/tencent": "Tencent Cloud SMS delivery receipts (shared token in the URL)",
    "POST /api/sms/receipts/http": "generic SMS platform delivery receipts (HMAC-signed)",
    # --- self-registration of an organization
    "GET /api/regions/tree": "region picker on the registration form",
    "GET /api/orgs/check-credit-code": "credit-code check on the registration form",
    "POST /api/orgs/register": "self-registration, verified afterwards by the county",
    # --- the public portal: published content only
    "GET /api/portal/public/home": "portal home page",
    "GET /api/portal/public/categories": "portal navigation",
    "GET /api/portal/public/scenarios": "portal scenario filter",
    "GET /api/portal/public/announcements": "published announcements",
    "GET /api/portal/public/announcements/{announcement_id}": "one published announcement",
    "GET /api/portal/public/cases": "published typical cases",
    "GET /api/portal/public/cases/{case_id}": "one published typical case",
    "GET /api/portal/public/needs": "published needs (contacts masked)",
    "GET /api/portal/public/needs/{need_id}": "one published need",
    "GET /api/portal/public/offers": "published offers",
    "GET /api/portal/public/offers/{offer_id}": "one published offer",
    "GET /api/portal/public/search": "full-text search over published content",
    "GET /api/portal/public/files/{file_id}": "images/attachments of published content only",
    "GET /api/providers/scenarios": "catalogue filter",
    "GET /api/providers/catalogue": "public product catalogue (listed products only)",
    "GET /api/providers/catalogue/{product_id}": "one listed product",
    "GET /api/enterprises/recruitment/public": "published recruitment posts",
    # --- publicity (公示) is public by law; objections need a sign-in
    "GET /api/applications/public/publicity": "application (申报) publicity list",
    "GET /api/applications/public/results": "published application results (入选名单) on the portal",
    # --- results dashboard on the portal: aggregates only, no names or amounts
    "GET /api/insights/public": "public results summary (counts per county / industry / stage)",
    # --- 惠企政策专区: published, unexpired policies only
    "GET /api/policies/public": "public policy zone list",
    "GET /api/policies/public/meta": "policy zone filter options (levels, departments, support types)",
    "GET /api/policies/public/{policy_id}": "one published policy with its confirmed conditions",
    "GET /api/policies/public/{policy_id}/files/{file_id}": "an attachment of a published policy",
    # --- 产业链场景库 on the portal: published scenarios, counts only (no enterprise names)
    "GET /api/industry/public/scenarios": "the public scenario library",
    "GET /api/industry/public/scenarios/{scenario_id}": "one published scenario with its matching products and cases",
    # --- anyone holding a contract PDF may check its SM2 signatures
    "POST /api/projects/contracts/verify": "contract verification by upload",
}

# Answer a signed-in user WITHOUT any role with 2xx: about the user themself, or reference data every
# signed-in screen needs. Everything else must give that user 401/403/404 (or a 4xx refusal) and
# change nothing.
SELF: dict[str, str] = {
    "GET /api/auth/me": "who am I",
    "POST /api/auth/logout": "log out",
    "POST /api/auth/password": "change my password (old password required)",
    "GET /api/notify/messages": "my messages",
    "GET /api/notify/unread-count": "my unread count",
    "POST /api/notify/messages/read-all": "mark my messages read",
    "POST /api/notify/messages/{message_id}/read": "mark one of my messages read (another's is 404)",
    "GET /api/reviews/mine": "review requests I submitted",
    "GET /api/reviews/todo": "my to-do list (empty without a role)",
    "GET /api/reviews/done": "reviews I decided (empty without a role)",
    "GET /api/workspace/summary": "my 工作台: my to-dos, items and alerts (empty without a role)",
    "POST /api/identity/{slug}/link": "bind my account to a provincial identity",
    "POST /api/files": "upload an attachment of my own (only I read it until a record of mine links it)",
    "GET /api/exports": "my export jobs (another user's are never listed)",
    "POST /api/exports": "start an export of my own: each kind checks its permission and scope (403/404), "
    "an unknown kind or bad filters are 422 (exports/tests)",
}

# Reference data every signed-in screen needs, readable with or without a role.
SIGNED_IN: dict[str, str] = {
    "GET /api/dicts/{code}/items": "dictionary items feed every form's selects",
}
