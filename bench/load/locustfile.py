"""The request mix of issue 13, think time 1–5 s (run through bench/load/run.sh).

60 % anonymous portal visitors (home, announcements, catalogue, search, cases), 30 % enterprise
users (log in, own assessments, messages, projects), 10 % government officers (to-do, analysis,
enterprise profiles, organizations, projects, assessments). Users and data come from
bench/load/seed.py; every seeded account has the password in SMEDT_BENCH_PASSWORD.
"""

from __future__ import annotations

import os
import random

from locust import HttpUser, between, task

PASSWORD = os.environ.get("SMEDT_BENCH_PASSWORD", "Bench-Passw0rd!2026")
ENTERPRISE_USERS = int(os.environ.get("SMEDT_BENCH_ENTERPRISE_USERS", "1000"))
COUNTIES = os.environ.get(
    "SMEDT_BENCH_COUNTIES", "410702,410703,410704,410711,410721,410724,410725,410781,410782,410783"
).split(",")
SEARCH_TERMS = ["数字化", "智能制造", "工业互联网 设备联网", "补贴 申报", "供应链 协同", "汽车零部件", "新能源", "试点"]


def _login(user: HttpUser, username: str) -> None:
    user.client.get("/api/auth/csrf", name="/api/auth/csrf")
    token = user.client.cookies.get("csrftoken", "")
    with user.client.post(
        "/api/auth/login",
        json={"username": username, "password": PASSWORD},
        headers={"X-CSRFToken": token, "Referer": user.host},
        name="/api/auth/login",
        catch_response=True,
    ) as res:
        if res.status_code != 200:
            res.failure(f"login {username}: {res.status_code} {res.text[:200]}")
    user.client.headers["X-CSRFToken"] = user.client.cookies.get("csrftoken", token)


_client_numbers = iter(range(1, 1 << 24))


class _Client(HttpUser):
    """One simulated client address (X-Bench-Client): the load comes from one machine, and the load
    test's nginx keys production's per-address limits on this header instead of the socket address."""

    abstract = True

    def on_start(self) -> None:
        n = next(_client_numbers)
        self.client.headers["X-Bench-Client"] = f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"


class Visitor(_Client):
    """Anonymous portal visitor."""

    weight = 6
    wait_time = between(1, 5)

    @task(3)
    def home(self) -> None:
        self.client.get("/api/portal/public/home")

    @task(3)
    def announcements(self) -> None:
        self.client.get(
            "/api/portal/public/announcements",
            params={"page": random.randint(1, 5)},  # noqa: S311
            name="/api/portal/public/announcements",
        )

    @task(2)
    def catalogue(self) -> None:
        self.client.get("/api/providers/catalogue")

    @task(1)
    def search(self) -> None:
        self.client.get(
            "/api/portal/public/search",
            params={"q": random.choice(SEARCH_TERMS)},  # noqa: S311
            name="/api/portal/public/search",
        )

    @task(1)
    def cases(self) -> None:
        self.client.get("/api/portal/public/cases")


class _SignedIn(_Client):
    """Logs in on start and again after a 401 (as the SPA sends the user back to the login page)."""

    abstract = True
    username = ""

    def on_start(self) -> None:
        super().on_start()
        _login(self, self.username)

    def read(self, path: str) -> None:
        with self.client.get(path, catch_response=True) as res:
            if res.status_code == 401:
                res.failure("401: signed out")
                _login(self, self.username)
            elif res.status_code != 200:
                res.failure(f"{res.status_code}")


class EnterpriseUser(_SignedIn):
    """An enterprise employee: logs in once, then reads their own records."""

    weight = 3
    wait_time = between(1, 5)

    def on_start(self) -> None:
        self.username = f"bench_ent_{random.randrange(ENTERPRISE_USERS)}"  # noqa: S311
        super().on_start()

    @task(2)
    def assessments(self) -> None:
        self.read("/api/assessment/assessments")

    @task(2)
    def messages(self) -> None:
        self.read("/api/notify/messages")

    @task(1)
    def unread(self) -> None:
        self.read("/api/notify/unread-count")

    @task(1)
    def projects(self) -> None:
        self.read("/api/projects")


class Officer(_SignedIn):
    """A county officer (or, one in five, the city administrator)."""

    weight = 1
    wait_time = between(1, 5)

    def on_start(self) -> None:
        self.username = "bench_city" if random.random() < 0.2 else f"bench_county_{random.choice(COUNTIES)}"  # noqa: S311
        super().on_start()

    @task(2)
    def todo(self) -> None:
        self.read("/api/reviews/todo")

    @task(1)
    def analysis(self) -> None:
        self.read("/api/assessment/analysis")

    @task(2)
    def profiles(self) -> None:
        self.read("/api/enterprises/profiles")

    @task(1)
    def orgs(self) -> None:
        self.read("/api/orgs")

    @task(1)
    def projects(self) -> None:
        self.read("/api/projects")

    @task(2)
    def assessments(self) -> None:
        self.read("/api/assessment/assessments")
