"""Every EU/EEA country's legal guarantee and presumption, through the real CLI (`check --json`), each test named
after the statute it checks. Delivered on Thursday 12 November 2026; the periods are the statutes' own."""

from __future__ import annotations

import pytest

DELIVERED = "2026-11-12 09:00"
NO_FIXED = "No fixed period: the seller answers for faults for as long as goods of this kind can be expected to last"

# country: (last day of the legal guarantee or None for "no fixed period", last day of the presumption or None
# where its period is not sourced, words the cited source must hold for that country), or None where the tool has
# no rule yet
COUNTRIES = {
    "AT-VGG-s10-s11": ("AT", "2028-11-12", "2027-11-12", "VGG) § 10(1)"),
    "BE-oud-BW-1649quater": ("BE", "2028-11-12", "2028-11-12", "art. 1649quater § 1"),
    "CZ-obcansky-zakonik-2165": ("CZ", "2028-11-12", "2027-11-12", "§ 2165"),
    "DE-BGB-438-477": ("DE", "2028-11-12", "2027-11-12", "BGB § 438(1)"),
    "DK-kobeloven-83-77a": ("DK", "2028-11-12", "2027-11-12", "købeloven § 83"),
    "ES-TRLGDCU-120-121": ("ES", "2029-11-12", "2028-11-12", "TRLGDCU (Real Decreto Legislativo 1/2007) art. 120"),
    "FI-kuluttajansuojalaki-5": ("FI", None, "2027-11-12", "Kuluttajansuojalaki (38/1978) chapter 5"),
    "FR-code-conso-L217-3-L217-7": ("FR", "2028-11-12", "2028-11-12", "L217-3"),
    "IE-CRA-2022-s21-s22": ("IE", "2032-11-12", "2027-11-12", "Consumer Rights Act 2022 s.21"),
    "IS-neytendakaup-48-2003-27-18": ("IS", "2031-11-12", "2027-05-12", "48/2003 art. 27"),
    "IT-codice-consumo-133-135": ("IT", "2028-11-12", "2027-11-12", "art. 133"),
    "LT-civilinis-kodeksas-6.364": ("LT", "2028-11-12", "2027-11-12", "art. 6.364(1)"),
    "LU-code-conso-L212": ("LU", "2028-11-12", "2027-11-12", "L.212-1"),
    "MT-cap-378-sale-of-goods": ("MT", "2028-11-12", "2027-11-12", "Cap. 378"),
    "NL-BW-7.17-7.18-7.23": ("NL", None, "2027-11-12", "BW) 7:17 and 7:23"),
    "NO-forbrukerkjopsloven-27-18": ("NO", "2031-11-12", "2028-11-12", "forbrukerkjøpsloven § 27"),
    "PL-ustawa-prawa-konsumenta-43c": ("PL", "2028-11-12", "2028-11-12", "art. 43c ust. 1"),
    "PT-DL-84-2021-12-13": ("PT", "2029-11-12", "2028-11-12", "Decreto-Lei 84/2021 art. 12"),
    "RO-OUG-140-2021": ("RO", "2028-11-12", "2027-11-12", "OUG 140/2021"),
    "SE-konsumentkoplagen-2022-260": ("SE", "2029-11-12", "2028-11-12", "konsumentköplagen (2022:260)"),
    "EE-volaoigusseadus-218": ("EE", "2028-11-12", "2027-11-12", "võlaõigusseadus § 218"),
    # the guarantee is sourced, the presumption not (the sources found give the 6 months of Directive 1999/44)
    "BG-law-DV-23-2021-presumption-unknown": ("BG", "2028-11-12", None, "ДВ бр. 23/2021"),
    "CY-law-154-I-2021-s10-presumption-unknown": ("CY", "2028-11-12", None, "Law 154(I)/2021 (sale of goods) s.10(1)"),
    "LV-PTAL-27-presumption-unknown": ("LV", "2028-11-12", None, "Patērētāju tiesību aizsardzības likums art. 27(1)"),
    "SK-obciansky-zakonnik-presumption-unknown": ("SK", "2028-11-12", None, "Občiansky zákonník (40/1964 Zb.)"),
    "HR-ZOO-NN-126-2021-no-rule-yet": ("HR", None, None, None),
    "GR-law-4967-2022-no-rule-yet": ("GR", None, None, None),
    "HU-decree-373-2021-no-rule-yet": ("HU", None, None, None),
    "LI-ABGB-933-no-rule-yet": ("LI", None, None, None),
    "SI-ZVPot-1-no-rule-yet": ("SI", None, None, None),
}


