"""Uploaded forms onto disk, safely: generated names only, original names as data.

An uploaded name never becomes a path. Every file is stored as ``f001.csv``, ``f002.xlsx``
… (a counter and the lower-cased type) inside the session's generated folder, and the names
the user gave are written beside them as data, in the folder's names file
(``.names.json``, :data:`cadreplan.solver.intake.files.NAMES_FILE`). The reader shows and
recognises each file by that name (``后备干部花名册.xlsx``, ``reserves.csv``), exactly as if
it had been saved under it, and ``plan`` reads the same folder the same way. A zip is
unpacked member by member, counting the bytes actually written, so a zip bomb stops at the
limit whatever its headers claim. Nothing is executed or evaluated: files are only copied.
"""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from cadreplan.solver.intake.files import CONTROL_RE, NAMES_FILE

#: File types the reader takes (one of them, or a .zip of several).
FORM_SUFFIXES = (".xlsx", ".xls", ".csv", ".tsv", ".txt")
#: Longest original name kept (characters); a longer one is cut before its type.
MAX_NAME = 120
#: Control characters dropped from a name: the reader's own set (C0, C1, bidirectional
#: overrides), and tab and line breaks too.
_CONTROL = re.compile(CONTROL_RE.pattern + r"|[\t\n\r]")


class UploadError(Exception):
    """An upload that is refused; ``key`` and ``params`` name the catalogue message."""

    def __init__(self, message_key: str, **params: object) -> None:
        super().__init__(message_key)
        self.key = message_key
        self.params = params


@dataclass
class Stored:
    """What an upload became: the files kept and the members skipped (with why).

    Each file is ``{"original": name shown, "stored": generated name, "size": bytes}``.
    """

    files: list[dict[str, object]] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)


def _parts(name: str) -> list[str]:
    """The components of a sent name, without empty, ``.`` and ``..`` ones."""
    parts = PurePosixPath(name.replace("\\", "/")).parts
    return [p for p in parts if p not in ("/", ".", "..", "")]


def shown_name(name: str, whole_path: bool = False) -> str:
    """The name a file is shown and read by: data, never a path (may come back empty).

    The last component of ``name`` (or, with ``whole_path``, its components joined by ``/``
    without ``.``, ``..`` and a leading ``/``), NFC-normalised, without control characters,
    at most :data:`MAX_NAME` characters. ``../../etc/passwd`` becomes ``passwd``;
    ``C:\\x\\名单.xlsx`` becomes ``名单.xlsx``.
    """
    parts = _parts(unicodedata.normalize("NFC", name))
    if not parts:
        return ""
    text = "/".join(parts) if whole_path else parts[-1]
    text = _CONTROL.sub("", text).strip()
    if len(text) > MAX_NAME:
        suffix = PurePosixPath(text).suffix
        text = text[: MAX_NAME - len(suffix)] + suffix
    return text


def _generated(folder: Path, index: int, suffix: str) -> Path:
    """The stored path of the ``index``-th file: ``f001.csv`` inside ``folder``."""
    return folder / f"f{index:03d}{suffix}"


def _write_names(folder: Path, files: list[dict[str, object]]) -> None:
    """Write the folder's names file: generated name -> the name the user gave."""
    names = {str(f["stored"]): str(f["original"]) for f in files}
    (folder / NAMES_FILE).write_text(json.dumps(names, ensure_ascii=False, indent=1), "utf-8")


def _distinct(kept: list[tuple[zipfile.ZipInfo, str]]) -> list[str]:
    """Shown names for zip members: the file name, or its path inside the zip where two
    members share a file name; ``(2)``, ``(3)`` … where even those are alike."""
    leaves = [shown_name(member) for _, member in kept]
    counts: dict[str, int] = {}
    for leaf in leaves:
        counts[leaf.casefold()] = counts.get(leaf.casefold(), 0) + 1
    names = [
        shown_name(member, whole_path=True) if counts[leaf.casefold()] > 1 else leaf
        for leaf, (_, member) in zip(leaves, kept, strict=True)
    ]
    seen: set[str] = set()
    result = []
    for name in names:
        candidate, number = name, 2
        suffix = PurePosixPath(name).suffix
        while candidate.casefold() in seen:
            candidate = f"{name[: len(name) - len(suffix)]} ({number}){suffix}"
            number += 1
        seen.add(candidate.casefold())
        result.append(candidate)
    return result


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
        The name the browser sent: kept as data (its last component) in the names file and
        used for its type; never part of a path.
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
    shown = shown_name(name) or "upload"
    suffix = PurePosixPath(shown).suffix.lower()
    if suffix not in (*FORM_SUFFIXES, ".zip"):
        raise UploadError("web.data.bad_type", name=shown)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    stored = Stored()
    if suffix != ".zip":
        target = _generated(folder, 1, suffix)
        shutil.copyfile(source, target)
        stored.files.append(
            {"original": shown, "stored": target.name, "size": target.stat().st_size}
        )
        _write_names(folder, stored.files)
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
        kept: list[tuple[zipfile.ZipInfo, str]] = []
        for info in members:
            if info.is_dir():
                continue
            member = _zip_name(info)
            parts = _parts(member)
            leaf = shown_name(member)
            if any(p.startswith(".") or p == "__MACOSX" for p in parts) or leaf.startswith("~$"):
                stored.skipped.append({"name": member, "why": "web.data.skip.hidden"})
                continue
            member_suffix = PurePosixPath(leaf).suffix.lower()
            if member_suffix == ".zip":
                stored.skipped.append({"name": member, "why": "web.data.skip.nested"})
                continue
            if member_suffix not in FORM_SUFFIXES:
                stored.skipped.append({"name": member, "why": "web.data.skip.type"})
                continue
            kept.append((info, member))
        written = 0
        for index, ((info, _), original) in enumerate(zip(kept, _distinct(kept), strict=True), 1):
            target = _generated(folder, index, PurePosixPath(original).suffix.lower())
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
                {"original": original, "stored": target.name, "size": target.stat().st_size}
            )
    if not stored.files:
        raise UploadError("web.data.zip_empty", name=shown)
    _write_names(folder, stored.files)
    return stored


def data_argument(folder: Path, files: list[dict[str, object]]) -> str:
    """The ``--data`` argument (relative to the folder's parent): the folder, always.

    The folder (not a single stored file) is what carries the names file, so the reader
    knows each file by the name the user gave it.
    """
    return folder.name
