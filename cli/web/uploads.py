"""Uploaded forms onto disk, safely: generated folders, cleaned file names, bounded zips.

An uploaded name never becomes a path: only its last component is kept, cleaned to letters,
digits, CJK characters and a few punctuation marks, inside a folder whose name is generated.
The cleaned name is kept (rather than a number) because the reader assigns files to tables
by their names as well as their headers (``reserves.csv``, ``后备干部花名册.xlsx``). A zip is
unpacked member by member, counting the bytes actually written, so a zip bomb stops at the
limit whatever its headers claim. Nothing is executed or evaluated: files are only copied.
"""

from __future__ import annotations

import shutil
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

#: File types the reader takes (one of them, or a .zip of several).
FORM_SUFFIXES = (".xlsx", ".xls", ".csv", ".tsv", ".txt")
MAX_NAME = 80
_KEEP = set(" _-.()（）[]【】·")


class UploadError(Exception):
    """An upload that is refused; ``key`` and ``params`` name the catalogue message."""

    def __init__(self, message_key: str, **params: object) -> None:
        super().__init__(message_key)
        self.key = message_key
        self.params = params


@dataclass
class Stored:
    """What an upload became: the files kept and the members skipped (with why)."""

    files: list[dict[str, object]] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)


def clean_name(name: str) -> str:
    """The last component of ``name``, reduced to safe characters (may come back empty).

    ``../../etc/passwd`` becomes ``passwd``; ``C:\\x\\名单.xlsx`` becomes ``名单.xlsx``.
    """
    leaf = PurePosixPath(name.replace("\\", "/")).name
    leaf = unicodedata.normalize("NFC", leaf)
    kept = "".join(ch for ch in leaf if ch.isalnum() or ch in _KEEP).strip(" .")
    if len(kept) > MAX_NAME:
        stem, dot, suffix = kept.rpartition(".")
        kept = (stem[: MAX_NAME - len(suffix) - 1] + dot + suffix) if dot else kept[:MAX_NAME]
    return kept


def _unique(folder: Path, name: str, index: int) -> Path:
    """A path in ``folder`` for ``name`` that does not exist yet (``name (2).csv`` …)."""
    suffix = PurePosixPath(name).suffix.lower()
    stem = name[: len(name) - len(suffix)] if suffix else name
    if not stem:
        stem = f"form-{index}"
    candidate = folder / f"{stem}{suffix}"
    number = 2
    while candidate.exists():
        candidate = folder / f"{stem} ({number}){suffix}"
        number += 1
    # Belt and braces: the result must be a direct child of the generated folder.
    if candidate.resolve().parent != folder.resolve():
        raise UploadError("web.data.bad_type", name=name)
    return candidate


def _zip_name(info: zipfile.ZipInfo) -> str:
    """A member's name; zips made on Chinese Windows store GBK names without saying so."""
    name = info.filename
    if info.flag_bits & 0x800:
        return name
    try:
        raw = name.encode("cp437")
    except UnicodeEncodeError:
        return name
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return name


def store_upload(
    folder: Path, name: str, source: Path, *, max_unpacked: int, max_members: int = 200
) -> Stored:
    """Put one uploaded file (already saved at ``source``) into ``folder``.

    Parameters
    ----------
    folder
        The generated input folder of a session; emptied first.
    name
        The name the browser sent (used only for its cleaned last component and suffix).
    source
        Where the upload's bytes are (a temporary file).
    max_unpacked
        Bytes a zip may unpack to, in total.
    max_members
        Files a zip may hold.

    Raises
    ------
    UploadError
        For a file type the reader does not take, a broken zip, a zip that unpacks past the
        limits, or a zip without any form.
    """
    shown = clean_name(name) or "upload"
    suffix = PurePosixPath(shown).suffix.lower()
    if suffix not in (*FORM_SUFFIXES, ".zip"):
        raise UploadError("web.data.bad_type", name=shown)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    stored = Stored()
    if suffix != ".zip":
        target = _unique(folder, shown, 1)
        shutil.copyfile(source, target)
        stored.files.append(
            {"original": name, "stored": target.name, "size": target.stat().st_size}
        )
        return stored
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError):
        raise UploadError("web.data.bad_zip", name=shown) from None
    limit_mb = max_unpacked // (1024 * 1024)
    with archive:
        members = archive.infolist()
        if len(members) > max_members:
            raise UploadError("web.data.zip_too_many", name=shown, limit=max_members)
        if sum(info.file_size for info in members) > max_unpacked:
            raise UploadError("web.data.zip_too_large", name=shown, limit=limit_mb)
        written = 0
        for index, info in enumerate(members, start=1):
            member = _zip_name(info)
            parts = PurePosixPath(member.replace("\\", "/")).parts
            leaf = clean_name(member)
            if info.is_dir():
                continue
            hidden = [p for p in parts if p not in (".", "..")]
            if any(p.startswith(".") or p == "__MACOSX" for p in hidden) or leaf.startswith("~$"):
                stored.skipped.append({"name": member, "why": "web.data.skip.hidden"})
                continue
            member_suffix = PurePosixPath(leaf).suffix.lower()
            if member_suffix == ".zip":
                stored.skipped.append({"name": member, "why": "web.data.skip.nested"})
                continue
            if member_suffix not in FORM_SUFFIXES:
                stored.skipped.append({"name": member, "why": "web.data.skip.type"})
                continue
            target = _unique(folder, leaf, index)
            try:
                with archive.open(info) as reader, target.open("wb") as writer:
                    while chunk := reader.read(1 << 16):
                        written += len(chunk)
                        if written > max_unpacked:
                            raise UploadError("web.data.zip_too_large", name=shown, limit=limit_mb)
                        writer.write(chunk)
            except UploadError:
                shutil.rmtree(folder)
                folder.mkdir()
                raise
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError):
                shutil.rmtree(folder)
                folder.mkdir()
                raise UploadError("web.data.bad_zip", name=shown) from None
            stored.files.append(
                {"original": member, "stored": target.name, "size": target.stat().st_size}
            )
    if not stored.files:
        raise UploadError("web.data.zip_empty", name=shown)
    return stored


def data_argument(folder: Path, files: list[dict[str, object]]) -> str:
    """The ``--data`` argument (relative to the folder's parent) for the stored files.

    One workbook is passed as the file itself, anything else as the folder, which is what
    ``load_dataset`` takes.
    """
    if len(files) == 1 and str(files[0]["stored"]).lower().endswith((".xlsx", ".xls")):
        return f"{folder.name}/{files[0]['stored']}"
    return folder.name
