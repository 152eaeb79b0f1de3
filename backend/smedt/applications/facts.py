"""Back-end data providers: how the engine reads the enterprise fact base (一企一档), assessment
results and other records without knowing those modules. A domain module registers a provider at
start-up (`register_fact_provider`); templates name facts as ``<provider>.<key>``."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from smedt.applications.prereview import Fact


@dataclass(frozen=True)
class FactSpec:
    key: str
    label: str
    kind: str = "number"  # number / amount / percent / text / date
    unit: str = ""


@dataclass(frozen=True)
class FactProvider:
    name: str  # "enterprise"
    label: str  # "企业档案"
    specs: tuple[FactSpec, ...]
    fetch: Callable[[int, set[str]], dict[str, Fact]]  # (org id, wanted keys) → key → Fact


_PROVIDERS: dict[str, FactProvider] = {}


def register_fact_provider(provider: FactProvider) -> FactProvider:
    _PROVIDERS[provider.name] = provider
    return provider


def fact_catalog() -> dict[str, dict[str, str]]:
    """ "enterprise.operating_revenue" → {label, kind, unit, provider_label} for every registered fact."""
    return {
        f"{p.name}.{s.key}": {"label": s.label, "kind": s.kind, "unit": s.unit, "provider_label": p.label}
        for p in _PROVIDERS.values()
        for s in p.specs
    }


def facts_for(org_id: int, keys: Iterable[str]) -> dict[str, Fact]:
    """The current back-end values of `keys` for one organization, each with its provenance."""
    wanted: dict[str, set[str]] = {}
    for full in keys:
        name, _, key = full.partition(".")
        if name in _PROVIDERS and key:
            wanted.setdefault(name, set()).add(key)
    out: dict[str, Fact] = {}
    for name, subset in wanted.items():
        for key, fact in _PROVIDERS[name].fetch(org_id, subset).items():
            out[f"{name}.{key}"] = fact
    return out
