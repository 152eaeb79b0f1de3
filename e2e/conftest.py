"""Browser tests: a real server (gunicorn + worker on a fresh SQLite database with the demo data)
driven by Playwright in Debian's Chromium, headless."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
BACKEND = ROOT / "backend"
CHROMIUM = os.environ.get("SMEDT_CHROMIUM", "/usr/bin/chromium")
DEMO_PASSWORD = "Demo@2026smedt"
ARTIFACTS = ROOT / "e2e" / ".artifacts"
# The machine running the browser tests is often shared and loaded (several suites, two files at a time):
# waits are for the right condition with room to spare, never shortened to make a run faster.
ACTION_TIMEOUT = 30_000  # ms: clicks, fills, navigation, responses (the browser context's default)
EXPECT_TIMEOUT = 20_000  # ms: `expect(...)` assertions retry this long (Playwright's own default is 5 s)
DOWNLOAD_TIMEOUT = 90_000  # ms: a download rendered on request (PDF reports, contracts) or a background export
JOB_TIMEOUT = 90_000  # ms: a background job (export, matching run, worker task) reaching its end state
# what the running server was started with, for tests that must act on its database directly
SERVER: dict[str, object] = {}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_ready(url: str, timeout: float = 180) -> None:
    timeout = float(os.environ.get("SMEDT_E2E_READY_TIMEOUT", timeout))  # a loaded machine starts slowly
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:  # noqa: S310 - loopback only
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"server not ready at {url}")


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data_dir = tmp_path_factory.mktemp("smedt-e2e")
    env = {
        **os.environ,
        "SMEDT_SECRET_KEY": secrets.token_hex(32),
        "SMEDT_DATA_KEY": secrets.token_hex(16),
        "SMEDT_INDEX_KEY": secrets.token_hex(32),
        "SMEDT_AUDIT_KEY": secrets.token_hex(32),
        "SMEDT_DATA_DIR": str(data_dir),
        "SMEDT_DEMO_PASSWORD": DEMO_PASSWORD,
        # other browser tests change projects on the same server while the dashboard test compares its
        # numbers with the lists: no minute-long cache in between
        "SMEDT_INSIGHTS_CACHE_SECONDS": "0",
        "SMEDT_INSIGHTS_SUMMARY_MAX_AGE": "0",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    env.pop("DATABASE_URL", None)
    py = sys.executable
    # the national platform: a local receiver process verifying signatures and idempotency keys
    national_key = secrets.token_hex(16)
    national_port = _free_port()
    national = subprocess.Popen(
        [py, "manage.py", "national_receiver", "--port", str(national_port), "--hmac-key", national_key],
        cwd=BACKEND, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    env.update(
        SMEDT_NATIONAL_TRANSPORT="http",
        SMEDT_NATIONAL_URL=f"http://127.0.0.1:{national_port}/",
        SMEDT_NATIONAL_HMAC_KEY=national_key,
    )
    SERVER["national"] = f"http://127.0.0.1:{national_port}/"
    # the SMS gateway for policy pushes: a local process that checks each request's signature the way
    # Alibaba Cloud documents it and posts the delivery receipts back to the server
    port = _free_port()
    sms_port = _free_port()
    sms_log = data_dir / "sms-gateway.jsonl"
    receipt_token = secrets.token_hex(8)
    sms_gateway = subprocess.Popen(
        [py, str(BACKEND / "smedt" / "notify" / "tests" / "gateway_stand_in.py"), str(sms_port), str(sms_log),
         f"http://127.0.0.1:{port}/api/sms/receipts/", receipt_token],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    env.update(
        SMEDT_SMS_BACKEND_MARKETING="smedt.notify.sms_gateways.AliyunSmsBackend",
        SMEDT_SMS_ALIYUN_ENDPOINT=f"http://127.0.0.1:{sms_port}/",
        SMEDT_SMS_ALIYUN_ACCESS_KEY_ID="LTAI-test",
        SMEDT_SMS_ALIYUN_ACCESS_KEY_SECRET="aliyun-secret",
        SMEDT_SMS_SIGN_NAME="新乡市中小企业服务平台",
        SMEDT_SMS_RECEIPT_TOKEN=receipt_token,
        SMEDT_PUSH_QUIET_HOURS="0-0",  # the browser test pushes at any hour
    )
    SERVER["sms_log"] = sms_log
    subprocess.run([py, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=BACKEND, env=env, check=True)
    subprocess.run([py, "manage.py", "load_demo", "--quiet-accounts"], cwd=BACKEND, env=env, check=True)
    log = open(data_dir / "server.log", "w")  # noqa: SIM115
    procs = [
        national,
        sms_gateway,
        subprocess.Popen(
            [py, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "2",
             "--timeout", "60"],
            cwd=BACKEND, env=env, stdout=log, stderr=subprocess.STDOUT,
        ),
        subprocess.Popen([py, "manage.py", "run_worker"], cwd=BACKEND, env=env, stdout=log, stderr=subprocess.STDOUT),
    ]
    base = f"http://127.0.0.1:{port}"
    SERVER.update(env=env, base=base, python=py)
    try:
        _wait_ready(f"{base}/api/health/ready")
        yield base
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
        log.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser: Browser, server: str, request: pytest.FixtureRequest) -> Iterator[Page]:
    context = browser.new_context(base_url=server, locale="zh-CN", viewport={"width": 1440, "height": 900})
    context.set_default_timeout(ACTION_TIMEOUT)
    pg = context.new_page()
    # the Content-Security-Policy must not block anything the SPA does: any refusal fails the test
    csp_violations: list[str] = []
    pg.on(
        "console",
        lambda msg: csp_violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    yield pg
    passed = getattr(request.node, "rep_call", None)
    if passed is not None and passed.passed:
        assert csp_violations == [], f"blocked by the Content-Security-Policy: {csp_violations}"
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.fixture(autouse=True)
def _patient_expect() -> Iterator[None]:
    """Every test's assertions wait `EXPECT_TIMEOUT` (a test may lengthen one wait with `timeout=`)."""
    expect.set_options(timeout=EXPECT_TIMEOUT)
    yield
    expect.set_options(timeout=EXPECT_TIMEOUT)


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    rep = outcome.get_result()  # type: ignore[attr-defined]
    setattr(item, f"rep_{rep.when}", rep)


