"""Where an export writes: a file (replaced only when complete) or standard output for ``-``."""

from __future__ import annotations

import io
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, BinaryIO

from ..errors import ErrorCode, NewsEventsError

STDOUT = "-"


class ExportError(NewsEventsError):
    """The export output cannot be written (E024), naming the path and the reason."""

    code = ErrorCode.E024


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


@contextmanager
def open_binary(
    path: str | os.PathLike[str], *, stdout: BinaryIO | None = None
) -> Iterator[IO[bytes]]:
    """A binary stream for ``path``; the file appears only when the block ends without error.

    Writes go to a hidden temporary file beside ``path`` that replaces it at the end, so a failed
    or interrupted export never leaves a half-written file under the requested name.
    """
    if str(path) == STDOUT:
        stream = stdout if stdout is not None else sys.stdout.buffer
        yield stream
        stream.flush()
        return
    target = Path(path)
    try:
        if target.is_dir():
            raise IsADirectoryError(21, "is a directory")
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600; give the usual file mode
    except OSError as exc:
        raise ExportError(f"{target}: cannot write: {_reason(exc)}") from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise ExportError(f"{target}: cannot write: {_reason(exc)}") from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def open_text(
    path: str | os.PathLike[str], *, newline: str = "\n", stdout: BinaryIO | None = None
) -> Iterator[IO[str]]:
    """A UTF-8 text stream for ``path`` (``-``: standard output), written as :func:`open_binary`."""
    with open_binary(path, stdout=stdout) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8", newline=newline, write_through=False)
        try:
            yield text
            text.flush()
        finally:
            text.detach()  # leave the underlying stream to open_binary (stdout stays open)
