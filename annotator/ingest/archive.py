"""Bounds on what a zip archive (a .docx is one) may unpack to, checked before anything is inflated.

A few hundred kilobytes of deflated XML can inflate to hundreds of megabytes, and the XML parser then
needs many times that in memory. zipfile never inflates a member past its declared size, so checking the
declared sizes bounds what any later reader (python-docx) can get out of the archive.
"""

from __future__ import annotations

import io
import zipfile

from annotator.ingest.parsed import ArticleReadError
from annotator.ingest.sizes import human_size

# A long article's document.xml is a few megabytes and images add their own, barely compressible, size:
# an archive may unpack to this many times the file size limit.
UNPACKED_PER_FILE_LIMIT = 5
MAX_MEMBERS = 10_000
# Word's XML deflates about 10 to 1; a part over 1 MB inflating beyond 100 to 1 is a bomb, not prose.
MAX_RATIO = 100
_RATIO_FLOOR = 1_000_000


def check_zip_bounds(data: bytes, *, kind: str, max_unpacked: int) -> None:
    """Refuse an archive whose declared sizes are out of bounds; ArticleReadError says which bound failed."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as error:
        raise ArticleReadError(f"not a valid {kind}") from error
    if len(members) > MAX_MEMBERS:
        raise ArticleReadError(f"refused: the {kind} holds {len(members)} parts (limit {MAX_MEMBERS})")
    total = 0
    for member in members:
        total += member.file_size
        if total > max_unpacked:
            raise ArticleReadError(
                f"refused: the {kind} unpacks to more than {human_size(max_unpacked)} (a compression bomb?)"
            )
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > _RATIO_FLOOR and ratio > MAX_RATIO:
            raise ArticleReadError(
                f"refused: {member.filename} in the {kind} inflates {ratio:.0f} to 1 "
                f"({human_size(member.compress_size)} to {human_size(member.file_size)}; limit {MAX_RATIO} to 1)"
            )
