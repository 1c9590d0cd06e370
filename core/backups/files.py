"""The files half of a backup: every stored file a row points to, read and written only through
the storage API of the field that points to it (``field.storage``), so local disk and
S3-compatible storage are backed up and restored alike."""

from dataclasses import dataclass
from pathlib import Path

from django.core.files import File
from django.core.files.storage import Storage
from django.db import models

from core.storage import field_names, file_fields

from . import BackupError
from .manifest import copy_hashing, file_path


@dataclass(frozen=True)
class StoredField:
    key: str  # "<app>.<Model>.<field>"
    model: type[models.Model]
    field: models.FileField

    @property
    def storage(self) -> Storage:
        return self.field.storage


def stored_fields() -> list[StoredField]:
    """Every file field of the portal's models (``core.storage.file_fields``), each with the
    storage it writes to."""
    found = [StoredField(f"{model._meta.label}.{field.name}", model, field) for model, field in file_fields()]
    return sorted(found, key=lambda stored: stored.key)


def referenced_names(stored: StoredField) -> list[str]:
    """The names the rows hold in ``stored``'s field (in the caller's transaction)."""
    return sorted(field_names(stored.model, stored.field))


def copy_out(stored: StoredField, name: str, root: Path) -> dict:
    """Copies one stored file into the set; its manifest entry."""
    relative = file_path(stored.key, name)
    target = root / relative
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        with stored.storage.open(name, "rb") as source, target.open("wb") as out:
            sha256, size = copy_hashing(source, out)
    except FileNotFoundError as error:
        raise BackupError(
            f"{stored.key} {name!r} is referenced by the database but missing from its storage "
            "(deleted since the snapshot, or lost before it): run the backup again; if it is still missing, "
            "the file was lost before this backup."
        ) from error
    target.chmod(0o600)
    return {"field": stored.key, "name": name, "path": relative, "sha256": sha256, "size": size}


def _where(storage: Storage) -> str:
    """A storage's place, for messages: its bucket and prefix on S3, its directory on disk."""
    bucket, location = (
        getattr(storage, "bucket_name", ""),
        str(getattr(storage, "location", "") or ""),
    )
    return f"s3://{bucket}/{location}" if bucket else location or type(storage).__name__


def nonempty_storages(fields: list[StoredField]) -> list[str]:
    """The storages (of ``fields``) that already hold something: a restore writes only into empty ones."""
    checked, found = set(), []
    for stored in fields:
        where = _where(stored.storage)
        if where in checked:
            continue
        checked.add(where)
        try:
            directories, names = stored.storage.listdir("")
        except FileNotFoundError:  # a local directory not made yet: empty
            continue
        if directories or names:
            found.append(
                f"{where} (used by {stored.key}) holds {', '.join(sorted([*directories, *names])[:3])}"
            )
    return found


def copy_in(stored: StoredField, entry: dict, root: Path) -> None:
    """Writes one file of the set back through its field's storage under its recorded name, then
    reads it back from the storage and checks its sha256 against the manifest."""
    storage, name = stored.storage, entry["name"]
    with (root / entry["path"]).open("rb") as handle:
        saved = storage.save(name, File(handle, name=name))
    if saved != name:
        raise BackupError(f"{stored.key}: the storage stored {name!r} as {saved!r} (was it empty?)")
    with storage.open(name, "rb") as handle:
        sha256, size = copy_hashing(handle)
    if (sha256, size) != (entry["sha256"], entry["size"]):
        raise BackupError(
            f"{stored.key} {name!r}: read back sha256 {sha256} ({size} bytes), manifest {entry['sha256']}"
        )
