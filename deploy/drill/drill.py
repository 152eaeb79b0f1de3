"""`make drill` — the production topology on one machine, under load, with three failures.

Debian's nginx (TLS, the production snippets from deploy/nginx/) in front of TWO gunicorn nodes
(sync workers) on a private PostgreSQL 15 instance (own data directory and port, database
`smedt_drill`), one worker and one scheduler kept alive by the same supervisor as `make run`.
While a bounded load runs (readers and writers through nginx):

1. the worker is killed with SIGKILL during a RUNNING task → the lease reaper returns the task
   and it completes exactly once on the restarted worker;
2. one web node is killed with SIGKILL → at most 0.1 % of requests fail (nginx retries
   idempotent requests on the other node: `proxy_next_upstream`);
3. PostgreSQL is restarted (`pg_ctl restart -m immediate`, i.e. a crash) → the API answers again
   within 10 s and every write the API acknowledged (201) is in the database.

Then nginx's own rules are checked: upload limit (413 envelope), gzip/brotli, security headers,
login rate limit. Results are printed and written to $SMEDT_DRILL_DIR/report.json; the exit
status is 0 only when every criterion holds. The machine's own PostgreSQL (5432) and ports
80/443/8000 are never touched.

Run from backend/: `uv run --frozen python ../deploy/drill/drill.py` (what `make drill` does).
"""

# ruff: noqa: S108, S603, S607 - subprocesses with fixed argv; the drill's scratch directory is /tmp/smedt-drill by design (SMEDT_DRILL_DIR)
from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

BACKEND = Path(__file__).resolve().parents[2] / "backend"
REPO = BACKEND.parent
DEPLOY = REPO / "deploy"
ROOT = Path(os.environ.get("SMEDT_DRILL_DIR", "/tmp/smedt-drill"))
PG_BIN = Path(os.environ.get("SMEDT_DRILL_PG_BIN", "/usr/lib/postgresql/15/bin"))
PG_PORT = int(os.environ.get("SMEDT_DRILL_PG_PORT", "55432"))
DB_NAME = "smedt_drill"
LOAD_SECONDS = float(os.environ.get("SMEDT_DRILL_LOAD_SECONDS", "75"))
READERS = 6
WRITERS = 2
THINK = 0.02  # seconds between a thread's requests
LEASE = 6  # SMEDT_TASK_LEASE_SECONDS for the drill: a dead worker's task is reaped within 6 s + one reaper period

log = logging.getLogger("drill")


def say(msg: str) -> None:
    print(f"[drill {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def as_postgres(cmd: list[str]) -> list[str]:
    """initdb/pg_ctl refuse to run as root: run them as the postgres user then."""
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


def run(cmd: list[str], **kw: Any) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(cmd, check=False, text=True, capture_output=True, **kw)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return done


# ------------------------------------------------------------------------------ PostgreSQL


class Postgres:
    def __init__(self) -> None:
        self.data = ROOT / "pg"
        self.sock = ROOT / "pgsock"
        self.logfile = ROOT / "postgresql.log"

    def _ctl(self, *args: str) -> None:
        run(as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.logfile), *args]))

    def start_fresh(self) -> None:
        for path in (self.data, self.sock):
            path.mkdir(parents=True)
            if os.geteuid() == 0:
                shutil.chown(path, "postgres", "postgres")
        if os.geteuid() == 0:
            self.logfile.touch()
            shutil.chown(self.logfile, "postgres", "postgres")
        run(
            as_postgres(
                [
                    str(PG_BIN / "initdb"),
                    "-D",
                    str(self.data),
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "--encoding=UTF8",
                    "--locale=C",
                ]
            )
        )
        opts = f"-p {PG_PORT} -k {self.sock} -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=100 -c checkpoint_timeout=30s"
        # crash recovery starts by syncing the data directory; syncfs (Linux, PG >= 14) does it in one call
        opts += " -c recovery_init_sync_method=syncfs"
        self._ctl("-o", opts, "-w", "start")
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={PG_PORT} user=postgres dbname=postgres", autocommit=True) as c:
            c.execute(f"CREATE DATABASE {DB_NAME}")

    def checkpoint(self) -> None:
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={PG_PORT} user=postgres dbname=postgres", autocommit=True) as c:
            c.execute("CHECKPOINT")

    def restart_crash(self) -> None:
        """Stop without a checkpoint (like a crash or power loss), then start: WAL recovery."""
        self._ctl("-m", "immediate", "-w", "restart")

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self._ctl("-m", "fast", "-w", "stop")


