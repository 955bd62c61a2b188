"""What `cdpc` writes to its standard streams: an error's one line on stderr, and output on stdout
taken whole by its reader, a stdout that cannot be written being one error naming `<stdout>`."""

from __future__ import annotations

import errno
import os
import sys

from pipeline.errors import FileSystemFailure, PipelineError
from pipeline.terminal import escaped_line


def said(error: PipelineError) -> int:
    """The error's one line on stderr (when there is one); its exit code."""
    if sys.stderr is not None:
        sys.stderr.write(f"cdpc: error: {escaped_line(str(error))}\n")
    return error.exit_code


def printed(text: str) -> None:
    """`text` written to stdout whole and flushed: through its binary stream, a write the stream
    takes only in part (an unbuffered stdout, PYTHONUNBUFFERED or `-u`, whose reader left
    mid-output) written on until the rest is taken or the closed pipe is an error (BrokenPipeError;
    Python's unbuffered text layer takes such a write as done and drops the rest without a word).
    A stdout closed before the command began, or whose disk is full, is `FileSystemFailure`."""
    if sys.stdout is None:
        raise FileSystemFailure(STDOUT, f"{os.strerror(errno.EBADF)} (closed before cdpc began)")
    try:
        sys.stdout.flush()
        data = memoryview(text.encode(sys.stdout.encoding, sys.stdout.errors or "strict"))
        while data:
            data = data[sys.stdout.buffer.write(data) :]
        sys.stdout.buffer.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        stdout_dropped()
        raise stdout_failure(error) from None


STDOUT = "<stdout>"
"""Standard output, as an error names it."""


def stdout_failure(error: OSError) -> FileSystemFailure:
    return FileSystemFailure(STDOUT, error.strerror or str(error))


def stdout_dropped() -> None:
    """Standard output pointed at the null device, so that Python's flush of what is left in its
    buffer does not fail again."""
    if sys.stdout is not None:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