def fill(scope: Page | Locator, testid: str, value: str) -> None:
    """Fill an Element Plus input by test id, whether the id landed on the <input> or its wrapper."""
    target = scope.get_by_test_id(testid)
    inner = target.locator("input, textarea")
    (inner.first if inner.count() else target).fill(value)


def login(page: Page, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/login")
    fill(page, "login-username", username)
    fill(page, "login-password", password)
    page.get_by_test_id("login-submit").click()
    page.wait_for_url("**/workspace**")


def logout(page: Page) -> None:
    page.context.clear_cookies()


def manage(*args: str) -> str:
    """Run a management command against the running server's database; returns its output."""
    env = SERVER["env"]
    out = subprocess.run(
        [str(SERVER["python"]), "manage.py", *args], cwd=BACKEND, env=env, check=True, capture_output=True, text=True  # type: ignore[arg-type]
    )
    return out.stdout


def export_download(page: Page, tmp_path: Path, scope: Page | Locator | None = None) -> tuple[str, bytes]:
    """Click a list's 导出 (a background job), follow its progress until done, then 下载 the file.

    Returns the suggested file name and the bytes."""
    root = scope or page
    with page.expect_response(lambda r: r.request.method == "POST" and r.url.endswith("/api/exports")) as started:
        root.get_by_test_id("export").click()
    assert started.value.status == 202, started.value.text()
    job_id = started.value.json()["id"]
    done = root.locator(f"[data-testid='export-job'][data-job-id='{job_id}']")
    expect(done).to_have_attribute("data-status", "succeeded", timeout=JOB_TIMEOUT)
    expect(done.get_by_test_id("export-progress")).to_contain_text("已导出")
    with page.expect_download(timeout=DOWNLOAD_TIMEOUT) as info:
        done.get_by_test_id("export-download").click()
    target = tmp_path / f"{job_id}-{info.value.suggested_filename}"
    info.value.save_as(target)
    return info.value.suggested_filename, target.read_bytes()
