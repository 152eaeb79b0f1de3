"""工作台 (workspace): the page each user starts the day on — to-dos with deadlines, items in flight,
alerts — assembled from contributions that each module registers (the kernel knows no domain).

A contributor takes the user and a row limit and returns a ``WorkspacePart``. It must run a fixed,
small number of queries whatever the data (LIMITed reads, no per-row queries): the summary's query
count is pinned by a test. Items the user cannot see never appear: every contributor starts from the
user's scope (``visible_to``, review to-dos, the user's own organization).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone


@dataclass(frozen=True)
class WorkItem:
    kind: str  # what sort of item: 审核 / 项目 / 评测 / 申报 …
    title: str
    status_label: str
    link: str  # the front-end route that opens the item
    due_at: datetime | None = None
    at: datetime | None = None  # submitted / last changed
    action: str = ""  # what to do: 审核 / 签署合同 / 继续填写 …


@dataclass(frozen=True)
class Alert:
    level: str  # "error" | "warning" | "info"
    title: str
    link: str = ""
    due_at: datetime | None = None


@dataclass
class WorkspacePart:
    todos: list[WorkItem] = field(default_factory=list)
    in_flight: list[WorkItem] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)
    counters: dict[str, int] = field(default_factory=dict)  # label → number, e.g. 待我审核


Contributor = Callable[[Any, int], WorkspacePart]

_CONTRIBUTORS: dict[str, Contributor] = {}

# an item due within this many days is "expiring soon"
DUE_SOON_DAYS = 3


def workspace_register(key: str, contributor: Contributor) -> None:
    _CONTRIBUTORS[key] = contributor


def contributors() -> dict[str, Contributor]:
    return dict(_CONTRIBUTORS)


def _sort_key(item: WorkItem) -> tuple[int, float, float]:
    """Due first (earliest deadline first), then the oldest waiting."""
    due = item.due_at.timestamp() if item.due_at else float("inf")
    at = item.at.timestamp() if item.at else float("inf")
    return (0 if item.due_at else 1, due, at)


def workspace_summary(*, user: Any, limit: int = 10) -> dict[str, Any]:
    now = timezone.now()
    soon = now + timedelta(days=DUE_SOON_DAYS)
    todos: list[WorkItem] = []
    in_flight: list[WorkItem] = []
    alerts: list[Alert] = []
    counters: dict[str, int] = {}
    for key in sorted(_CONTRIBUTORS):
        part = _CONTRIBUTORS[key](user, limit)
        todos += part.todos
        in_flight += part.in_flight
        alerts += part.alerts
        counters.update(part.counters)
    todos.sort(key=_sort_key)
    in_flight.sort(key=_sort_key)
    overdue = [t for t in todos if t.due_at and t.due_at < now]
    due_soon = [t for t in todos if t.due_at and now <= t.due_at <= soon]
    for t in overdue:
        alerts.append(Alert("error", f"已逾期：{t.title}（{t.action or t.status_label}）", t.link, t.due_at))
    for t in due_soon:
        alerts.append(Alert("warning", f"即将到期：{t.title}（{t.action or t.status_label}）", t.link, t.due_at))
    order = {"error": 0, "warning": 1, "info": 2}
    alerts.sort(key=lambda a: (order.get(a.level, 3), a.due_at.timestamp() if a.due_at else float("inf")))

    def item_out(i: WorkItem) -> dict[str, Any]:
        return {
            "kind": i.kind,
            "title": i.title,
            "status_label": i.status_label,
            "link": i.link,
            "due_at": i.due_at,
            "at": i.at,
            "action": i.action,
            "overdue": bool(i.due_at and i.due_at < now),
        }

    return {
        "todos": [item_out(i) for i in todos[:limit]],
        "todo_total": len(todos),
        "in_flight": [item_out(i) for i in in_flight[:limit]],
        "alerts": [{"level": a.level, "title": a.title, "link": a.link, "due_at": a.due_at} for a in alerts[:limit]],
        "counters": [{"label": k, "value": v} for k, v in counters.items()],
    }
