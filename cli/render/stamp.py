"""The moment a run's files are dated with, so that a rerun writes the same bytes.

A workbook carries times of its own: the creation and modification times in
``docProps/core.xml``, a time on every member of its zip, and the date printed in every
page footer and on the 报送 sheet (填报时间). Left to the clock, a rerun on the same data
writes a different file. Here they all come from one **planning moment**:

- ``SOURCE_DATE_EPOCH`` (seconds since 1970-01-01 UTC, the reproducible-builds convention)
  when the environment sets it, as a rerun does with the value its first run recorded;
- otherwise the time the command started, to the second.

The moment is recorded in ``summary.json`` as ``source_date_epoch``, so
``SOURCE_DATE_EPOCH=<that value> plan mentors ...`` on the same inputs repeats every file
byte for byte (``summary.json`` itself apart from its timing fields).

Dates a person reads (the footer, 填报时间) are the moment's calendar day in the computer's
time zone; times inside the file (core.xml, zip members) are UTC.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

#: The environment variable of the reproducible-builds convention.
ENV = "SOURCE_DATE_EPOCH"
#: Zip member times cannot be earlier than 1980-01-01.
_ZIP_EPOCH = 315532800
#: The last second a zip (xlsx) member can record: 2107-12-31 23:59:59 UTC.
LATEST_EPOCH = 4354819199
_started = int(time.time())
_CORE = "docProps/core.xml"
_DCTERMS = re.compile(rb"(<dcterms:(created|modified)\b[^>]*>)[^<]*(</dcterms:\2>)")


def planning_epoch() -> int:
    """The run's planning moment in whole seconds since 1970-01-01 UTC.

    ``SOURCE_DATE_EPOCH`` when set (a whole number of seconds from 0 to
    :data:`LATEST_EPOCH`), else the time this process started (the same for every file of
    one run). An empty value counts as unset.

    Raises
    ------
    OptionError
        ``SOURCE_DATE_EPOCH`` is set to anything else (``abc``, ``-1``, a moment past 2107,
        which no xlsx file can record): a usage error, exit 2, naming the variable.
    """
    raw = os.environ.get(ENV, "").strip()
    if not raw:
        return _started
    if raw.isascii() and raw.isdigit() and int(raw) <= LATEST_EPOCH:
        return int(raw)
    from cadreplan.solver.errors import OptionError

    raise OptionError(
        key="cli.source_date_epoch", params={"value": raw[:40], "latest": LATEST_EPOCH}
    )


def planning_date() -> dt.date:
    """The calendar day printed on the run's pages (in the computer's time zone)."""
    return dt.datetime.fromtimestamp(planning_epoch()).date()


def fix_zip_times(
    path: Path,
    epoch: int | None = None,
    *,
    edit: Callable[[str, bytes], bytes] | None = None,
    compresslevel: int | None = None,
) -> None:
    """Rewrite the zip (xlsx) at ``path`` so that its bytes depend on its contents only.

    Every member gets the time ``epoch`` (default :func:`planning_epoch`, in UTC, no earlier
    than 1980) and ``docProps/core.xml`` its ``created`` and ``modified`` times; member
    order, contents and compression are kept. The file is replaced atomically.

    Parameters
    ----------
    path
        A zip file, such as a workbook openpyxl has just saved.
    epoch
        Seconds since 1970-01-01 UTC.
    edit
        ``edit(name, data)`` gives a member's new data in the same pass (the data rows of
        large sheets, see :class:`.fastrows.RowSplices`), so the workbook is rewritten once.
    compresslevel
        The deflate level of the rewritten members (default zlib's 6).
    """
    epoch = planning_epoch() if epoch is None else epoch
    moment = dt.datetime.fromtimestamp(max(epoch, _ZIP_EPOCH), dt.UTC)
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    date_time = moment.timetuple()[:6]
    temporary = path.with_name(path.name + ".stamp")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(temporary, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == _CORE:
                data = _DCTERMS.sub(lambda m: m.group(1) + stamp + m.group(3), data)
            if edit is not None:
                data = edit(info.filename, data)
            member = zipfile.ZipInfo(info.filename, date_time=date_time)
            member.compress_type = info.compress_type
            member.external_attr = info.external_attr
            target.writestr(member, data, compresslevel=compresslevel)
    os.replace(temporary, path)
