"""A case whose country no statutory pack covers is told so in one line ("Statutory rights: unknown"), in `check`,
`next` and the dossier, instead of showing no statutory rule at all (which reads as "no rights"). One mechanism:
packs marked `statutory = true` cover their countries; every other country gets the line."""

from __future__ import annotations

import html
import zipfile
from pathlib import Path

import pytest

SWISS = "Statutory rights: unknown: the tool has no rule for consumer sales in this country (Switzerland); ask a consumer body there"


def statutory(results: list[dict]) -> list[dict]:
    return [r for r in results if r["rule"] == "statutory-rights"]


def test_a_swiss_case_says_the_tool_has_no_statutory_rule_in_check_and_next(cli, make_case):
    make_case(title="Kettle", marketplace="other", country="CH", issue="defective", currency="CHF")
    cli("log", "1", "--event", "delivered", "--at", "2026-11-12 09:00", "Delivered")
    (found,) = statutory(cli("check", "1", "--json").json()["results"])
    assert found["status"] == "unknown" and found["reason"] == SWISS and found["deadline"] is None, found
    assert "Switzerland" in cli("check", "1").stdout
    assert SWISS in " ".join(cli("next", "1").stdout.split())
    assert cli("next", "1", "--json").json()["statutory"] == SWISS


def test_a_us_case_keeps_its_card_and_data_rules_and_says_the_sale_itself_is_unknown(cli, make_case):
    """FCBA (15 U.S.C. 1666) and the CCPA are about the card issuer and personal data: the line speaks of
    consumer sales, so it stays true beside them."""
    make_case(
        title="Kettle", marketplace="other", country="US", region="US-CA", issue="defective", paid_by="credit-card"
    )
    results = cli("check", "1", "--json").json()["results"]
    rules = {r["rule"] for r in results}
    assert {"fcba-billing-error-notice", "ccpa-request"} <= rules, rules
    (found,) = statutory(results)
    assert "consumer sales in this country (United States)" in found["reason"], found


@pytest.mark.parametrize("country", ["GB", "FR", "BG", "NO"])
def test_a_country_a_statutory_pack_covers_gets_no_such_line(cli, make_case, country):
    """Bulgaria is covered even while its guarantee period is unknown: the withdrawal right is the Directive's."""
    make_case(title="Kettle", marketplace="other", country=country, issue="defective")
    assert statutory(cli("check", "1", "--json").json()["results"]) == []
    assert cli("next", "1", "--json").json()["statutory"] == ""


def test_a_seller_or_a_case_without_a_country_gets_no_such_line(cli, make_case):
    make_case(title="Claim against my shop", marketplace="other", country="CH", role="seller")
    make_case(title="Kettle", marketplace="other", issue="defective")
    for case in ("1", "2"):
        assert statutory(cli("check", case, "--json").json()["results"]) == []


def test_a_users_statutory_pack_covers_its_country_and_the_flag_is_checked(cli, make_case, tmp_path):
    """The line comes from what the packs cover, not from a list of countries: a user's pack for Switzerland
    marked `statutory = true` takes it away; anything but true or false is refused."""
    make_case(title="Kettle", marketplace="other", country="CH", issue="defective")
    mine = tmp_path / "rules"
    mine.mkdir()
    pack = (
        '[pack]\nid = "statutory-ch"\nprogramme = "Swiss law"\nversion = "1"\neffective = "2026-01-01"\n'
        'source = "s"\nstatutory = {flag}\napplies = {{ country = ["CH"] }}\n'
        '[[rules]]\nid = "ch-rule"\ntitle = "t"\nsource = "s"\n'
    )
    (mine / "ch.toml").write_text(pack.format(flag="true"))
    assert statutory(cli("check", "1", "--rules", str(mine), "--json").json()["results"]) == []
    (mine / "ch.toml").write_text(pack.format(flag='"yes"'))
    assert "[pack].statutory: expected true or false" in cli.fails("check", "1", "--rules", str(mine))


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", SWISS),
        ("fr", "l'outil n'a aucune règle pour les ventes aux consommateurs dans ce pays (Suisse)"),
        ("es", "la herramienta no tiene ninguna regla para las ventas a consumidores en este país (Suiza)"),
        ("de", "das Programm kennt keine Regel für Verbraucherkäufe in diesem Land (Schweiz)"),
    ],
)
def test_the_dossier_says_it_in_its_language_and_still_verifies(cli, make_case, tmp_path, lang, words):
    make_case(title="Kettle", marketplace="other", country="CH", issue="defective", currency="CHF")
    bundle = Path(cli("export", "1", "--lang", lang, "-o", str(tmp_path)).stdout.strip())
    with zipfile.ZipFile(bundle) as opened:
        markdown = opened.read("dossier-1/data/dossier.md").decode()
        page = opened.read("dossier-1/data/dossier.html").decode()
    assert words in " ".join(markdown.split()), markdown
    assert words in html.unescape(" ".join(page.split())), page
    assert "Intact" in cli("verify", "--bundle", str(bundle)).stderr
