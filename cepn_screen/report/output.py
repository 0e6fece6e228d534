"""Writing reports safely: atomically (temp file in the target folder, then os.replace),
never over an input file or through a symlink, and with one-line errors for a full disk or
a closed pipe; and standard streams that cannot fail on characters the locale lacks."""

from __future__ import annotations

import errno
import os
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from cepn_screen.core.errors import OutputError


def write_atomic(path: str | Path, write_fn: Callable[[Path], None], *,
                 inputs: Iterable[str | Path] = ()) -> Path:
    """Write a report to `path` through `write_fn(temp_path)`, which writes a complete file
    (text, XLSX, Parquet...). The report appears whole or not at all: an older report at
    `path` stays intact when writing fails. Refused: a symlink at `path`, a folder, or a
    path that is one of `inputs` (same file, by inode)."""
    path = Path(path)
    if path.is_symlink():
        raise OutputError("the output path is a symbolic link; not following it",
                          file=str(path))
    if path.is_dir():
        raise OutputError("the output path is a folder", file=str(path))
    if path.exists():
        for src in inputs:
            try:
                if os.path.samefile(path, src):
                    raise OutputError("the output would overwrite an input file",
                                      file=str(path))
            except OSError:
                continue
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror or exc}", file=str(path)) from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write_fn(tmp)
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        if path.exists():
            try:
                os.chmod(tmp, path.stat().st_mode & 0o777)
            except OSError:
                pass
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror or exc}", file=str(path)) from None
    finally:
        if tmp.exists():
            tmp.unlink()
    return path


def write_text_atomic(path: str | Path, text: str, *, inputs: Iterable = ()) -> Path:
    def write(tmp: Path) -> None:
        with open(tmp, "w", encoding="utf-8", newline="") as f:
            f.write(text)

    return write_atomic(path, write, inputs=inputs)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_stdout(text: str, stream=None) -> None:
    """Text to standard output; a closed pipe or a full device is one OutputError
    ("cannot write ..."), never a traceback."""
    stream = stream or sys.stdout
    try:
        stream.write(text)
        stream.flush()
    except BrokenPipeError:
        _quiet_stdout()
        raise OutputError("cannot write to standard output: the pipe was closed") from None
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EPIPE, errno.EIO):
            _quiet_stdout()
            raise OutputError(f"cannot write to standard output: {exc.strerror}") from None
        raise


def _quiet_stdout() -> None:
    """After a failed write, Python's exit would flush stdout again and print a second
    error: point it at /dev/null."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def safe_streams() -> None:
    """Make stdout/stderr replace characters the terminal's encoding cannot show (LANG=C,
    PYTHONIOENCODING=ascii) instead of raising UnicodeEncodeError. Call at CLI start."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:
            continue
        try:
            reconfigure(errors="backslashreplace" if name == "stderr" else "replace")
        except (ValueError, OSError):
            pass
