"""Push of N messages: this revision's sending against an earlier revision's, alternately in one process.

Same setup as ``bench_policies.py`` (its docstring: the bench copy of the database, the environment,
``migrate``; run ``bench_policies.py --only push`` once first, so policy 0 has its match rows):

    uv run --frozen python ../bench/policies/push_ab.py --before 57e2936 --push 10000 --rounds 2

``--before REV``: the commit whose ``backend/smedt/policies/services/push.py`` provides the old
``campaign_send`` (read with ``git show``; it is loaded as a module and replaces the current one for the
"before" rounds — campaign creation is this revision's in both). Each round runs before, then after, on a
fresh campaign of ``--push`` SMS, and prints both with the load average.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_policies as bp  # (sets up Django)


def old_campaign_send(rev: str) -> Any:
    source = subprocess.run(  # noqa: S603 - a fixed git command on the bench's own repository
        ["git", "show", f"{rev}:backend/smedt/policies/services/push.py"],  # noqa: S607
        cwd=bp.ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    path = Path(tempfile.mkdtemp()) / "push_before.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location("push_before", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.campaign_send


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", required=True)
    parser.add_argument("--push", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    before = old_campaign_send(args.before)
    policy = bp.seed_policies(bp.random.Random(17))[0]
    bp.settings.SMEDT_POLICY_SNAPSHOT_MAX_AGE = 10**9
    out: list[dict[str, Any]] = []
    for r in range(args.rounds):
        for name, send in (("before", before), ("after", None)):
            res = bp.bench_push(policy, args.push, send=send)
            res = {"round": r + 1, "variant": name, **res}
            bp.log(json.dumps(res, ensure_ascii=False))
            out.append(res)
    print(json.dumps(out, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