# ------------------------------------------------------------------------------ nginx


def nginx_config(port: int, nodes: list[int], cert: Path, key: Path) -> Path:
    """The production http-level file and snippets, with this drill's upstream, ports and paths."""
    prefix = ROOT / "nginx"
    (prefix / "snippets").mkdir(parents=True)
    if Path("/usr/lib/nginx/modules").is_dir():  # Debian's modules-enabled/*.conf load modules/… from the prefix
        (prefix / "modules").symlink_to("/usr/lib/nginx/modules")
    for tmp in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (prefix / "tmp" / tmp).mkdir(parents=True)
        os.chmod(prefix / "tmp" / tmp, 0o777)  # noqa: S103 - nginx workers run as nobody; drill scratch only
    for snippet in (DEPLOY / "nginx" / "snippets").glob("*.conf"):
        shutil.copy(snippet, prefix / "snippets" / snippet.name)
    http_conf = (DEPLOY / "nginx" / "smedt-http.conf").read_text(encoding="utf-8")
    upstream = (
        "upstream smedt_web {\n"
        + "".join(f"    server 127.0.0.1:{p} max_fails=2 fail_timeout=10s;\n" for p in nodes)
        + "    keepalive 16;\n}"
    )
    http_conf, n = re.subn(r"upstream smedt_web \{.*?\n\}", upstream, http_conf, flags=re.S)
    assert n == 1, "deploy/nginx/smedt-http.conf has no upstream smedt_web block"
    # one client address generates all the load: lift the general API limit, keep login/search limits
    http_conf = http_conf.replace("zone=smedt_api:20m      rate=50r/s", "zone=smedt_api:20m      rate=2000r/s")
    (prefix / "smedt-http.conf").write_text(http_conf, encoding="utf-8")
    brotli = any("brotli" in p.name for p in Path("/etc/nginx/modules-enabled").glob("*.conf"))
    dist = Path(os.environ.get("SMEDT_FRONTEND_DIST", REPO / "frontend" / "dist"))
    conf = f"""
{"include /etc/nginx/modules-enabled/*.conf;" if brotli else ""}
worker_processes 2;
pid {prefix}/nginx.pid;
error_log {ROOT}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    client_body_temp_path {prefix}/tmp/body;
    proxy_temp_path {prefix}/tmp/proxy;
    fastcgi_temp_path {prefix}/tmp/fastcgi;
    uwsgi_temp_path {prefix}/tmp/uwsgi;
    scgi_temp_path {prefix}/tmp/scgi;
    include smedt-http.conf;
    {"include snippets/smedt-brotli.conf;" if brotli else ""}
    server {{
        listen 127.0.0.1:{port} ssl;
        server_name 127.0.0.1;
        ssl_certificate {cert};
        ssl_certificate_key {key};
        ssl_protocols TLSv1.2 TLSv1.3;
        root {dist};
        access_log {ROOT}/nginx-access.log smedt_json;
        include snippets/smedt-locations.conf;
    }}
}}
"""
    path = prefix / "nginx.conf"
    path.write_text(conf, encoding="utf-8")
    return path


# ------------------------------------------------------------------------------ load


@dataclass
class Sample:
    start: float
    end: float
    kind: str
    status: int  # 0 = no HTTP answer


