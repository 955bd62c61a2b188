"""Where a command may write what its user asks for with `-o`, and the report's folder.

A file output (`extract`, `normalise`, `diff`) must be a regular file or not exist yet: a device,
a pipe, a socket or a folder is refused. No output may lie inside the root's `extracted/` or
inside any published version's folder (one holding a manifest.json): published versions are the
version store's alone. A report's folder must be empty, new, or hold an earlier report: the
marker file `REPORT_MARKER` lists every file a report wrote, and only those are ever replaced or
removed. Every file name a report derives from data is a checked slug resolved inside its folder.
"""

from __future__ import annotations

import re
import stat
from pathlib import Path

from pipeline.errors import FileSystemFailure, UnsafeOutput
from pipeline.files import write_atomic
from pipeline.store import LATEST, MANIFEST
from pipeline.workspace import Workspace

REPORT_MARKER = ".cdpc-report"
SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def check_root(root: Path | None) -> None:
    """Refuse a `--root` that exists but is no folder."""
    if root is not None and root.exists() and not root.is_dir():
        raise FileSystemFailure(root, "--root is not a folder")


def checked_output(output: Path, root: Path, folder: bool = False) -> Path:
    """`output` when a command may write there (a file, or the report's `folder`)."""
    if output.exists() and not (output.is_dir() if folder else output.is_file()):
        wanted = "a folder" if folder else "a regular file"
        raise UnsafeOutput(output, f"not {wanted} ({file_kind(output)}): -o writes only {wanted}")
    protected = inside_published(output.resolve(), Workspace(root).extracted.resolve())
    if protected is not None:
        raise UnsafeOutput(output, f"inside {protected}, which only `cdpc build` writes")
    return output


def inside_published(path: Path, extracted: Path) -> Path | None:
    """The version store or version folder `path` lies in, if any."""
    for place in (path, *path.parents):
        if place == extracted or (place / MANIFEST).is_file() or (place / LATEST).is_file():
            return place
    return None


def file_kind(path: Path) -> str:
    mode = path.stat().st_mode
    kinds = {stat.S_ISDIR: "a folder", stat.S_ISCHR: "a character device", stat.S_ISBLK: "a block device",
             stat.S_ISFIFO: "a pipe", stat.S_ISSOCK: "a socket", stat.S_ISREG: "a regular file"}
    return next((name for test, name in kinds.items() if test(mode)), "a special file")


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
