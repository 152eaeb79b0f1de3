"""Supply–demand matching, pure."""

from __future__ import annotations

from decimal import Decimal

from smedt.portal.matching import NeedProfile, OfferProfile, match_offers


def test_scenario_and_industry_rank_first() -> None:
    need = NeedProfile("S05", "auto_parts")
    offers = [
        OfferProfile(1, ["S09"], ["auto_parts"]),  # industry only
        OfferProfile(2, ["S05"], ["medical_devices"]),  # scenario only, other industry
        OfferProfile(3, ["S05", "S06"], ["auto_parts"]),  # both
        OfferProfile(4, ["S05"], []),  # scenario, any industry
        OfferProfile(5, ["S01"], ["new_chemicals"]),  # nothing in common
    ]
    ranked = match_offers(need, offers)
    assert [m.key for m in ranked] == [3, 4, 2, 1]
    assert ranked[0].score == Decimal(5)
    assert ranked[0].reasons == ("scenario", "sub_industry")
    assert 5 not in [m.key for m in ranked]


def test_ties_keep_input_order_and_limit() -> None:
    offers = [OfferProfile(i, ["S05"], ["auto_parts"]) for i in range(20)]
    ranked = match_offers(NeedProfile("S05", "auto_parts"), offers, limit=3)
    assert [m.key for m in ranked] == [0, 1, 2]


def test_need_without_industry_matches_by_scenario() -> None:
    ranked = match_offers(
        NeedProfile("S05", ""), [OfferProfile(1, ["S05"], ["auto_parts"]), OfferProfile(2, ["S06"], [])]
    )
    assert [m.key for m in ranked] == [1]
