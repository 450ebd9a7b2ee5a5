"""Times for the evidence a person already holds: Amazon's data export, screenshots read by Tesseract, and
a mailbox fetched over IMAP from a real Dovecot started here (tests/helpers/dovecot.py), each as whole processes.

    .venv/bin/python benchmarks/evidence_import.py          # 5,000 orders, 5 screenshots, 1,000 messages

Each row prints the command it ran and its wall time. One run each: the machine is shared and its speed
drifts (see run.py); the figures say "seconds, not minutes", not a percentage.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from helpers.amazon import export_files, order_row, write_zip  # noqa: E402

ORDERS = 5000
MESSAGES = 1000
SCREENSHOTS = 5


def run(arguments: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "complaintctl", *arguments], env=env, capture_output=True)
    took = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(arguments)} failed: {done.stderr.decode()[-500:]}")
    return took


def amazon_rows(folder: Path, env: dict[str, str]) -> list[tuple[str, float, str]]:
    orders = [
        order_row(
            f"{200 + number % 100:03d}-{number:07d}-{(number * 7919) % 10_000_000:07d}",
            **{"Order Date": f"20{20 + number % 6}-{1 + number % 12:02d}-{1 + number % 28:02d}T10:00:00Z"},
        )
        for number in range(ORDERS)
    ]
    orders += [
        order_row(orders[n]["Order ID"], **{"ASIN": "B0SECOND", "Product Name": "Cable"}) for n in range(0, ORDERS, 3)
    ]
    export = write_zip(folder / "Your Orders.zip", export_files(orders))
    target = orders[ORDERS // 2]["Order ID"]
    rows = []
    command = ["import", "amazon", str(export), "--list", "--json"]
    rows.append((f"import amazon --list ({ORDERS:,} orders)", run(command, env), " ".join(command)))
    command = ["import", "amazon", str(export), "--order", target]
    rows.append((f"import amazon --order (export of {ORDERS:,} orders)", run(command, env), " ".join(command)))
    return rows


def ocr_rows(folder: Path, env: dict[str, str]) -> list[tuple[str, float, str]]:
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 26)
    subprocess.run(
        [sys.executable, "-m", "complaintctl", "new", "--title", "OCR"], env=env, check=True, capture_output=True
    )
    for number in range(SCREENSHOTS):
        picture = Image.new("RGB", (1080, 400), (255, 255, 255))
        draw = ImageDraw.Draw(picture)
        for line in range(6):
            draw.text(
                (30, 20 + 60 * line),
                f"Agent {number}: your refund of {line}9.99 is on its way, ref CS-{line}",
                font=font,
                fill=(0, 0, 0),
            )
        path = folder / f"shot-{number}.png"
        picture.save(path)
        subprocess.run(
            [sys.executable, "-m", "complaintctl", "log", "2", "--attach", str(path)],
            env=env,
            check=True,
            capture_output=True,
        )
    took = run(["ocr", "2"], env)
    return [
        (f"ocr per screenshot (mean of {SCREENSHOTS}, 1080×400, 6 lines)", took / SCREENSHOTS, "complaintctl ocr 2 / 5")
    ]


def fetch_rows(folder: Path, env: dict[str, str]) -> list[tuple[str, float, str]]:
    from helpers.dovecot import PASSWORD, USER, Dovecot, message

    root = Path(tempfile.mkdtemp(prefix="complaintctl-dovecot-"))  # reachable by the mail user, unlike `folder`
    server = Dovecot(root)
    server.add([message(number) for number in range(MESSAGES)])
    server.start()
    try:
        subprocess.run(
            [sys.executable, "-m", "complaintctl", "new", "--title", "Mail"], env=env, check=True, capture_output=True
        )
        command = [
            "fetch",
            "3",
            "--imap",
            "127.0.0.1",
            "--port",
            str(server.imaps),
            "--user",
            USER,
            "--cafile",
            str(server.cert),
        ]
        took = run(command, {**env, "COMPLAINTCTL_IMAP_PASSWORD": PASSWORD})
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)
    return [(f"fetch --imap ({MESSAGES:,} messages, TLS, local Dovecot)", took, "complaintctl " + " ".join(command))]


def main() -> None:
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        env = {
            **os.environ,
            "COMPLAINTCTL_DB": str(folder / "bench.db"),
            "COMPLAINTCTL_DKIM_KEYS": "",
            "COMPLAINTCTL_OCR": "off",
        }
        rows = amazon_rows(folder, env) + ocr_rows(folder, env) + fetch_rows(folder, env)
    width = max(len(label) for label, _, _ in rows)
    for label, seconds, command in rows:
        print(f"{label:<{width}}  {seconds * 1000:9.1f} ms   {command}")


if __name__ == "__main__":
    main()