def guarantee_rules(cli, make_case, country: str) -> dict[str, dict]:
    make_case(title="Kettle stopped heating", marketplace="other", country=country, issue="defective", currency="EUR")
    cli("log", "1", "--event", "delivered", "--at", DELIVERED, "Delivered")
    results = cli("check", "1", "--json").json()["results"]
    return {r["rule"]: r for r in results if r["rule"] in ("eu-legal-guarantee", "eu-fault-presumed")}


@pytest.mark.parametrize(("country", "guarantee", "presumption", "cited"), COUNTRIES.values(), ids=COUNTRIES)
def test_each_countrys_guarantee_and_presumption_with_its_own_statute(
    cli, make_case, country, guarantee, presumption, cited
):
    found = guarantee_rules(cli, make_case, country)
    legal, presumed = found["eu-legal-guarantee"], found["eu-fault-presumed"]
    # never the Directive's minimum where the country's own period is not in the data
    for result in (legal, presumed) if cited is None else (presumed,) if presumption is None else ():
        assert result["status"] == "unknown" and result["deadline"] is None, result
        assert f"the tool has no rule for this country ({country})" in result["reason"], result
    if cited is None:
        return
    assert legal["deadline"] == guarantee and legal["status"] == "eligible", legal
    assert cited in legal["source"] and "Directive 2019/771 art. 10" in legal["source"], legal["source"]
    if presumption is not None:
        assert presumed["deadline"] == presumption and presumed["status"] == "eligible", presumed
        # the presumption cites the same country's law, not a list of others
        assert presumed["source"].split(":")[0] == legal["source"].split(":")[0], presumed["source"]
    if guarantee is None:
        assert NO_FIXED in legal["reason"] and "Act by" not in legal["reason"], legal["reason"]


def test_netherlands_shows_no_fixed_period_with_bw_7_17_and_7_23_never_a_date(cli, make_case):
    """BW 7:17 and 7:23: no fixed guarantee period; BW 7:18(2): presumption 1 year. The rule shows the text, in
    `check` and in `--json`, and invents no date, even years later."""
    found = guarantee_rules(cli, make_case, "NL")
    legal = found["eu-legal-guarantee"]
    assert legal["deadline"] is None and legal["status"] == "eligible", legal
    assert f"{NO_FIXED} (Netherlands: Burgerlijk Wetboek (BW) 7:17 and 7:23)." in legal["reason"], legal["reason"]
    out = cli("check", "1").stdout
    assert "No fixed period" in out and "7:23" in out
    assert found["eu-fault-presumed"]["deadline"] == "2027-11-12"


def test_a_country_outside_the_eu_and_eea_gets_no_eu_guarantee_or_date(cli, make_case):
    """Directive 2019/771 binds the EU and (by the EEA Agreement) Iceland, Liechtenstein and Norway: a Swiss case is
    never given the Directive's 2 years or any EU date."""
    found = guarantee_rules(cli, make_case, "CH")
    assert found == {}, found


def test_a_user_pack_may_say_no_fixed_period_and_cite_a_statute_but_not_misspell_a_period(cli, make_case, tmp_path):
    """A pack's period is a duration or exactly "no fixed period"; NAME_source is the statute cited beside NAME."""
    make_case(title="Kettle", marketplace="other", country="NL", issue="defective", currency="EUR")
    cli("log", "1", "--event", "delivered", "--at", DELIVERED, "Delivered")
    mine = tmp_path / "rules"
    mine.mkdir()
    head = '[pack]\nid = "mine"\nprogramme = "p"\nversion = "1"\neffective = "2026-01-01"\nsource = "s"\n'
    rule = (
        '[[rules]]\nid = "r"\ntitle = "t"\nsource = "s"\ndeadline = { after = "event:delivered", plus = "param:p" }\n'
    )
    (mine / "mine.toml").write_text(
        head + '[params.NL]\np = "no fixed period"\np_source = "My statute, art. 1"\n' + rule
    )
    mine_result = {r["rule"]: r for r in cli("check", "1", "--rules", str(mine), "--json").json()["results"]}["r"]
    assert mine_result["deadline"] is None and "(My statute, art. 1)." in mine_result["reason"], mine_result
    assert mine_result["source"] == "My statute, art. 1; s"
    (mine / "mine.toml").write_text(head + '[params.NL]\np = "no fixed periods"\n' + rule)
    assert "[params.NL].p" in cli.fails("check", "1", "--rules", str(mine))
