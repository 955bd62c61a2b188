"""Files as the pipeline reads and writes them: atomic writes (a reader never sees a partial file),
content hashes, telling a PDF by its first bytes, and the JSON of a version's files."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

NETWORKS_JSON = "networks.json"
"""The canonical file of a version (`pipeline.export.files` renders it, `pipeline.versions.store` reads it)."""
PDF_SIGNATURE = b"%PDF-"
PDF_SIGNATURE_WINDOW = 1024


def write_atomic(path: Path, data: bytes, durable: bool = True) -> None:
    """Write `data` to `path` through a temporary file in the same folder and an atomic rename;
    `durable`: on the disk (fsync) before the rename, so that a crash leaves the old file or the
    new one (not needed for what is checked when read, as cache entries are)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o666 & ~current_umask())
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            if durable:
                os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def sha256_bytes(data: bytes) -> str:
    """The hex sha256 of `data`."""
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    """The hex sha256 of a file's content, read in chunks of a MiB."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def head_of(path: Path) -> bytes:
    """The first bytes of a file, as many as `looks_like_pdf` reads."""
    with path.open("rb") as handle:
        return handle.read(PDF_SIGNATURE_WINDOW)


def looks_like_pdf(head: bytes) -> bool:
    """Whether a file starting with `head` is a PDF: the `%PDF-` signature within its first 1024
    bytes, where PDF readers look for it."""
    return PDF_SIGNATURE in head[:PDF_SIGNATURE_WINDOW]


def json_bytes(value) -> bytes:
    """A JSON file of a version: keys sorted, indented by two, UTF-8 text unescaped, a newline last."""
    return (json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")


def renamed_version(data: bytes, version: str) -> bytes:
    """A JSON file of a version (`json_bytes`) that names its version in its top-level "version",
    naming `version` instead (`pipeline.export.registry.Exporter.names_version`)."""
    return json_bytes({**json.loads(data), "version": version})