@dataclass
class Load:
    base: str
    cert: str
    users: list[tuple[str, str, int]]  # username, password, org id
    scenario: str
    samples: list[Sample] = field(default_factory=list)
    acked_ids: list[int] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, start: float, kind: str, status: int) -> None:
        with self.lock:
            self.samples.append(Sample(start, time.monotonic(), kind, status))

    def session(self) -> requests.Session:
        s = tls_session(self.cert)
        # as a browser does: Django checks Origin (against SMEDT_CSRF_TRUSTED_ORIGINS) on HTTPS writes
        s.headers["Origin"] = self.base
        s.headers["Referer"] = self.base + "/"
        return s

    def login(self, username: str, password: str) -> requests.Session:
        s = self.session()
        token = s.get(f"{self.base}/api/auth/csrf", timeout=10).json()["csrf_token"]
        s.headers["X-CSRFToken"] = token
        res = s.post(f"{self.base}/api/auth/login", json={"username": username, "password": password}, timeout=10)
        res.raise_for_status()
        s.headers["X-CSRFToken"] = res.cookies.get("csrftoken") or token  # rotated at login
        return s

    def reader(self, n: int) -> None:
        s = self.session()
        paths = [
            ("ready", "/api/health/ready"),
            ("site", "/api/public/site"),
            ("announcements", "/api/portal/public/announcements?page_size=10"),
            ("needs", "/api/portal/public/needs?page_size=10"),
            ("spa", "/"),
        ]
        i = n
        while not self.stop.is_set():
            kind, path = paths[i % len(paths)]
            i += 1
            t = time.monotonic()
            try:
                status = s.get(self.base + path, timeout=30).status_code
            except requests.RequestException:
                status = 0
            self.record(t, kind, status)
            time.sleep(THINK)

    def writer(self, n: int) -> None:
        username, password, org_id = self.users[n % len(self.users)]
        try:
            s = self.login(username, password)
        except Exception as exc:
            say(f"writer {n} could not sign in: {exc}")
            self.record(time.monotonic(), "login", 0)
            return
        # one attachment each, so the backup at the end has files to digest and restore
        t = time.monotonic()
        pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + f"% drill writer {n}\n".encode()
        try:
            status = s.post(
                f"{self.base}/api/files", files={"file": (f"演练附件{n}.pdf", pdf, "application/pdf")}, timeout=30
            ).status_code
        except requests.RequestException:
            status = 0
        self.record(t, "upload", status)
        i = 0
        while not self.stop.is_set():
            i += 1
            t = time.monotonic()
            body = {
                "org_id": org_id,
                "title": f"演练需求 {n}-{i}",
                "problem": "压力演练写入，用于核对数据库重启后已确认的写入是否全部保留。",
                "scenario_code": self.scenario,
            }
            try:
                res = s.post(f"{self.base}/api/portal/needs", json=body, timeout=30)
                status = res.status_code
                if status == 201:
                    with self.lock:
                        self.acked_ids.append(int(res.json()["id"]))
            except requests.RequestException:
                status = 0
            self.record(t, "write", status)
            if i % 3 == 0:  # and a read of the own list, authenticated
                t = time.monotonic()
                try:
                    status = s.get(f"{self.base}/api/portal/needs?page_size=5", timeout=30).status_code
                except requests.RequestException:
                    status = 0
                self.record(t, "own-needs", status)
            time.sleep(THINK)


def by_kind(samples: list[Sample]) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for sample in samples:
        counts = out.setdefault(sample.kind, {})
        counts[str(sample.status)] = counts.get(str(sample.status), 0) + 1
    return out


def tls_session(cert: str) -> requests.Session:
    s = requests.Session()
    s.trust_env = False  # no proxy and no REQUESTS_CA_BUNDLE from the environment: straight to our nginx
    s.verify = cert
    return s


def ok_status(sample: Sample) -> bool:
    return sample.status == (201 if sample.kind in ("write", "upload") else 200)


# ------------------------------------------------------------------------------ the drill


