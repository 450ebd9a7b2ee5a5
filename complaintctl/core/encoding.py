"""Text that can be stored: Python carries undecodable bytes (from argv, from email headers) as lone
surrogates, which UTF-8, SQLite and the hash cannot represent. They become U+FFFD, visibly."""

from __future__ import annotations


def clean_text(text: str) -> str:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return (
            text.encode("utf-8", "surrogateescape")
            .decode("utf-8", "replace")
            .encode("utf-8", "replace")
            .decode("utf-8")
        )
    return text


def _escape(character: str) -> str:
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


_HIDDEN = ("Cc", "Cf", "Zl", "Zp")


def one_line(text: str) -> str:
    """``visible``, and on one line: a file name can hold a line break, and a script reads an error's first line."""
    return visible(text).replace("\n", "\\n")


def visible(text: str) -> str:
    """Text safe to put on a terminal: control and format characters (Unicode Cc, Cf) and the line and
    paragraph separators (Zl, Zp, which split a line for any program reading the output) shown as escapes.

    An email or a note can carry ANSI and OSC sequences (ESC, CSI), or bidirectional overrides that
    reorder what a reader sees; on a terminal they would act instead of being shown. Line breaks and tabs
    stay, since they are layout.
    """
    if text.isprintable():  # the common case, answered in C
        return text
    import unicodedata

    return "".join(_escape(ch) if ch not in "\n\t" and unicodedata.category(ch) in _HIDDEN else ch for ch in text)
