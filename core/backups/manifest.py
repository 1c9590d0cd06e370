"""The backup set on disk: its layout, the manifest and the checksums.

A set is one directory::

    manifest.json          written last; what the set holds and every checksum
    database.dump          pg_dump's custom format of one snapshot
    files/<field>/<name>   every stored file a row points to, <field> e.g. proposals.Attachment.file
"""

import hashlib
import json
import tomllib
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from django.conf import settings

from . import BackupError

FORMAT = "glab-portal-backup/1"
MANIFEST = "manifest.json"
DATABASE_DUMP = "database.dump"
FILES_DIR = "files"
CHUNK = 1024 * 1024


def portal_version() -> str:
    """The portal's version from pyproject.toml (the project is not installed as a package)."""
    try:
        with (Path(settings.BASE_DIR) / "pyproject.toml").open("rb") as handle:
            return tomllib.load(handle)["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


def copy_hashing(source: BinaryIO, target: BinaryIO | None = None) -> tuple[str, int]:
    """Reads ``source`` to its end (writing it to ``target`` if given): (sha256 hex, size)."""
    digest, size = hashlib.sha256(), 0
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
        if target is not None:
            target.write(chunk)
    return digest.hexdigest(), size


def file_sha256(path: Path) -> tuple[str, int]:
    with path.open("rb") as handle:
        return copy_hashing(handle)


def safe_relative(name: str) -> PurePosixPath:
    """A stored file's name as a relative path that stays inside the set (no ``..``, not absolute)."""
    path = PurePosixPath(name)
    if not name or path.is_absolute() or any(part in ("", ".", "..") for part in name.split("/")):
        raise BackupError(f"Refusing the stored file name {name!r}: not a plain relative path.")
    return path


def file_path(field: str, name: str) -> str:
    """Where a stored file lives in the set, relative to its root."""
    return str(PurePosixPath(FILES_DIR, safe_relative(field), safe_relative(name)))


def manifest_write(root: Path, manifest: dict) -> None:
    path = root / MANIFEST
    path.write_text(
        json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    path.chmod(0o600)


def manifest_read(root: Path) -> dict:
    """The set's manifest, its shape checked; refuses a set without one (an unfinished backup)."""
    path = root / MANIFEST
    if not path.is_file():
        raise BackupError(
            f"{path} is missing: {root} is not a backup set, or its backup did not finish."
        )
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BackupError(f"{path} cannot be read: {error}") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is not a {FORMAT} manifest.")
    for key in ("database", "files", "created_at", "portal_version"):
        if key not in manifest:
            raise BackupError(f"{path} has no {key!r}.")
    return manifest


def set_problems(root: Path, manifest: dict) -> list[str]:
    """Every file of the set whose checksum or size is not the manifest's (or that is missing)."""
    expected = [
        (manifest["database"]["file"], manifest["database"]["sha256"], manifest["database"]["size"])
    ]
    expected += [(entry["path"], entry["sha256"], entry["size"]) for entry in manifest["files"]]
    problems = [
        f"{entry['path']}: not where {entry['field']} {entry['name']!r} belongs"
        for entry in manifest["files"]
        if file_path(entry["field"], entry["name"]) != entry["path"]
    ]
    for relative, sha256, size in expected:
        path = root / safe_relative(relative)
        if not path.is_file():
            problems.append(f"{relative}: missing")
            continue
        found_sha, found_size = file_sha256(path)
        if (found_sha, found_size) != (sha256, size):
            problems.append(
                f"{relative}: sha256 {found_sha} ({found_size} bytes), manifest {sha256} ({size} bytes)"
            )
    return problems