class Drill:
    def __init__(self) -> None:
        self.procs: list[subprocess.Popen[bytes]] = []
        self.pg = Postgres()
        self.supervisor: Any = None
        self.supervisor_thread: threading.Thread | None = None
        self.nginx: subprocess.Popen[bytes] | None = None
        self.nodes: dict[str, subprocess.Popen[bytes]] = {}
        self.node_ports: dict[str, int] = {}
        self.report: dict[str, Any] = {}
        self.env: dict[str, str] = {}

    # -- processes
    def spawn(self, name: str, argv: list[str]) -> subprocess.Popen[bytes]:
        logf = open(ROOT / f"{name}.log", "ab")  # noqa: SIM115 - kept open for the child's lifetime
        proc = subprocess.Popen(
            argv, cwd=BACKEND, env=self.env, stdout=logf, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.procs.append(proc)
        return proc

    def start_node(self, name: str) -> None:
        port = self.node_ports[name]
        self.nodes[name] = self.spawn(
            f"web-{name}",
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--worker-class",
                "sync",
                "--timeout",
                "120",
                "--graceful-timeout",
                "5",
            ],
        )

    def kill_group(self, proc: subprocess.Popen[bytes], sig: int = signal.SIGKILL) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=20)

    def wait_http(self, url: str, *, timeout: float, verify: str | bool = True) -> float:
        """Seconds until ``url`` answers 200."""
        t0 = time.monotonic()
        while time.monotonic() - t0 < timeout:
            try:
                if tls_session(verify).get(url, timeout=2).status_code == 200:  # type: ignore[arg-type]
                    return time.monotonic() - t0
            except requests.RequestException:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"{url} did not answer within {timeout} s")

    # -- main
    def run(self) -> int:
        started = time.monotonic()
        sys.path.insert(0, str(BACKEND))
        if ROOT.exists():
            say(f"removing the previous drill in {ROOT}")
            self.cleanup_stale()
            shutil.rmtree(ROOT)
        ROOT.mkdir(parents=True)
        os.chmod(ROOT, 0o755)  # noqa: S103 - the postgres user must reach its data directory
        dist = Path(os.environ.get("SMEDT_FRONTEND_DIST", REPO / "frontend" / "dist"))
        if not (dist / "index.html").is_file():
            say("the SPA is not built: run `make frontend-build` (make drill does) first")
            return 2
        run(["bash", str(REPO / "scripts" / "ensure-nginx.sh")])

        say(f"PostgreSQL 15: a private instance on port {PG_PORT}, data in {self.pg.data}")
        self.pg.start_fresh()
        nginx_port, a_port, b_port = free_port(), free_port(), free_port()
        self.node_ports = {"a": a_port, "b": b_port}
        base = f"https://127.0.0.1:{nginx_port}"
        self.env = dict(os.environ)
        self.env.update(
            {
                "DJANGO_SETTINGS_MODULE": "config.settings",
                "DATABASE_URL": f"postgres://postgres@127.0.0.1:{PG_PORT}/{DB_NAME}",
                "SMEDT_DB_CONN_MAX_AGE": "60",
                "SMEDT_DATA_DIR": str(ROOT / "data"),
                "SMEDT_SECRET_KEY": secrets.token_hex(32),
                "SMEDT_DATA_KEY": secrets.token_hex(16),
                "SMEDT_INDEX_KEY": secrets.token_hex(32),
                "SMEDT_AUDIT_KEY": secrets.token_hex(32),
                "SMEDT_DEBUG": "0",
                "SMEDT_ALLOWED_HOSTS": "127.0.0.1,localhost",
                "SMEDT_CSRF_TRUSTED_ORIGINS": base,
                "SMEDT_SECURE_COOKIES": "1",
                "SMEDT_TRUST_X_FORWARDED_FOR": "1",
                "SMEDT_LOGIN_ALLOW_PLAIN_PASSWORD": "true",  # the load generator does not SM2-encrypt
                "SMEDT_MAX_SESSIONS_PER_USER": "0",
                "SMEDT_TASK_LEASE_SECONDS": str(LEASE),
                "SMEDT_FRONTEND_DIST": str(dist),
                "PYTHONUNBUFFERED": "1",
            }
        )
        os.environ.update(self.env)
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections

        t = time.monotonic()
        call_command("migrate", verbosity=0, interactive=False)
        call_command("load_demo", quiet_accounts=True, verbosity=0)
        self.report["setup_seconds"] = round(time.monotonic() - t, 1)
        say(f"migrated and loaded the demo data in {self.report['setup_seconds']} s")
        self.pg.checkpoint()  # steady state: setup's WAL is not replayed at the crash (checkpoint_timeout=30s)

        from smedt.orgs.models import Organization
        from smedt.portal.models import Need

        users = [
            ("huarui_user", Organization.objects.get(name="长垣华瑞起重装备有限公司").pk),
            ("hongqi_parts_user", Organization.objects.get(name="新乡红旗汽车零部件有限公司").pk),
        ]
        password = os.environ.get("SMEDT_DEMO_PASSWORD", "Demo@2026smedt")
        connections.close_all()

        # TLS certificate for 127.0.0.1
        cert, key = ROOT / "tls.crt", ROOT / "tls.key"
        run(
            [
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=127.0.0.1",
                "-addext",
                "subjectAltName=IP:127.0.0.1",
                "-keyout",
                str(key),
                "-out",
                str(cert),
            ]
        )
        os.chmod(key, 0o644)  # a throw-away drill key, read by nginx workers (nobody)

        # web nodes, nginx, worker + scheduler under the supervisor
        for name in ("a", "b"):
            self.start_node(name)
        for name, port in self.node_ports.items():
            self.wait_http(f"http://127.0.0.1:{port}/api/health/live", timeout=90)
            say(f"web node {name} up on 127.0.0.1:{port}")
        conf = nginx_config(nginx_port, [a_port, b_port], cert, key)
        prefix = str(conf.parent)
        run(["nginx", "-t", "-p", prefix, "-c", str(conf)])
        self.nginx = self.spawn("nginx", ["nginx", "-p", prefix, "-c", str(conf), "-g", "daemon off;"])
        self.wait_http(f"{base}/api/health/ready", timeout=30, verify=str(cert))
        say(f"nginx (TLS) on {base} → nodes {a_port}, {b_port}")

        from smedt.taskqueue.supervisor import Program, Supervisor

        handler = logging.FileHandler(ROOT / "supervisor.log")
        handler.setFormatter(logging.Formatter("%(asctime)s [supervisor] %(message)s"))
        sup_log = logging.getLogger("smedt.supervisor")
        sup_log.addHandler(handler)
        sup_log.setLevel(logging.INFO)
        manage = str(BACKEND / "manage.py")
        self.supervisor = Supervisor(
            [
                Program(
                    "worker",
                    [
                        sys.executable,
                        manage,
                        "run_worker",
                        "--no-startup-delay",
                        "--interval",
                        "0.2",
                        "--heartbeat-interval",
                        "1",
                    ],
                    cwd=str(BACKEND),
                    env=self.env,
                    log_path=str(ROOT / "worker.log"),
                ),
                Program(
                    "scheduler",
                    [sys.executable, manage, "run_scheduler", "--interval", "1", "--lease-seconds", "5"],
                    cwd=str(BACKEND),
                    env=self.env,
                    log_path=str(ROOT / "scheduler.log"),
                ),
            ],
            stop_timeout=10,
        )
        self.supervisor_thread = threading.Thread(target=self.supervisor.run, daemon=True)
        self.supervisor_thread.start()

        # the load
        from smedt.portal.services.common import scenario_names

        scenario = sorted(scenario_names())[0]
        connections.close_all()
        load = Load(base=base, cert=str(cert), users=[(u, password, org) for u, org in users], scenario=scenario)
        threads = [threading.Thread(target=load.reader, args=(i,), daemon=True) for i in range(READERS)]
        threads += [threading.Thread(target=load.writer, args=(i,), daemon=True) for i in range(WRITERS)]
        for th in threads:
            th.start()
            time.sleep(0.2)
        t0 = time.monotonic()
        say(f"load: {READERS} readers + {WRITERS} writers for {LOAD_SECONDS:.0f} s")

        def at(seconds: float) -> None:
            delay = t0 + seconds - time.monotonic()
            if delay > 0:
                time.sleep(delay)

        # 1. kill the worker during a RUNNING task
        from django_tasks import TaskResultStatus
        from django_tasks_db.models import DBTaskResult

        from smedt.taskqueue.models import TaskAttemptLog
        from smedt.taskqueue.tests.tasks_for_tests import read_lines, slow_first_time

        effects = str(ROOT / "task-effects.txt")
        at(2)
        task = slow_first_time.enqueue(effects, 600.0)
        deadline = time.monotonic() + 30
        while read_lines(effects) != ["start"] and time.monotonic() < deadline:
            time.sleep(0.1)
        running = DBTaskResult.objects.get(pk=task.id).status
        worker_pid = self.supervisor.pids()["worker"]
        connections.close_all()
        os.kill(worker_pid, signal.SIGKILL)
        t_worker_kill = time.monotonic()
        wall_worker_kill = time.time()
        say(f"killed the worker (pid {worker_pid}) while task {task.id} was {running}")

        # 2. kill web node a; bring it back 20 s later (as systemd's Restart=on-failure would, slower)
        at(15)
        self.kill_group(self.nodes["a"])
        t_node_kill = time.monotonic() - t0
        say("killed web node a (SIGKILL to the master and its workers)")
        at(35)
        self.start_node("a")
        say("restarted web node a")

        # 3. crash-restart PostgreSQL
        at(50)
        connections.close_all()
        t_pg = time.monotonic()
        say("PostgreSQL: immediate stop (crash) and restart")
        self.pg.restart_crash()
        t_pg_up = time.monotonic()
        t_api = t_pg_up + self.wait_http(f"{base}/api/health/ready", timeout=60, verify=str(cert))
        say(f"PostgreSQL accepting after {t_pg_up - t_pg:.1f} s; the API ready after {t_api - t_pg:.1f} s")

        at(LOAD_SECONDS)
        load.stop.set()
        for th in threads:
            th.join(timeout=60)
        say(f"load stopped: {len(load.samples)} requests")

        # the task: exactly once after the reaper
        deadline = t_worker_kill + 120
        status = None
        while time.monotonic() < deadline:
            row = DBTaskResult.objects.get(pk=task.id)
            status = row.status
            if status in (TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED):
                break
            connections.close_all()
            time.sleep(0.5)
        row = DBTaskResult.objects.get(pk=task.id)
        effects_lines = read_lines(effects)
        lost = TaskAttemptLog.objects.filter(task_result_id=task.id).count()
        task_ok = (
            running == TaskResultStatus.RUNNING
            and row.status == TaskResultStatus.SUCCESSFUL
            and effects_lines.count("done") == 1
            and len(row.worker_ids) == 2
            and lost == 1
        )
        finished_after = row.finished_at.timestamp() - wall_worker_kill if row.finished_at else None

        # writes: every acknowledged id is in the database
        acked = sorted(set(load.acked_ids))
        present = Need.objects.filter(pk__in=acked).count()
        connections.close_all()

        # failures, with the database-restart window apart
        window = (t_pg, t_api)
        in_window = [s for s in load.samples if s.end >= window[0] and s.start <= window[1]]
        outside = [s for s in load.samples if not (s.end >= window[0] and s.start <= window[1])]
        failed_outside = [s for s in outside if not ok_status(s)]
        failed_window = [s for s in in_window if not ok_status(s)]
        after_kill = [s for s in outside if s.start - t0 >= t_node_kill]
        latencies = [s.end - s.start for s in outside if ok_status(s)]
        rate = len(failed_outside) / max(1, len(outside))

        extra = self.nginx_checks(base, str(cert))
        restore = self.restore_drill()
        self.report.update(
            {
                "requests": len(load.samples),
                "requests_per_second": round(len(load.samples) / LOAD_SECONDS, 1),
                "by_kind": by_kind(load.samples),
                "latency_ms_p50": round(statistics.median(latencies) * 1000, 1) if latencies else None,
                "latency_ms_p95": round(statistics.quantiles(latencies, n=20)[18] * 1000, 1)
                if len(latencies) > 20
                else None,
                "node_kill": {
                    "at_second": round(t_node_kill, 1),
                    "requests_outside_db_restart": len(outside),
                    "requests_after_the_kill": len(after_kill),
                    "failed": len(failed_outside),
                    "failed_requests": [
                        {"at": round(s.start - t0, 2), "kind": s.kind, "status": s.status} for s in failed_outside[:20]
                    ],
                    "failed_rate_percent": round(rate * 100, 3),
                    "ok": rate <= 0.001,
                },
                "db_restart": {
                    "postgres_back_seconds": round(t_pg_up - t_pg, 2),
                    "api_ready_seconds": round(t_api - t_pg, 2),
                    "requests_in_window": len(in_window),
                    "failed_in_window": len(failed_window),
                    "writes_acknowledged": len(acked),
                    "writes_present": present,
                    "ok": (t_api - t_pg) <= 10 and present == len(acked),
                },
                "worker_kill": {
                    "status_when_killed": str(running),
                    "final_status": str(row.status),
                    "worker_ids": row.worker_ids,
                    "worker_lost_records": lost,
                    "effects": effects_lines,
                    "completed_seconds_after_kill": round(finished_after, 1) if finished_after else None,
                    "ok": task_ok,
                },
                "nginx": extra,
                "backup_restore": restore,
                "total_seconds": round(time.monotonic() - started, 1),
            }
        )
        ok = (
            self.report["node_kill"]["ok"]
            and self.report["db_restart"]["ok"]
            and self.report["worker_kill"]["ok"]
            and all(v["ok"] for v in extra.values())
            and restore["ok"]
        )
        self.report["ok"] = ok
        (ROOT / "report.json").write_text(json.dumps(self.report, ensure_ascii=False, indent=2), encoding="utf-8")
        print(json.dumps(self.report, ensure_ascii=False, indent=2))
        say(("PASSED" if ok else "FAILED") + f" — report in {ROOT / 'report.json'}, logs in {ROOT}")
        return 0 if ok else 1

    def restore_drill(self) -> dict[str, Any]:
        """`manage.py backup` of the drill database after all that, restored into a new database."""
        import psycopg

        archive = ROOT / "backup.tar"
        manage = [sys.executable, str(BACKEND / "manage.py")]
        t = time.monotonic()
        backup = subprocess.run(
            [*manage, "backup", "--output", str(archive)],
            cwd=BACKEND,
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
        )
        backup_seconds = time.monotonic() - t
        if backup.returncode != 0:
            return {"ok": False, "error": backup.stderr[-2000:]}
        with psycopg.connect(f"host=127.0.0.1 port={PG_PORT} user=postgres dbname=postgres", autocommit=True) as c:
            c.execute(f"CREATE DATABASE {DB_NAME}_restored")
        env = dict(self.env)
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:{PG_PORT}/{DB_NAME}_restored"
        env["SMEDT_DATA_DIR"] = str(ROOT / "restored-data")
        t = time.monotonic()
        steps = [["migrate", "--noinput", "-v", "0"], ["restore", str(archive)]]
        out = ""
        for step in steps:
            done = subprocess.run([*manage, *step], cwd=BACKEND, env=env, capture_output=True, text=True, check=False)
            out = done.stdout + done.stderr
            if done.returncode != 0:
                return {"ok": False, "step": step[0], "error": out[-2000:]}
        manifest = json.loads(
            subprocess.run(
                ["tar", "-xOf", str(archive), "manifest.json"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
        return {
            "archive_bytes": archive.stat().st_size,
            "rows": manifest["totals"]["rows"],
            "tables": manifest["totals"]["tables"],
            "files": manifest["totals"]["files"],
            "backup_seconds": round(backup_seconds, 1),
            "migrate_and_restore_seconds": round(time.monotonic() - t, 1),
            "restore_output": out.strip()[-300:],
            "ok": "恢复完成" in out,
        }

    def nginx_checks(self, base: str, cert: str) -> dict[str, dict[str, Any]]:
        s = tls_session(cert)
        out: dict[str, dict[str, Any]] = {}
        # upload over the limit: nginx answers 413 in the API's envelope before the body reaches a node
        big = b"0" * (22 * 1024 * 1024)
        try:
            res = s.post(f"{base}/api/files", data=big, headers={"Content-Type": "application/pdf"}, timeout=60)
            body = res.json() if res.headers.get("content-type", "").startswith("application/json") else {}
            out["upload_limit"] = {"status": res.status_code, "code": body.get("code"), "ok": res.status_code == 413}
        except requests.RequestException as exc:  # nginx may close the connection while the body is sent
            out["upload_limit"] = {"status": 0, "error": type(exc).__name__, "ok": False}
        index = s.get(f"{base}/", timeout=10)
        asset = re.search(r'src="(/assets/[^"]+\.js)"', index.text)
        gz = s.get(base + (asset.group(1) if asset else "/"), headers={"Accept-Encoding": "gzip"}, timeout=10)
        br = s.get(base + (asset.group(1) if asset else "/"), headers={"Accept-Encoding": "br"}, timeout=10)
        out["compression"] = {
            "gzip": gz.headers.get("Content-Encoding"),
            "brotli": br.headers.get("Content-Encoding"),
            "asset_cache": gz.headers.get("Cache-Control"),
            "ok": gz.headers.get("Content-Encoding") == "gzip",
        }
        out["spa_headers"] = {
            "csp": "Content-Security-Policy" in index.headers,
            "hsts": "Strict-Transport-Security" in index.headers,
            "index_cache": index.headers.get("Cache-Control"),
            "deep_link": s.get(f"{base}/portal/needs", timeout=10).status_code,
            "ok": "script-src 'self'" in index.headers.get("Content-Security-Policy", "")
            and "Strict-Transport-Security" in index.headers,
        }
        # login rate limit: 10/min per address with a burst of 5
        statuses = []
        for _ in range(15):
            res = s.post(f"{base}/api/auth/login", json={"username": "nobody", "password": "x"}, timeout=10)
            statuses.append(res.status_code)
        limited = [st for st in statuses if st == 429]
        out["login_rate_limit"] = {"statuses": statuses, "limited": len(limited), "ok": len(limited) >= 5}
        return out

    def cleanup_stale(self) -> None:
        """A previous drill that was interrupted: stop its PostgreSQL and nginx."""
        if (ROOT / "pg" / "postmaster.pid").exists():
            self.pg.stop()
        pid_file = ROOT / "nginx" / "nginx.pid"
        if pid_file.exists():
            with contextlib.suppress(ValueError, ProcessLookupError, PermissionError):
                os.kill(int(pid_file.read_text().strip()), signal.SIGQUIT)

    def cleanup(self) -> None:
        if self.supervisor is not None:
            self.supervisor.stop()
            if self.supervisor_thread is not None:
                self.supervisor_thread.join(timeout=30)
        for proc in self.procs:
            if proc.poll() is None:
                self.kill_group(proc, signal.SIGTERM)
            if proc.poll() is None:
                self.kill_group(proc, signal.SIGKILL)
        self.pg.stop()


def main() -> int:
    drill = Drill()
    try:
        return drill.run()
    finally:
        drill.cleanup()


if __name__ == "__main__":
    sys.exit(main())
