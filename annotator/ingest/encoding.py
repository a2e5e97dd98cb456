"""Turn a file's bytes into text: BOMs, UTF-16 without BOM, legacy Windows-1252, and binary refusal."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from annotator.ingest.parsed import ArticleReadError

# Checked longest first: the UTF-32 LE mark starts with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# A few formats people drop into an import folder by mistake, named so the reason says what it is.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive or Office document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0", "an old-style Office document"),
)

# C0 controls other than tab, newline, vertical tab, form feed, carriage return and escape.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_SAMPLE = 64 * 1024


def not_text_reason(data: bytes) -> str:
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return f"not a text file (binary data: looks like {name})"
    return "not a text file (binary data)"


def _bom_encoding(data: bytes) -> tuple[str, int] | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    return None


def _bomless_utf16(data: bytes) -> str | None:
    """Guess UTF-16 without a BOM from where the NUL bytes sit.

    Latin-script UTF-16 puts a NUL in every other byte: at odd offsets for little-endian, even for
    big-endian. Binary data scatters NULs on both sides, so a one-sided pattern is a strong signal.
    """
    sample = data[:_SAMPLE]
    if len(sample) < 4:
        return None
    pairs = len(sample) // 2
    even_nuls = sample[0 : pairs * 2 : 2].count(0)
    odd_nuls = sample[1 : pairs * 2 : 2].count(0)
    if odd_nuls > 0.3 * pairs and even_nuls < 0.05 * pairs:
        return "utf-16-le"
    if even_nuls > 0.3 * pairs and odd_nuls < 0.05 * pairs:
        return "utf-16-be"
    return None


def _looks_like_text(text: str) -> bool:
    sample = text[:_SAMPLE]
    return len(_CONTROL.findall(sample)) <= max(2, len(sample) // 1000)


def _plausible_western(text: str) -> bool:
    """True when a Windows-1252 reading looks like Western European prose rather than mojibake.

    Cyrillic or Greek legacy files also decode as Windows-1252, but then nearly every letter comes
    out accented ("Ïðèâåò"); in French, German or Spanish text accented letters stay a minority.
    """
    letters = [c for c in text[:_SAMPLE] if c.isalpha()]
    if not letters:
        return True
    accented = sum(1 for c in letters if not c.isascii())
    return accented <= 0.3 * len(letters)


def _decode_legacy(data: bytes) -> str:
    """Bytes that are not UTF-8: Windows-1252 first (the usual legacy newsroom encoding), then a guess.

    charset-normalizer alone is unreliable here: on a short cp1252 text with curly quotes it picks
    cp1250, which maps some letters differently. So it is asked only when cp1252 looks wrong.
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = ""
    if text and _plausible_western(text):
        return text
    best = from_bytes(data).best()
    if best is not None:
        if "cp1252" in best.could_be_from_charset and text:
            return text
        return str(best)
    # Latin-1 maps every byte, so a text with an undefined cp1252 byte still opens readably.
    return text or data.decode("latin-1")


# A valid UTF-8 multi-byte sequence; Windows-1252 prose almost never forms one by chance.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _cp1252_byte(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)  # the five bytes cp1252 leaves undefined read as Latin-1 controls


def _bytes_as_cp1252(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    return "".join(_cp1252_byte(byte) for byte in bad), error.end


codecs.register_error("annotator-ingest-cp1252", _bytes_as_cp1252)


def _decode_not_quite_utf8(data: bytes) -> str:
    """UTF-8 that fails strict decoding: mostly-UTF-8 with stray cp1252 bytes, or a legacy file.

    Text pasted together from several sources often mixes the two; decoding it all as cp1252 would
    turn every correct "é" into "Ã©", so only the bytes that are not UTF-8 are read as cp1252.
    """
    valid = len(_UTF8_SEQUENCE.findall(data[:_SAMPLE]))
    invalid = len(data[:_SAMPLE]) - len(data[:_SAMPLE].decode("utf-8", "ignore").encode("utf-8"))
    if valid > invalid:
        return data.decode("utf-8", "annotator-ingest-cp1252")
    return _decode_legacy(data)


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_text(data: bytes) -> str:
    """Decode a text file's bytes, drop the BOM and normalise newlines to \\n.

    Raises ArticleReadError when the bytes are binary data rather than text.
    """
    found = _bom_encoding(data)
    if found is not None:
        encoding, skip = found
        try:
            text = data[skip:].decode(encoding)
        except UnicodeDecodeError:
            if encoding != "utf-8":
                raise ArticleReadError(f"not a text file (broken {encoding.upper()} data)") from None
            text = _decode_not_quite_utf8(data[skip:])
    elif (utf16 := _bomless_utf16(data)) is not None:
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError:
            raise ArticleReadError(not_text_reason(data)) from None
    elif b"\x00" in data:
        raise ArticleReadError(not_text_reason(data))
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _decode_not_quite_utf8(data)
    if not _looks_like_text(text):
        raise ArticleReadError(not_text_reason(data))
    # Stray BOMs survive when files are concatenated or re-saved; as text they are invisible noise.
    return normalise_newlines(text.replace("\ufeff", ""))
