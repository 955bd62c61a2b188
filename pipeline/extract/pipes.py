"""What passes between a document's reading (`pipeline.extract.reading`) and the workers it forks:
the queue of the pages not yet claimed, and the messages each worker sends on its own pipe.

* The queue is a pipe the first worker fills with every page's index and the workers read
  `INDEX.size` bytes at a time: a pipe's reader takes whole what was written before, under the
  pipe's lock, so the work divides however fast each worker goes, each page once.
* A message is a tuple pickled after its length (`write_message`), written by this program and
  read back only from a process it forked; `taken_messages` refuses one longer than a page's layout
  may be before reading it. A page's outcome travels as plain values (`sent`, `received`): its
  layout's fields, each record a tuple, or its error's class, file and problem.
"""

from __future__ import annotations

import dataclasses
import os
import pickle
import struct
from collections.abc import Iterable, Iterator
from operator import attrgetter
from typing import Any

from pipeline.errors import PipelineError
from pipeline.extract.geometry import Link, PageLayout, Word

INDEX = struct.Struct("=I")
"""A page's index in the queue."""
LENGTH = struct.Struct("=I")
"""The length of a worker's message, before the message."""


class PageQueue:
    """The indices of the pages not yet claimed, in a pipe the workers read and the first fills."""

    def __init__(self):
        self.read_end, self.write_end = os.pipe()

    def filled(self, total: int) -> Iterable[int]:
        """Every page's index put in the queue, and the claims of the worker that put them: the
        queue's, or every page when no pipe can hold them all (Linux's pipe-max-size, a mebibyte
        unless raised: 262,144 pages; the queue stays empty)."""
        import fcntl

        data = b"".join(INDEX.pack(index) for index in range(total))
        try:
            if fcntl.fcntl(self.write_end, fcntl.F_GETPIPE_SZ) < len(data):
                fcntl.fcntl(self.write_end, fcntl.F_SETPIPE_SZ, len(data))
            os.write(self.write_end, data)  # whole: the pipe holds it
        except OSError:
            return range(total)
        finally:
            self.close_filler()
        return self.claims()

    def claims(self) -> Iterator[int]:
        """The next page's index, for as long as there is one."""
        while len(data := os.read(self.read_end, INDEX.size)) == INDEX.size:
            yield INDEX.unpack(data)[0]

    def empty(self) -> None:
        while os.read(self.read_end, 1 << 16):
            pass

    def close_filler(self) -> None:
        """The end the queue is filled by closed, in a process that does not (or no longer) fill it."""
        if self.write_end >= 0:
            os.close(self.write_end)
            self.write_end = -1

    def close(self) -> None:
        self.close_filler()
        if self.read_end >= 0:
            os.close(self.read_end)
            self.read_end = -1


class MessageTooLong(Exception):
    def __init__(self, length: int):
        self.length = length


def answer_with(answer: int, messages: Iterator[tuple]) -> None:
    """In a worker: each message written on `answer` as it comes, after its length; a failure that
    is no `PipelineError` (a bug) as its traceback."""
    try:
        for message in messages:
            write_message(answer, message)
    except MemoryError:
        raise
    except Exception:
        import traceback

        write_message(answer, ("bug", traceback.format_exc()))


def write_message(answer: int, message: tuple) -> None:
    """`message` pickled, after its length, written whole on `answer`."""
    data = pickle.dumps(message, pickle.HIGHEST_PROTOCOL)
    rest = memoryview(LENGTH.pack(len(data)) + data)
    while rest:
        rest = rest[os.write(answer, rest) :]


def taken_messages(received: bytearray, longest: int) -> list[tuple]:
    """The messages whole at the start of `received`, taken out of it. Raise MessageTooLong when the
    next message is longer than `longest` bytes, before reading it."""
    found = []
    while len(received) >= LENGTH.size:
        (length,) = LENGTH.unpack_from(received)
        if length > longest:
            raise MessageTooLong(length)
        if len(received) < LENGTH.size + length:
            break
        found.append(pickle.loads(received[LENGTH.size : LENGTH.size + length]))
        del received[: LENGTH.size + length]
    return found


HELD_RECORDS: dict[str, type[Word] | type[Link]] = {"words": Word, "sideways": Word, "links": Link}
"""The fields of a `PageLayout` that hold records, by the record's class; the others are plain."""
LAYOUT_FIELDS = [field.name for field in dataclasses.fields(PageLayout)]
FIELDS_OF = {kind: attrgetter(*(field.name for field in dataclasses.fields(kind))) for kind in (Word, Link)}
"""A record's fields as a tuple, in their declared order (a tenth of the time pickle takes on the record)."""


def sent(index: int | None, outcome: PageLayout | PipelineError) -> tuple:
    """A page's outcome as plain values (`index` None: the opening's): its layout's fields (each
    record a tuple), or its error's class, file and problem."""
    if isinstance(outcome, PipelineError):
        return index, False, (type(outcome), outcome.path, outcome.problem)
    return (
        index,
        True,
        [
            list(map(FIELDS_OF[HELD_RECORDS[name]], value)) if name in HELD_RECORDS else value
            for name, value in zip(LAYOUT_FIELDS, map(outcome.__getattribute__, LAYOUT_FIELDS))
        ],
    )


def received(item: tuple) -> tuple[int | None, PageLayout | PipelineError]:
    """The page's outcome again, from what `sent` made of it."""
    index, ok, fields = item
    if not ok:
        kind, path, problem = fields
        return index, kind(path, problem)
    values: list[Any] = [
        [HELD_RECORDS[name](*record) for record in value] if name in HELD_RECORDS else value
        for name, value in zip(LAYOUT_FIELDS, fields)
    ]
    return index, PageLayout(*values)
