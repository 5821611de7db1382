"""Bytes to text with clear refusals: binary data and non-UTF-8 bytes are named, not guessed."""

from __future__ import annotations

import codecs

from ..errors import ErrorCode, InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def bom_encoding(data: bytes) -> str | None:
    """The encoding a byte-order mark announces, if any."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return enc
    return None


def looks_binary(data: bytes) -> bool:
    """True for bytes that are not text: NUL bytes (outside UTF-16/32) or many control bytes."""
    head = data[:8192]
    if not head or bom_encoding(head) in ("utf-16", "utf-32"):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls / len(head) > 0.05


def decode_text(data: bytes, *, name: str) -> str:
    """Decode UTF-8 (or BOM-marked UTF-16/32) text, refusing empty, binary and invalid bytes."""
    if not data.strip():
        raise InputError(name, "input is empty", code=ErrorCode.E002)
    if looks_binary(data):
        raise InputError(name, "input looks binary, not text", code=ErrorCode.E004)
    encoding = bom_encoding(data) or "utf-8"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            name,
            f"not valid {encoding.upper()} text (byte 0x{data[exc.start]:02X} at offset "
            f"{exc.start}); re-encode it as UTF-8",
            code=ErrorCode.E003,
        ) from exc
