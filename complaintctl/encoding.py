"""Text that can be stored: Python carries undecodable bytes (from argv, from email headers) as lone
surrogates, which UTF-8, SQLite and the hash cannot represent. They become U+FFFD, visibly."""

from __future__ import annotations


def clean_text(text: str) -> str:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace").encode(
            "utf-8", "replace").decode("utf-8")
    return text
