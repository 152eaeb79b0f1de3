"""试点资金 ledger at scale: append rate through the services, reconciliation and integrity-check time.

    cd backend && DATABASE_URL=sqlite:////tmp/smedt_fundsbench.sqlite3 \\
        uv run --frozen python ../bench/funds/bench_ledger.py [--entries 100000]
    # PostgreSQL: createdb smedt_fundsbench, then DATABASE_URL=postgres://postgres@127.0.0.1:5432/smedt_fundsbench

Migrates, loads the reference data, then appends ledger entries through the real services (every entry
hashed into the chain, audited, balances locked and checked) until the ledger holds ``--entries``:
commitments to 200 enterprises over the counties and a disbursement for every second one. Rows are kept
for the next run. Then times each reconciliation dimension (GROUP BY over all entries) and `ledger_verify`.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

BACKEND = Path(__file__).resolve().parents[2] / "backend"
sys.path.insert(0, str(BACKEND))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
# the test settings draw a random audit key per process; the kept rows need the same key on every run
os.environ.setdefault("SMEDT_AUDIT_KEY", "b3" * 32)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument(
        "--bulk",
        action="store_true",
        help="seed the missing entries in bulk (same chain, hashes and balances, no per-entry audit/locks)",
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from conftest import credit_code_for, load_reference_data
    from smedt.accounts.models import User
    from smedt.funds import selectors, services
    from smedt.funds.ledger import ledger_verify
    from smedt.funds.models import BudgetLine, FundSource, LedgerEntry
    from smedt.orgs.models import Organization, OrgKind
    from smedt.rbac.models import Role, RoleAssignment
    from smedt.regions.models import Region

    load_reference_data()
    city = Region.objects.get(code="410700")
    admin = User.objects.filter(username="bench_city").first()
    if admin is None:
        admin = User.objects.create_user(username="bench_city", password="Bench@2026pass")  # noqa: S106 - bench account
        RoleAssignment.objects.create(user=admin, role=Role.objects.get(code="city_admin"), region=city)
    counties = list(Region.objects.filter(level="county", path__startswith=city.path))
    orgs = list(Organization.objects.filter(kind=OrgKind.ENTERPRISE, name__startswith="台账压测企业"))
    for i in range(len(orgs), 200):
        region = counties[i % len(counties)]
        orgs.append(
            Organization.objects.create(
                name=f"台账压测企业{i}",
                credit_code=credit_code_for(region.code),
                kind=OrgKind.ENTERPRISE,
                region=region,
            )
        )
    line = BudgetLine.objects.filter(name="压测改造补贴").first()
    if line is None:
        source = services.source_create(
            actor=admin, kind="central", name="压测中央资金", year=2026, amount="90000000000000", region=city
        )
        line = services.line_create(actor=admin, source=source, purpose="transformation", name="压测改造补贴")
        services.entry_allocate(actor=admin, line=line, amount="80000000000000")
    have = LedgerEntry.objects.count()
    started = time.perf_counter()
    written = 0
    i = have
    if args.bulk:
        written = _bulk_seed(admin, line, orgs, args.entries - have)
    while have + written < args.entries:
        c = services.entry_commit(actor=admin, line=line, enterprise=orgs[i % len(orgs)], amount="1000.10")
        written += 1
        if i % 2 == 0 and have + written < args.entries:
            assert c.commitment is not None
            services.entry_disburse(actor=admin, commitment=c.commitment, amount="500.05")
            written += 1
        i += 1
    if written:
        elapsed = time.perf_counter() - started
        print(f"appended {written} entries in {elapsed:.1f} s ({written / elapsed:.0f} entries/s)")
    total = LedgerEntry.objects.count()
    print(f"ledger holds {total} entries, {FundSource.objects.count()} sources")
    for by in ("source", "county", "enterprise", "project"):
        t = time.perf_counter()
        rows = list(selectors.reconciliation(user=admin, by=by))
        print(f"reconciliation by {by}: {len(rows)} groups in {(time.perf_counter() - t) * 1000:.0f} ms")
    t = time.perf_counter()
    report = ledger_verify()
    print(f"ledger_verify: ok={report.ok} checked={report.checked} in {time.perf_counter() - t:.1f} s")


def _bulk_seed(admin: object, line: object, orgs: list[object], missing: int) -> int:
    """Commitments and disbursements written with bulk_create: every entry hashed into the same chain as
    the services do, balances and the MAC-signed head updated to match, so ledger_verify must pass."""
    from decimal import Decimal

    from django.db import transaction
    from django.db.models import F
    from django.utils import timezone

    from smedt.funds.ledger import entry_hash, head_mac
    from smedt.funds.models import BudgetLine, Commitment, EntryKind, LedgerEntry, LedgerHead

    if missing <= 0:
        return 0
    commit_amt, pay_amt = Decimal("1000.10"), Decimal("500.05")
    written = 0
    with transaction.atomic():
        head, _ = LedgerHead.objects.select_for_update().get_or_create(pk=1)
        prev, count = head.last_hash, head.count
        line_obj = BudgetLine.objects.select_for_update().get(pk=line.pk)  # type: ignore[attr-defined]
        n_commit = (missing + 1) * 2 // 3
        batch = 5000
        committed = disbursed = Decimal("0")
        i = 0
        while written < missing:
            chunk = min(batch, n_commit - i) if i < n_commit else 0
            if chunk <= 0:
                break
            cms = Commitment.objects.bulk_create(
                [
                    Commitment(
                        line=line_obj,
                        enterprise=orgs[(i + k) % len(orgs)],
                        region_id=orgs[(i + k) % len(orgs)].region_id,  # type: ignore[attr-defined]
                        committed=commit_amt,
                        disbursed=pay_amt if (i + k) % 2 == 0 else Decimal("0"),
                    )
                    for k in range(chunk)
                ]
            )
            entries = []
            for k, cm in enumerate(cms):
                pairs = [(EntryKind.COMMIT, commit_amt)]
                if (i + k) % 2 == 0:
                    pairs.append((EntryKind.DISBURSE, pay_amt))
                for kind, amt in pairs:
                    if written >= missing:
                        break
                    e = LedgerEntry(
                        created_at=timezone.now(),
                        kind=kind,
                        source_id=line_obj.source_id,
                        line=line_obj,
                        commitment=cm,
                        enterprise_id=cm.enterprise_id,
                        region_id=cm.region_id,
                        amount=amt,
                        committed_delta=amt if kind == EntryKind.COMMIT else Decimal("0"),
                        disbursed_delta=amt if kind == EntryKind.DISBURSE else Decimal("0"),
                        actor=admin,
                        actor_name="bench_city",
                        prev_hash=prev,
                    )
                    e.hash = entry_hash(e)
                    prev = e.hash
                    entries.append(e)
                    written += 1
                    count += 1
                    if kind == EntryKind.COMMIT:
                        committed += amt
                    else:
                        disbursed += amt
            # a commitment whose disbursement did not fit takes back its disbursed balance
            LedgerEntry.objects.bulk_create(entries)
            i += chunk
        paid_ids = set(
            LedgerEntry.objects.filter(kind=EntryKind.DISBURSE, line=line_obj).values_list("commitment_id", flat=True)
        )
        Commitment.objects.filter(line=line_obj, disbursed__gt=0).exclude(pk__in=paid_ids).update(disbursed=0)
        BudgetLine.objects.filter(pk=line_obj.pk).update(
            committed=F("committed") + committed, disbursed=F("disbursed") + disbursed
        )
        head.last_hash, head.count = prev, count
        head.mac = head_mac(count=count, last_hash=prev)
        head.save(update_fields=["last_hash", "count", "mac"])
    return written


if __name__ == "__main__":
    main()
