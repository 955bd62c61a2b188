"""A report's (or the site's) folder, written only over an earlier report.

A report's folder must be empty, new, or hold an earlier report: the marker file `REPORT_MARKER`
lists every file a report wrote, and only those are ever replaced or removed. Every file name a
report derives from data is a checked slug resolved inside its folder.
"""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.errors import UnsafeOutput
from pipeline.files import write_atomic

REPORT_MARKER = ".cdpc-report"
SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def previous_report(folder: Path, marker_name: str = REPORT_MARKER, what: str = "report") -> list[str]:
    """The files an earlier report (or site: `marker_name`, `what`) wrote into `folder` (none when
    new or empty); UnsafeOutput when the folder holds anything else."""
    if not folder.exists() or not any(folder.iterdir()):
        return []
    marker = folder / marker_name
    if not marker.is_file():
        raise UnsafeOutput(
            folder, f"not empty and holds no earlier {what} ({marker_name} missing): give a new or empty folder"
        )
    try:
        names = marker.read_bytes().decode("utf-8").splitlines()
    except UnicodeDecodeError:
        raise UnsafeOutput(marker, f"not a {what}'s list of files (not UTF-8)") from None
    return [name for name in names if contained(folder, name) is not None]


def contained(folder: Path, name: str) -> Path | None:
    """`folder`/`name` when `name` is a relative path of safe names that stays inside `folder`."""
    parts = name.split("/")
    if not all(SAFE_NAME.match(part) for part in parts):
        return None
    path = (folder / name).resolve()
    return path if path.is_relative_to(folder.resolve()) else None


def write_folder(output: Path, files: dict[str, bytes], marker_name: str = REPORT_MARKER, what: str = "report") -> None:
    """Write `files` (by path relative to `output`) into `output`, a new or empty folder or one an
    earlier report (or site) wrote, and remove what the earlier one wrote that these are not. The
    marker lists both while writing, then these only: an interrupted write leaves nothing unlisted."""
    earlier = previous_report(output, marker_name, what)
    for name in files:
        if contained(output, name) is None:
            raise UnsafeOutput(
                output / name, f"a file name taken from the data that would not stay inside the {what}'s folder"
            )
    write_atomic(
        output / marker_name, "".join(f"{name}\n" for name in sorted(set(files) | set(earlier))).encode("utf-8")
    )
    for name, data in sorted(files.items()):
        write_atomic(output / name, data)
    for name in sorted(set(earlier) - set(files)):
        (output / name).unlink(missing_ok=True)
    write_atomic(output / marker_name, "".join(f"{name}\n" for name in sorted(files)).encode("utf-8"))
