"""CSV outputs as Excel opens them: byte-order mark, encodings and the error path."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from cadreplan.cli.main import plan
from cadreplan.cli.render.output import write_csv
from cadreplan.scenarios import sample_path
from cadreplan.solver.errors import OptionError

BOM = b"\xef\xbb\xbf"
COMMANDS = {
    "mentors": ["mentor_pairs.csv", "mentor_load.csv", "unassigned.csv"],
    "backfill": [
        "appointments.csv",
        "shortlist.csv",
        "unfilled.csv",
        "eligibility.csv",
        "reserve_ratio.csv",
    ],
    "budget": ["budget_summary.csv"],
}


def run(command: str, out: Path, *extra: str) -> None:
    args = [command, "--out", str(out), "--quiet", *extra]
    if command == "budget":
        args += ["--draws", "200"]
    else:
        args += ["--year", "2026"]
    result = CliRunner().invoke(plan, args)
    assert result.exit_code == 0, result.output


def excel_reads(data: bytes) -> list[list[str]]:
    """Decode CSV bytes as Excel does on a double-click: UTF-8 only with a BOM, else GBK."""
    text = data[3:].decode("utf-8") if data.startswith(BOM) else data.decode("cp936")
    return list(csv.reader(io.StringIO(text)))


def sample_names() -> set[str]:
    names: set[str] = set()
    for table in ("reserves", "mentors", "dispatched", "villages"):
        names |= set(pd.read_csv(sample_path() / f"{table}.csv", encoding="utf-8")["name"])
    return names


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_excel_sees_the_same_names(tmp_path: Path, command: str) -> None:
    """Each CSV starts with a BOM, keeps English headers and shows the sample's names to Excel."""
    run(command, tmp_path)
    names = sample_names()
    for name in COMMANDS[command]:
        data = (tmp_path / name).read_bytes()
        assert data.startswith(BOM), name
        rows = excel_reads(data)
        assert rows[0] == list(pd.read_csv(tmp_path / name, encoding="utf-8-sig").columns)
        assert all(cell.isascii() for cell in rows[0]), rows[0]
        text_cells = {cell for row in rows[1:] for cell in row}
        if command != "budget" and len(rows) > 1:
            shown = {c for c in text_cells if c in names}
            assert shown, f"{name} shows no sample name as Excel decodes it"
            assert not any("\ufffd" in c for c in text_cells)


def test_without_bom_excel_garbles_chinese(tmp_path: Path) -> None:
    """With --csv-encoding utf-8 there is no BOM, and Excel's GBK reading garbles 林志鹏."""
    run("mentors", tmp_path, "--csv-encoding", "utf-8")
    data = (tmp_path / "mentor_pairs.csv").read_bytes()
    assert not data.startswith(BOM)
    assert "林志鹏" in data.decode("utf-8")
    assert "林志鹏" not in data.decode("cp936", errors="replace")


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_gb18030_round_trips(tmp_path: Path, command: str) -> None:
    """--csv-encoding gb18030 writes the same table as the default, byte for byte once decoded."""
    run(command, tmp_path / "bom")
    run(command, tmp_path / "gb", "--csv-encoding", "gb18030")
    for name in COMMANDS[command]:
        default = (tmp_path / "bom" / name).read_bytes().decode("utf-8-sig")
        gb = (tmp_path / "gb" / name).read_bytes()
        assert not gb.startswith(BOM)
        assert gb.decode("gb18030") == default


def test_unknown_encoding_is_a_usage_error(tmp_path: Path) -> None:
    """An encoding outside the three is refused by the option itself (exit 2)."""
    result = CliRunner().invoke(
        plan, ["mentors", "--out", str(tmp_path), "--csv-encoding", "latin1"]
    )
    assert result.exit_code == 2
    assert "'latin1' is not one of 'utf-8-sig', 'utf-8', 'gb18030'" in result.output


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030"])
def test_unwritable_character_names_the_cell(tmp_path: Path, encoding: str) -> None:
    """A lone surrogate (the only thing none of the encodings can write) names its cell."""
    frame = pd.DataFrame({"reserve_id": ["R01", "R02"], "reserve_name": ["林志鹏", "bad\ud800"]})
    with pytest.raises(OptionError) as caught:
        write_csv(tmp_path, "mentor_pairs.csv", frame, encoding)
    assert str(caught.value) == (
        f"mentor_pairs.csv row 3, column reserve_name: character U+D800 cannot be written as "
        f"{encoding}. Remove it from the input, or choose another --csv-encoding."
    )
    assert not (tmp_path / "mentor_pairs.csv").exists()


@pytest.mark.parametrize("text", ["林志鹏", "𠮷野家", "€ 1,000", "=SUM(A1)"])
def test_every_encoding_keeps_the_text(tmp_path: Path, text: str) -> None:
    """Chinese (also outside the BMP), symbols and neutralised formulas survive each encoding."""
    frame = pd.DataFrame({"name": [text]})
    for encoding in ("utf-8-sig", "utf-8", "gb18030"):
        path = write_csv(tmp_path, f"{encoding}.csv", frame, encoding)
        back = pd.read_csv(path, encoding=encoding)["name"][0]
        assert back == ("'" + text if text.startswith("=") else text)
