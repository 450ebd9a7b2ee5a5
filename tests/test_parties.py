"""The parties and the facts a letter needs: the buyer (from the case or, once, from the settings), the seller's
address, the product, the fault and charge dates, and the merchant as the card statement names it."""

from __future__ import annotations

from pathlib import Path

from helpers.cases import UK_CASE

PARTIES = dict(
    buyer_name="Ann Example",
    buyer_address="1 High Street, London, N1 1AA",
    seller_address="SoundShop EU Ltd, 5 Dock Road, Dublin, D02 XY45",
    product="SoundMax X2 wireless headphones",
    fault_noticed="2026-11-12",
    charged="2026-11-02",
)


def settings(cli, text: str) -> Path:
    path = Path(cli.env["COMPLAINTCTL_CONFIG"])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_party_facts_are_kept_and_named_in_the_letters(cli, make_case):
    case = make_case(**UK_CASE, **PARTIES)
    facts = cli("show", str(case), "--json").json()["facts"]
    assert {name: facts[name] for name in PARTIES} == PARTIES
    letter = cli("letter", str(case), "formal").stdout
    assert letter.startswith("Ann Example\n1 High Street\nLondon\nN1 1AA\n"), letter
    assert "SoundShop EU Ltd\n5 Dock Road\nDublin\nD02 XY45" in letter
    assert "[Your name]" not in letter and "[The seller's postal address" not in letter
    chargeback = cli("letter", str(case), "chargeback").stdout
    assert "Merchant, as on my statement: Amazon (the order was sold by SoundShop EU on amazon.co.uk)" in chargeback
    assert "Date of the transaction: 2 November 2026" in chargeback
    assert "SoundMax X2 wireless headphones" in chargeback


def test_the_descriptor_is_what_the_statement_says_and_defaults_to_the_seller_off_amazon(cli, make_case):
    off_amazon = make_case(title="Lamp", marketplace="ebay.co.uk", seller="LampCo", amount="20", currency="GBP")
    assert "Merchant, as on my statement: LampCo\n" in cli("letter", str(off_amazon), "chargeback").stdout
    cli("set", str(off_amazon), "--descriptor", "PAYPAL *LAMPCO")
    text = cli("letter", str(off_amazon), "chargeback", "--lang", "fr").stdout
    assert "tel qu'il figure sur mon relevé : PAYPAL *LAMPCO (commande vendue par LampCo sur ebay.co.uk)" in text


def test_party_facts_refuse_what_cannot_be_right(cli, make_case):
    case = make_case(**UK_CASE)
    before = cli.snapshot()
    assert "buyer's name" in cli.fails("set", str(case), "--buyer-name", "   ")
    assert "--fault-noticed" in cli.fails("set", str(case), "--fault-noticed", "2026-10-01")
    assert "--charged" in cli.fails("set", str(case), "--charged", "2026-10-31")
    assert "--charged" in cli.fails("set", str(case), "--charged", "the day after")
    assert "keep it under 300" in cli.fails("set", str(case), "--seller-address", "x" * 301)
    assert cli.snapshot() == before


def test_the_settings_name_the_buyer_once_and_a_later_edit_changes_no_case(cli, make_case):
    case = make_case(**UK_CASE)
    settings(cli, '[buyer]\nname = "Ann Example"\naddress = "1 High Street, London, N1 1AA"\n')
    first = cli("letter", str(case), "formal")
    assert first.stdout.startswith("Ann Example\n1 High Street\n"), first
    assert "Recorded the buyer name and buyer address from your settings on case 1" in first.stderr
    shown = cli("show", str(case), "--json").json()
    assert shown["facts"]["buyer_name"] == "Ann Example"
    assert shown["timeline"][-1]["details"]["from"] == "settings"  # a chained facts event, not a lookup
    settings(cli, '[buyer]\nname = "Someone Else"\n')
    again = cli("letter", str(case), "formal")
    assert again.stdout.startswith("Ann Example\n") and "Recorded" not in again.stderr
    given = make_case(**UK_CASE, buyer_name="Bo Given")
    assert cli("letter", str(given), "formal").stdout.startswith("Bo Given\n")  # the case's own name wins
    assert "Intact" in cli("verify").stderr


def test_a_broken_settings_file_is_one_line_and_stores_nothing(cli, make_case):
    case = make_case(**UK_CASE)
    before = cli.snapshot()
    path = settings(cli, "[buyer\nname = 1")
    error = cli.fails("letter", str(case), "formal")
    assert str(path) in error and "fix it or move it away" in error
    settings(cli, "[buyer]\nname = 42\n")
    assert "buyer.name must be text in quotes" in cli.fails("export", str(case), "--format", "json")
    settings(cli, '[buyer]\nname = "   "\n')
    assert "buyer's name" in cli.fails("letter", str(case), "formal")
    assert cli.snapshot() == before


def test_the_front_page_names_the_parties_and_the_summary_the_actual_dates(cli, make_case, tmp_path):
    import json
    import zipfile

    case = make_case(**UK_CASE, **PARTIES)
    cli("log", str(case), "--event", "delivered", "--at", "2026-11-08 10:00")
    bundle = Path(cli("export", str(case), "-o", str(tmp_path)).stdout.strip())
    assert bundle.name == "dossier-1-20261122-en.zip"
    with zipfile.ZipFile(bundle) as opened:
        names = opened.namelist()
        document = json.loads(opened.read("dossier-1/data/dossier.json"))
        html = opened.read("dossier-1/data/dossier.html").decode()
    assert "dossier-1/data/dossier.md" in names  # every format under one chain head
    summary = document["summary"]
    assert "The latest estimated delivery date was 10 November 2026." in summary
    assert "It was delivered on 8 November 2026." in summary and "I noticed the fault on 12 November 2026." in summary
    assert "Case 1: Ann Example and SoundShop EU" in html
    french = Path(cli("export", str(case), "--lang", "fr", "--format", "json", "-o", str(tmp_path)).stdout.strip())
    assert french.name == "dossier-1-20261122-fr.json"
    assert "Il a été livré le 8 novembre 2026." in json.loads(french.read_text())["summary"]


def test_nothing_is_silently_overwritten(cli, make_case, tmp_path):
    case = make_case(**UK_CASE)
    first = Path(cli("export", str(case), "--format", "md", "-o", str(tmp_path)).stdout.strip())
    second = Path(cli("export", str(case), "--format", "md", "-o", str(tmp_path)).stdout.strip())
    assert (first.name, second.name) == ("dossier-1-20261122-en.md", "dossier-1-20261122-en-2.md")
    named = tmp_path / "for-the-bank.md"
    named.write_text("mine")
    assert "already exists" in cli.fails("export", str(case), "--format", "md", "-o", str(named))
    letter = tmp_path / "letter.txt"
    letter.write_text("my draft")
    assert "already exists" in cli.fails("letter", str(case), "formal", "-o", str(letter))
    assert named.read_text() == "mine" and letter.read_text() == "my draft"
