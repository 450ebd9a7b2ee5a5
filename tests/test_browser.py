"""The HTML dossier in a real browser: headless Chromium renders every section and runs no script."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest
from helpers.cases import UK_CASE
from helpers.files import png_bytes
from helpers.waiting import HANG_LIMIT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# If any of this were interpreted rather than shown, it would mark the page.
HOSTILE = (
    "<script>document.body.setAttribute('data-pwned','script')</script>"
    "\"><img src=x onerror=\"document.body.setAttribute('data-pwned','img')\">"
)


@pytest.fixture
def chromium():
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail(".ci/run should have installed Debian's chromium")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return CHROMIUM


def run_chromium(chromium, tmp_path, *args):
    profile = tmp_path / "profile"
    result = subprocess.run(
        [chromium, *FLAGS, f"--user-data-dir={profile}", *args], capture_output=True, timeout=HANG_LIMIT
    )
    return result


def test_the_dossier_renders_in_chromium_without_running_script(cli, make_case, chromium, tmp_path):
    make_case(**{**UK_CASE, "seller": HOSTILE})
    shot = tmp_path / "shot.png"
    shot.write_bytes(png_bytes(40, 30))
    cli(
        "log",
        "1",
        HOSTILE,
        "--at",
        "2026-11-12 10:00",
        "--attach",
        str(shot),
        "--promise",
        "refund",
        "--due",
        "2026-11-17",
    )
    path = cli("export", "1", "--format", "html", "-o", str(tmp_path / "out")).stdout.strip()
    url = f"file://{path}"
    dom = run_chromium(chromium, tmp_path, "--dump-dom", url).stdout.decode("utf-8", "replace")
    assert "<body" in dom, dom[:500]
    body_tag = re.search(r"<body[^>]*>", dom).group(0)
    assert "data-pwned" not in body_tag, body_tag
    for section in ("cover", "remedies", "timeline", "promises", "statistics", "exhibits", "integrity"):
        assert f'id="{section}"' in dom
    assert "<script" not in dom.split("<body", 1)[1]
    picture = tmp_path / "dossier.png"
    run_chromium(chromium, tmp_path, f"--screenshot={picture}", "--window-size=1200,2400", url)
    assert picture.exists() and picture.read_bytes().startswith(b"\x89PNG")
    assert picture.stat().st_size > 20_000  # a rendered page, not a blank one
