"""Route tests of ``plan serve``: every page, every error path, and the safety rules."""

from __future__ import annotations

import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="plan serve's [web] extra is not installed")

from click.testing import CliRunner  # noqa: E402
from starlette.testclient import TestClient  # noqa: E402
from web_helpers import (  # noqa: E402
    cli,
    cli_error,
    client_for,
    csrf_of,
    rules_form,
    sample_zip,
    start,
    text_of,
    upload,
    wait,
)

from cadreplan.cli.main import plan  # noqa: E402
from cadreplan.scenarios import sample_path  # noqa: E402

PAGES = ("/data", "/rules", "/run", "/results", "/history")


# pages -------------------------------------------------------------------------------------
@pytest.mark.parametrize("page", PAGES)
def test_every_page_opens_in_chinese_by_default(client, page: str) -> None:
    """Each page answers 200 in Chinese with the five-page navigation, before any data."""
    response = client.get(page)
    assert response.status_code == 200
    assert '<html lang="zh-CN">' in response.text
    for word in ("数据", "规则", "运行", "结果", "历史"):
        assert word in response.text


@pytest.mark.parametrize("page", PAGES)
def test_english_switch_is_kept_across_pages(client, page: str) -> None:
    """The language switch sets English for every later page and goes back to the page."""
    response = client.get(f"/lang?to=en&next={page}", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == page
    response = client.get(page)
    assert '<html lang="en">' in response.text
    assert "History" in response.text and "历史" not in text_of(response.text).replace("中文", "")


def test_language_switch_never_redirects_off_site(client) -> None:
    """The switch's ``next`` cannot send the browser to another site."""
    response = client.get("/lang?to=en&next=//evil.example/", follow_redirects=False)
    assert response.headers["location"] == "/data"


def test_sample_is_read_and_its_tables_listed(sampled) -> None:
    """Picking the sample reads it as the commands do and lists every table with rows."""
    page = text_of(sampled.get("/data").text)
    assert "读取成功" in page
    assert "reserves 24" in page and "villages 13" in page and "mentors 9" in page


def test_unknown_page_and_other_method(client) -> None:
    """An unknown page is a 404 page in the page's language, not a traceback."""
    response = client.get("/nowhere")
    assert response.status_code == 404
    assert "没有这个页面" in response.text and "Traceback" not in response.text


# uploads -----------------------------------------------------------------------------------
def test_upload_of_a_zip_of_forms_is_read(client) -> None:
    """A zip of the sample's CSV files (inside a folder) is unpacked and read."""
    upload(client, "样例.zip", sample_zip())
    page = text_of(client.get("/data").text)
    assert "读取成功" in page and "reserves 24" in page
    assert "样例.zip" in page


def test_upload_of_one_workbook_is_read(client, tmp_path: Path) -> None:
    """One .xlsx whose sheets are named after the tables is read as --data would read it."""
    import pandas as pd

    book = tmp_path / "district.xlsx"
    with pd.ExcelWriter(book) as writer:
        for path in sorted(sample_path().glob("*.csv")):
            pd.read_csv(path, dtype=str, keep_default_na=False).to_excel(
                writer, sheet_name=path.stem, index=False
            )
    upload(client, "district.xlsx", book.read_bytes())
    page = text_of(client.get("/data").text)
    assert "读取成功" in page and "reserves 24" in page


@pytest.mark.parametrize("name", ["../../etc/passwd", "..\\..\\evil.exe", "macro.xlsm", "x"])
def test_upload_name_never_becomes_a_path(client, tmp_path: Path, name: str) -> None:
    """A traversal name or a type the reader does not take is refused; nothing is written."""
    before = {p for p in tmp_path.rglob("*")}
    response = upload(client, name, b"root:x:0:0")
    assert response.status_code == 400
    assert "只能上传" in text_of(response.text)
    written = {p for p in tmp_path.rglob("*")} - before
    assert all(str(p).startswith(str(tmp_path / "serve")) for p in written)
    assert not any(p.name in ("passwd", "evil.exe", "macro.xlsm") for p in written)


GENERATED = re.compile(r"f\d{3}\.(csv|xlsx|xls|tsv|txt)")


def _stored_files(root: Path) -> list[Path]:
    """Every file the uploads left under the data folder's session folders."""
    return [p for p in (root / "work").rglob("*") if p.is_file()]


def _names_file(root: Path) -> dict[str, str]:
    (names,) = list((root / "work").rglob(".names.json"))
    assert names.parent.name == "input"
    return json.loads(names.read_text("utf-8"))


def test_traversal_name_with_a_form_suffix_stays_inside(client, tmp_path: Path) -> None:
    """``../../villages.csv`` is stored as ``input/f001.csv``; its name is kept only as data."""
    data = (sample_path() / "villages.csv").read_bytes()
    upload(client, "../../villages.csv", data)
    root = tmp_path / "serve"
    assert not (tmp_path / "villages.csv").exists() and not list(tmp_path.rglob("villages.csv"))
    stored = [p for p in _stored_files(root) if p.name != ".names.json"]
    assert [p.name for p in stored] == ["f001.csv"] and stored[0].parent.name == "input"
    assert _names_file(root) == {"f001.csv": "villages.csv"}
    assert "villages.csv" in text_of(client.get("/data").text)


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("C:\\fakepath\\村基本情况.csv", "村基本情况.csv"),
        ("../../村基本情况.csv", "村基本情况.csv"),
        ("名单/./../村基本情况.csv", "村基本情况.csv"),
    ],
)
def test_uploaded_name_is_data_not_a_path(client, tmp_path: Path, sent: str, kept: str) -> None:
    """Whatever name the browser sends, the file is stored as f001.csv and read as the table
    its last component names (村基本情况 = villages)."""
    upload(client, sent, (sample_path() / "villages.csv").read_bytes())
    root = tmp_path / "serve"
    assert {p.name for p in _stored_files(root)} == {"f001.csv", ".names.json"}
    assert _names_file(root) == {"f001.csv": kept}
    page = text_of(client.get("/data").text)
    assert kept in page


def _named_forms_zip() -> bytes:
    """The sample's forms in a zip as an office sends them: Chinese names in a folder,
    nominees told from reserves by name only, and members that try to leave the folder."""
    renamed = {"reserves.csv": "材料/后备干部花名册.csv", "nominees.csv": "材料/推荐人选.csv"}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(sample_path().glob("*.csv")):
            name = renamed.get(path.name, f"../../{path.name}")
            archive.writestr(name, path.read_bytes())
        archive.writestr("/etc/passwd.csv", "a,b\n1,2\n")
        archive.writestr("../../../evil.sh", "rm -rf /")
        archive.writestr("__MACOSX/._villages.csv", "junk")
    return buffer.getvalue()


def test_zip_members_are_stored_under_generated_names(client, tmp_path: Path) -> None:
    """Zip members named ``../../x.csv``, ``/etc/passwd.csv`` or in Chinese are stored only as
    input/f001.csv …; the names file keeps their names, by which the reader tells nominees
    (推荐人选) from reserves (后备干部花名册), on the page and in the run alike."""
    upload(client, "forms.zip", _named_forms_zip())
    root = tmp_path / "serve"
    assert not (tmp_path / "villages.csv").exists() and not list(tmp_path.rglob("evil.sh"))
    stored = _stored_files(root)
    assert {p.parent.name for p in stored} == {"input"}
    assert all(GENERATED.fullmatch(p.name) for p in stored if p.name != ".names.json")
    names = _names_file(root)
    assert sorted(names) == [f"f{i:03d}.csv" for i in range(1, len(names) + 1)]
    assert {"后备干部花名册.csv", "推荐人选.csv", "villages.csv", "passwd.csv"} <= set(
        names.values()
    )
    page = text_of(client.get("/data").text)
    assert "reserves 24" in page and "nominees 9" in page
    assert "后备干部花名册.csv" in page and "推荐人选.csv" in page
    assert "../../../evil.sh：不是 cadreplan 读取的表格类型" in page
    assert "__MACOSX/._villages.csv：隐藏文件或系统文件" in page
    run = start(client, "mentors")
    assert wait(client, run)["status"] == "done"
    intake = client.get(run + "/files/intake.csv").content.decode("utf-8-sig")
    assert "后备干部花名册.csv,reserves" in intake and "推荐人选.csv,nominees" in intake
    assert "f00" not in intake


def test_duplicate_member_names_are_told_apart(client, tmp_path: Path) -> None:
    """Two members with one file name keep their paths in the zip as names, so the reader's
    message says which two files hold the same table."""
    buffer = io.BytesIO()
    reserves = (sample_path() / "reserves.csv").read_bytes()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(sample_path().glob("*.csv")):
            if path.name != "reserves.csv":
                archive.writestr(path.name, path.read_bytes())
        archive.writestr("2025年/reserves.csv", reserves)
        archive.writestr("2026年/reserves.csv", reserves)
        archive.writestr("2026年/./reserves.csv", reserves)
    upload(client, "two years.zip", buffer.getvalue())
    names = set(_names_file(tmp_path / "serve").values())
    assert {"2025年/reserves.csv", "2026年/reserves.csv", "2026年/reserves (2).csv"} <= names
    client.get("/lang?to=en&next=/data")
    page = text_of(client.get("/data").text)
    assert "2025年/reserves.csv" in page and "2026年/reserves.csv" in page


def test_zip_bomb_is_refused_by_unpacked_size(tmp_path: Path) -> None:
    """A zip that unpacks past the limit (3 MB of zeros against 1 MB) is refused whole."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("villages.csv", b"0" * (3 * 1024 * 1024))
    assert len(buffer.getvalue()) < 50_000
    with client_for(tmp_path / "serve", max_unpacked=1024 * 1024) as client:
        response = upload(client, "bomb.zip", buffer.getvalue())
        assert response.status_code == 400
        assert "forms.zip" not in response.text and "解压后超过 1 MB" in text_of(response.text)
    assert not list((tmp_path / "serve").rglob("villages.csv"))


def test_broken_zip_is_refused(client) -> None:
    """Bytes that are not a zip get the page's message, not a traceback."""
    response = upload(client, "forms.zip", b"PK\x03\x04 not really")
    assert response.status_code == 400
    assert "不是可读取的 .zip 文件" in text_of(response.text)


def test_upload_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    """A body larger than --max-upload-mb is refused with 413 and says how to proceed."""
    with client_for(tmp_path / "serve", max_upload=100_000) as client:
        response = upload(client, "big.csv", b"x" * 200_000)
        assert response.status_code == 413
        assert "上传文件超过" in response.text


def test_no_file_chosen(client) -> None:
    """Posting the upload form without a file says so."""
    response = client.post("/data/upload", data={"csrf": csrf_of(client)})
    assert response.status_code == 400 and "请先选择文件" in response.text


def test_bad_data_shows_the_message_the_cli_gives(client, tmp_path: Path) -> None:
    """A duplicate village id is shown on the Data page exactly as ``plan check`` words it."""
    folder = tmp_path / "input"
    shutil.copytree(sample_path(), folder)
    villages = folder / "villages.csv"
    lines = villages.read_text("utf-8").splitlines()
    villages.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    expected = cli_error(tmp_path, "check", "--data", "input", "--year", "2026")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in folder.iterdir():
            archive.write(path, path.name)
    upload(client, "bad.zip", buffer.getvalue())
    client.get("/lang?to=en&next=/data")
    page = text_of(client.get("/data").text)
    assert expected in page
    assert "Traceback" not in page


def test_formula_is_not_evaluated(client, tmp_path: Path) -> None:
    """A workbook cell holding a formula is never evaluated: the page says what the CLI says."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "villages"
    sheet.append(["village_id", "name", "town", "population"])
    sheet.append(["V01", "甲村", "青溪街道", "=1+1"])
    path = tmp_path / "district.xlsx"
    book.save(path)
    result = cli(tmp_path, "check", "--data", "district.xlsx", "--year", "2026")
    upload(client, "district.xlsx", path.read_bytes())
    client.get("/lang?to=en&next=/data")
    page = text_of(client.get("/data").text)
    if result.returncode == 2:
        message = result.stderr.strip().splitlines()[-1][len("error:") :].strip()
        assert message in page
    else:
        assert "Read without problems" in page
    assert "population 2" not in page


def test_page_escapes_uploaded_text(client) -> None:
    """A name with markup is shown as text: no script from an upload reaches the page."""
    upload(client, "<script>alert(1)</script>.csv", b"village_id,name,town\nV1,<b>x</b>,t\n")
    page = client.get("/data").text
    assert "<script>alert" not in page


# column mappings ---------------------------------------------------------------------------
def test_column_mapping_writes_the_columns_file(sampled) -> None:
    """Adding a mapping writes ``[table] "header" = "column"``, as --columns reads it."""
    csrf = csrf_of(sampled)
    response = sampled.post(
        "/data/columns",
        data={"csrf": csrf, "table": "reserves", "header": "后备人选姓名", "column": "name"},
    )
    assert response.status_code == 200
    text = sampled.get("/data/columns.toml").text
    assert text.strip() == '[reserves]\n"后备人选姓名" = "name"'
    sampled.post(
        "/data/columns/remove", data={"csrf": csrf, "table": "reserves", "header": "后备人选姓名"}
    )
    assert sampled.get("/data/columns.toml").text.strip() == ""


@pytest.mark.parametrize(
    ("table", "column"), [("reserves", "no_such_column"), ("no_such_table", "name")]
)
def test_column_mapping_refuses_unknown_names(sampled, table: str, column: str) -> None:
    """A mapping to an unknown table or column is refused on the page (exit-2 material)."""
    response = sampled.post(
        "/data/columns",
        data={"csrf": csrf_of(sampled), "table": table, "header": "X", "column": column},
    )
    assert response.status_code == 400


def test_column_mapping_needs_both_names(sampled) -> None:
    """A mapping without a header is refused with a message."""
    response = sampled.post(
        "/data/columns",
        data={"csrf": csrf_of(sampled), "table": "reserves", "header": "", "column": "name"},
    )
    assert response.status_code == 400 and "请同时填写" in response.text


def _needs_intake() -> None:
    from cadreplan.cli.web.reading import loader_takes_columns

    if not loader_takes_columns():
        pytest.skip("this version's loader takes no column mappings (--columns) yet")


def test_intake_report_is_shown(sampled) -> None:
    """The Data page shows the intake report: every file read and every column it became."""
    _needs_intake()
    page = sampled.get("/data").text
    assert 'id="intake-report"' in page
    report = page.split('id="intake-report"')[1].split("</table>")[0]
    assert "reserves.csv" in report and "已读取" in report


def _upload_with_extra_vetting_column(client, tmp_path: Path) -> None:
    folder = tmp_path / "forms"
    shutil.copytree(sample_path(), folder)
    vetting = folder / "vetting.csv"
    lines = vetting.read_text("utf-8").splitlines()
    lines = [f"序号,{lines[0]}"] + [f"{i},{line}" for i, line in enumerate(lines[1:], 1)]
    vetting.write_text("\n".join(lines) + "\n", encoding="utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in folder.iterdir():
            archive.write(path, path.name)
    upload(client, "forms.zip", buffer.getvalue())


def test_mapping_selects_start_blank_and_a_blank_target_maps_nothing(client, tmp_path) -> None:
    """An ignored column's select starts on a blank choice, and adding it unchosen maps nothing."""
    _needs_intake()
    _upload_with_extra_vetting_column(client, tmp_path)
    page = client.get("/data").text
    ignored = page.split('id="ignored-columns"')[1].split("</table>")[0]
    row = ignored.split('name="header" value="序号">')[1].split("</select>")[0]
    selected = re.findall(r'<option value="([^"]*)"[^>]*\bselected\b', row)
    assert selected == [""] and "请选择" in row
    response = client.post(
        "/data/columns",
        data={"csrf": csrf_of(client), "table": "vetting", "header": "序号", "column": ""},
    )
    assert response.status_code == 400 and "未给“序号”选择已知列，未添加任何对应" in response.text
    assert client.get("/data/columns.toml").text.strip() == ""


def test_mapping_a_column_fixes_the_reading_and_the_runs(client, tmp_path: Path) -> None:
    """A reserves sheet whose name column has another header reads after mapping it, and
    runs then pass the same mapping file to the command (--columns)."""
    _needs_intake()
    folder = tmp_path / "forms"
    shutil.copytree(sample_path(), folder)
    reserves = folder / "reserves.csv"
    lines = reserves.read_text("utf-8").splitlines()
    lines[0] = ",".join("后备人选称呼" if h == "name" else h for h in lines[0].split(","))
    reserves.write_text("\n".join(lines) + "\n", encoding="utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in folder.iterdir():
            archive.write(path, path.name)
    upload(client, "forms.zip", buffer.getvalue())
    assert 'id="read-ok"' not in client.get("/data").text
    client.post(
        "/data/columns",
        data={
            "csrf": csrf_of(client),
            "table": "reserves",
            "header": "后备人选称呼",
            "column": "name",
        },
    )
    assert 'id="read-ok"' in client.get("/data").text
    run = start(client, "mentors")
    assert wait(client, run)["status"] == "done"
    manifest = client.get(run + "/manifest.json").json()
    assert "--columns" in manifest["command"]
    assert "columns.toml" in {entry["path"] for entry in manifest["inputs"]}


# rules -------------------------------------------------------------------------------------
def test_rules_form_shows_defaults_with_units(client) -> None:
    """The Rules page lists the main keys with their defaults and units in Chinese."""
    page = text_of(client.get("/rules").text)
    assert "任职最大年龄" in page and "eligibility.max_age" in page and "岁" in page
    assert "导师最远距离" in page and "公里" in page


def test_rules_form_saves_only_changed_keys(client) -> None:
    """Saving the form unchanged writes nothing; a changed key is saved and shown."""
    values = rules_form(client)
    client.post("/rules", data=values)
    assert "与默认值不同的规则" not in client.get("/rules").text
    values["mentors.max_km"] = "25"
    response = client.post("/rules", data=values)
    assert "规则已保存" in response.text
    assert "max_km = 25" in text_of(client.get("/rules").text)
    full = client.get("/rules/rules.toml").text
    assert "max_km = 25" in full and "[eligibility]" in full


def test_rules_form_refuses_what_the_rules_file_refuses(client, tmp_path: Path) -> None:
    """A bad value gets the message ``--rules`` gives for the same key (and is not saved)."""
    values = rules_form(client)
    values["eligibility.max_age"] = "-5"
    (tmp_path / "rules.toml").write_text("[eligibility]\nmax_age = -5\n", encoding="utf-8")
    expected = cli_error(tmp_path, "mentors", "--rules", "rules.toml", "--out", "o")
    client.get("/lang?to=en&next=/rules")
    response = client.post("/rules", data=values)
    assert response.status_code == 400
    assert expected in text_of(response.text)
    assert "max_age = -5" not in client.get("/rules/rules.toml").text


def test_rules_form_refuses_text_for_a_number(client) -> None:
    """Text in a number field is refused with a message naming the key."""
    values = rules_form(client)
    values["mentors.capacity"] = "三"
    response = client.post("/rules", data=values)
    assert response.status_code == 400 and "mentors.capacity" in response.text


def test_rules_upload_checks_unknown_keys_as_the_cli(client, tmp_path: Path) -> None:
    """An uploaded TOML with an unknown key gets the CLI's message; a good one is kept."""
    (tmp_path / "rules.toml").write_text("[mentors]\nmax_kms = 3\n", encoding="utf-8")
    expected = cli_error(tmp_path, "mentors", "--rules", "rules.toml", "--out", "o")
    client.get("/lang?to=en&next=/rules")
    response = client.post(
        "/rules/upload",
        data={"csrf": csrf_of(client)},
        files={"file": ("rules.toml", b"[mentors]\nmax_kms = 3\n", "application/toml")},
    )
    assert response.status_code == 400 and expected in text_of(response.text)
    response = client.post(
        "/rules/upload",
        data={"csrf": csrf_of(client)},
        files={"file": ("mine.toml", b"[mentors]\nmax_km = 12\n", "application/toml")},
    )
    assert response.status_code == 200 and "max_km = 12" in client.get("/rules/rules.toml").text
    client.post("/rules/reset", data={"csrf": csrf_of(client)})
    assert "max_km = 30" in client.get("/rules/rules.toml").text


# runs --------------------------------------------------------------------------------------
def test_run_form_follows_the_commands_options(sampled) -> None:
    """The Run page offers each command with the options that command takes."""
    page = sampled.get("/run").text
    for command in ("mentors", "backfill", "budget"):
        assert f'id="run-{command}"' in page
    mentors = page.split('id="run-mentors"')[1].split("</form>")[0]
    assert 'name="time_limit"' in mentors and 'name="draws"' not in mentors
    budget = page.split('id="run-budget"')[1].split("</form>")[0]
    assert 'name="draws"' in budget and 'name="time_limit"' not in budget


def test_run_needs_data(client) -> None:
    """Without data the Run page says to choose some, and a POST is refused with it."""
    assert "请先在" in client.get("/run").text
    response = client.post("/run", data={"csrf": csrf_of(client), "command": "mentors"})
    assert response.status_code == 400


def test_unknown_command_is_refused(sampled) -> None:
    """Only the plan commands can be run from the page (not generate, serve or check)."""
    for command in ("generate", "serve", "check", "nothing"):
        response = sampled.post("/run", data={"csrf": csrf_of(sampled), "command": command})
        assert response.status_code == 400


def test_bad_option_gets_the_cli_message(sampled, tmp_path: Path) -> None:
    """A time limit of 0 is refused with the message ``--time-limit 0`` gets, in each language."""
    for lang in ("zh", "en"):
        sampled.get(f"/lang?to={lang}&next=/run")
        response = sampled.post(
            "/run", data={"csrf": csrf_of(sampled), "command": "mentors", "time_limit": "0"}
        )
        assert response.status_code == 400
        result = cli(tmp_path, "mentors", "--time-limit", "0", "--lang", lang)
        assert result.returncode == 2
        line = result.stderr.strip().splitlines()[-1]
        message = line.split("：", 1)[1] if lang == "zh" else line.split(": ", 1)[1]
        # The terminal's pointer to ``plan mentors -h`` is not for the page.
        message = re.split(r"(?:用法见|See) plan mentors -h", message)[0].strip()
        assert message in text_of(response.text)


def test_mentors_run_gives_the_cli_plan(sampled, tmp_path: Path) -> None:
    """A mentor run on the page writes the same pairs, byte for byte, as ``plan mentors``."""
    run = start(sampled, "mentors", time_limit="30", seed="0", solver="auto")
    assert wait(sampled, run)["status"] == "done"
    page = text_of(sampled.get(run).text)
    assert "24 名后备干部中 23 名已结对" in page
    assert "R13" in page and "韩磊" in page  # the unassigned reserve and its reason
    assert "reasons-intake" not in sampled.get(run).text
    shutil.copytree(sample_path(), tmp_path / "input")
    result = cli(
        tmp_path, "mentors", "--data", "input", "--out", "out", "--year", "2026", "--lang", "zh"
    )
    assert result.returncode == 0, result.stderr
    for name in ("mentor_pairs.csv", "mentor_load.csv", "unassigned.csv"):
        served = sampled.get(f"{run}/files/{name}")
        assert served.status_code == 200
        assert served.content == (tmp_path / "out" / name).read_bytes()
    archive = zipfile.ZipFile(io.BytesIO(sampled.get(f"{run}/all.zip").content))
    assert {"mentor_pairs.csv", "mentors.xlsx", "summary.json", "manifest.json"} <= set(
        archive.namelist()
    )


def test_result_table_pages_sorts_and_searches(sampled) -> None:
    """The pairs table pages by 25, sorts by a column both ways and filters by a search."""
    run = start(sampled, "mentors")
    wait(sampled, run)
    page = sampled.get(f"{run}/table/0").text
    assert "第 1/1 页（共 23 行）" in text_of(page)
    found = sampled.get(f"{run}/table/0?q=韩").text
    assert "（共 0 行）" in text_of(found) or "（共 1 行）" in text_of(found)
    ascending = re.findall(r"<td[^>]*>(R\d\d)</td>", sampled.get(f"{run}/table/0?sort=0").text)
    descending = re.findall(
        r"<td[^>]*>(R\d\d)</td>", sampled.get(f"{run}/table/0?sort=0&desc=1").text
    )
    assert ascending == sorted(ascending) and descending == sorted(descending, reverse=True)
    assert sampled.get(f"{run}/table/99").status_code == 404


def _html_table(page: str, marker: str = '<table class="grid data"') -> tuple[list, list]:
    """The header and the rows of the page's table that starts with ``marker``, as text."""
    table = page[page.index(marker) :].split("</table>", 1)[0]
    head = [text_of(h).strip().rstrip("▲▼ ") for h in re.findall(r"<th>(.*?)</th>", table, re.S)]
    rows = [
        [text_of(c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>", 1)[1], re.S)
    ]
    return head, rows


@pytest.mark.parametrize(("run_lang", "page_lang"), [("zh", "en"), ("en", "zh")])
@pytest.mark.parametrize("command", ["mentors", "backfill"])
def test_result_tables_follow_the_page_language(
    sampled, tmp_path: Path, command: str, run_lang: str, page_lang: str
) -> None:
    """A run made in one language, read with the page switched to the other, shows every
    table (headers, enumeration words, yes/no, reasons) exactly as the workbook that
    ``plan <command> --lang <page language>`` writes, reworded from the stored codes."""
    import openpyxl

    from cadreplan.cli.web.names import name_word
    from cadreplan.cli.web.tables import cell
    from cadreplan.solver.words import header

    sampled.get(f"/lang?to={run_lang}&next=/data")
    run = start(sampled, command)
    assert wait(sampled, run)["status"] == "done"
    sampled.get(f"/lang?to={page_lang}&next=/data")
    input_dir = tmp_path / "sample"
    shutil.copytree(sample_path(), input_dir)
    out = tmp_path / "cli"
    result = cli(
        tmp_path, command, "--data", "sample", "--year", "2026", "--out", "cli", "--lang", page_lang
    )
    assert result.returncode == 0, result.stderr
    book = openpyxl.load_workbook(out / f"{command}.xlsx", read_only=True, data_only=True)
    run_page = sampled.get(run).text
    titles = re.findall(r'<a href="/run[^"]*/table/\d+">([^<]*)</a>', run_page)
    # The page names a table in words ("Mentor pairs"); its workbook sheet by its header.
    sheet_of = {
        name_word(p.stem, page_lang): header(p.stem, page_lang)[:31] for p in out.glob("*.csv")
    }
    titles = [sheet_of.get(title, title) for title in titles]
    compared = 0
    for index, title in enumerate(titles):
        if title not in book.sheetnames or title in ("报送", "filing"):
            continue
        sheet = [
            [cell(v) if v is not None else "" for v in row]
            for row in book[title].iter_rows(values_only=True)
        ]
        head, rows = _html_table(sampled.get(f"{run}/table/{index}?page=1").text)
        assert head == sheet[0], title
        assert rows == sheet[1 : 1 + len(rows)], title
        compared += 1
    assert compared >= 3
    if command == "mentors":  # the Reasons section: the reason worded in the page's language
        head, rows = _html_table(run_page, 'id="reasons-unassigned"')
        sheet = list(book[titles[2]].iter_rows(values_only=True))
        assert head[2] == sheet[0][3] and [r[2] for r in rows] == [s[3] for s in sheet[1:]]
        assert rows and len(rows[0]) == 3  # its code stays in the full table, not shown here
    if page_lang == "en":
        cjk = re.compile(r"[\u4e00-\u9fff]")
        assert not [h for h in re.findall(r"<th>(.*?)</th>", run_page, re.S) if cjk.search(h)]
        assert "Shown as the run wrote it, in Chinese" in text_of(run_page)  # its terminal text


def test_backfill_and_budget_runs_show_results_and_charts(sampled) -> None:
    """Backfill shows its reasons and a chart; budget shows budget.html's own SVG charts."""
    run = start(sampled, "backfill")
    assert wait(sampled, run)["status"] == "done"
    page = sampled.get(run).text
    assert "<svg" in page and "unfilled" in page.lower() or "未补齐" in page
    run = start(sampled, "budget", draws="500", seed="1")
    assert wait(sampled, run)["status"] == "done"
    page = sampled.get(run).text
    assert page.count("<svg") >= 2 and "budget.html" in page


@pytest.mark.parametrize(
    ("command", "table", "csv_name"),
    [("reserves", "nominees", "nominees.csv"), ("ratings", "ratings", "ratings.csv")],
)
def test_review_runs_show_reasons_and_charts(
    sampled, tmp_path: Path, command: str, table: str, csv_name: str
) -> None:
    """plan reserves and plan ratings run from the page, with every reason and a chart; read
    in English, their reasons (worded by their planners, not stored as codes) are marked as
    shown in the run's language while the headers follow the page."""
    if command not in sampled.get("/run").text:
        pytest.skip(f"plan {command} is not in this version")
    run = start(sampled, command)
    assert wait(sampled, run)["status"] == "done"
    page = sampled.get(run).text
    assert f'id="reasons-{table}"' in page and "<svg" in page
    shutil.copytree(sample_path(), tmp_path / "input")
    result = cli(tmp_path, command, "--data", "input", "--out", "out", "--lang", "zh")
    assert result.returncode == 0, result.stderr
    assert (
        sampled.get(f"{run}/files/{csv_name}").content == (tmp_path / "out" / csv_name).read_bytes()
    )
    sampled.get("/lang?to=en&next=/data")
    english = sampled.get(run).text
    reasons = english.split(f'id="reasons-{table}"', 1)[0].rsplit("<h3>", 1)[1]
    assert "Shown as the run wrote it, in Chinese" in text_of(reasons)
    head, _ = _html_table(english, f'id="reasons-{table}"')
    assert head[:2] == ["person_id", "name"]


def test_rules_form_has_every_plans_section(client) -> None:
    """Every scalar key of every section of the bundled rules is a field of the Rules page."""
    from cadreplan.cli.web.rules_form import defaults, fields

    page = client.get("/rules").text
    items = fields({})
    assert {item.section for item in items} == {
        name for name, table in defaults().items() if isinstance(table, dict)
    }
    for item in items:
        assert f'name="{item.dotted}"' in page


def test_failed_run_shows_the_cli_message(client, tmp_path: Path) -> None:
    """A run on bad data fails with exit 2 and shows the command line's own message."""
    folder = tmp_path / "input"
    shutil.copytree(sample_path(), folder)
    (folder / "reserves.csv").write_text("person_id,name\nR1,张三\n", encoding="utf-8")
    expected = cli_error(tmp_path, "mentors", "--data", "input", "--out", "o", "--year", "2026")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in folder.iterdir():
            archive.write(path, path.name)
    upload(client, "bad.zip", buffer.getvalue())
    client.get("/lang?to=en&next=/run")
    run = start(client, "mentors")
    assert wait(client, run)["status"] == "failed"
    page = text_of(client.get(run).text)
    assert expected in page and "exit code 2" in page and "Traceback" not in page


@pytest.fixture
def slow_budget(monkeypatch):
    """A budget run that takes a minute whatever the machine (the runner's process is the
    command line; here a stand-in that writes a partial file and sleeps), so that cancelling
    and queueing are tested without a heavy simulation."""
    import sys

    from cadreplan.cli.web import runner

    real = runner.plan_argv

    def argv(command: str, arguments: list[str]) -> list[str]:
        if command != "budget":
            return real(command, arguments)
        script = (
            "import pathlib, time; out = pathlib.Path('out'); out.mkdir(exist_ok=True);"
            " (out / 'partial.csv').write_text('x'); time.sleep(60)"
        )
        return [sys.executable, "-c", script]

    monkeypatch.setattr(runner, "plan_argv", argv)


def test_cancel_stops_a_running_plan_and_frees_its_slot(tmp_path: Path, slow_budget) -> None:
    """With one slot, a second run waits; cancelling the first lets it run; the cancelled
    run's files are not taken as outputs."""
    with client_for(tmp_path / "serve", max_runs=1) as sampled:
        sampled.post("/data/sample", data={"csrf": csrf_of(sampled), "year": "2026"})
        _cancel_and_go_on(sampled, tmp_path)


def _cancel_and_go_on(sampled, tmp_path: Path) -> None:
    slow = start(sampled, "budget")
    queued = start(sampled, "mentors")
    state = sampled.get(queued + "/status").json()
    assert state["status"] == "queued" and "排队" in state["phase"]
    assert "取消运行" in sampled.get(slow).text
    sampled.post(slow + "/cancel", data={"csrf": csrf_of(sampled)})
    assert wait(sampled, slow)["status"] == "cancelled"
    assert wait(sampled, queued)["status"] == "done"
    assert sampled.get(slow + "/manifest.json").json()["outputs"] == []
    assert sampled.get(slow + "/files/partial.csv").status_code == 404


def test_cancel_a_queued_run(tmp_path: Path, slow_budget) -> None:
    """A waiting run says how many are ahead of it; cancelled while it waits, it never starts."""
    with client_for(tmp_path / "serve", max_runs=1) as client:
        client.post("/data/sample", data={"csrf": csrf_of(client), "year": "2026"})
        first = start(client, "budget")
        second = start(client, "mentors")
        waiting = client.get(second + "/status").json()
        assert waiting["status"] == "queued"
        assert waiting["phase"] == "排队等候（前面还有 1 个在运行或排队）"
        client.post(second + "/cancel", data={"csrf": csrf_of(client)})
        assert wait(client, second)["status"] == "cancelled"
        client.post(first + "/cancel", data={"csrf": csrf_of(client)})
        assert wait(client, first)["status"] == "cancelled"
        manifest = json.loads(
            (tmp_path / "serve" / "runs" / second.rsplit("/", 1)[1] / "manifest.json").read_text()
            if (tmp_path / "serve" / "runs" / second.rsplit("/", 1)[1] / "manifest.json").exists()
            else '{"started": null}'
        )
        assert manifest["started"] is None


@pytest.mark.parametrize("command", ["mentors", "budget"])
def test_history_manifest_and_rerun_to_the_same_bytes(sampled, command: str) -> None:
    """A rerun from History writes every output with the same bytes (workbooks included), and
    summary.json equal apart from its timing fields, which the page's comparison names."""
    run = start(sampled, command, seed="3")
    wait(sampled, run)
    history = text_of(sampled.get("/history").text)
    assert "已完成" in history
    manifest = sampled.get(run + "/manifest.json").json()
    assert manifest["command"][:2] == ["plan", command] and "--seed" in manifest["command"]
    outputs = {entry["name"]: entry["sha256"] for entry in manifest["outputs"]}
    assert any(name.endswith(".xlsx") for name in outputs)
    response = sampled.post(run + "/rerun", data={"csrf": csrf_of(sampled)}, follow_redirects=False)
    again = response.headers["location"]
    wait(sampled, again)
    rerun = sampled.get(again + "/manifest.json").json()
    assert rerun["source_date_epoch"] == manifest["source_date_epoch"]
    assert {e["name"] for e in rerun["outputs"]} == set(outputs)
    for entry in rerun["outputs"]:
        first = sampled.get(f"{run}/files/{entry['name']}").content
        second = sampled.get(f"{again}/files/{entry['name']}").content
        if entry["name"] == "summary.json":
            old, new = json.loads(first), json.loads(second)
            for field in ("seconds", "timings"):
                old.pop(field, None), new.pop(field, None)
            assert old == new
        else:
            assert first == second, entry["name"]
            assert entry["sha256"] == outputs[entry["name"]], entry["name"]
    page = text_of(sampled.get(again).text)
    total = len(outputs)
    assert f"{total} 个文件中有 {total} 个复现" in page
    if command == "mentors":  # the solver's seconds and the phase timings
        assert "除计时字段" in page and "timings" in page
        assert ", timings" not in page  # fields listed as Chinese lists them: seconds、timings


def test_history_lists_runs_with_their_manifest(sampled) -> None:
    """History lists the run; its manifest records the inputs; Results opens the newest run."""
    run = start(sampled, "mentors", seed="3")
    wait(sampled, run)
    history = text_of(sampled.get("/history").text)
    assert "导师结对" in history and "已完成" in history
    manifest = sampled.get(run + "/manifest.json").json()
    inputs = {entry["path"] for entry in manifest["inputs"]}
    assert "input/reserves.csv" in inputs
    assert sampled.get("/results", follow_redirects=False).headers["location"] == run


# isolation and access ----------------------------------------------------------------------
def test_two_sessions_do_not_see_each_others_files(tmp_path: Path) -> None:
    """Two browser sessions upload different forms and run at once: each run plans on its own
    session's forms only, and neither can read the other's data or runs."""
    with client_for(tmp_path / "serve") as first:
        second = TestClient(first.app)
        upload(first, "first.zip", sample_zip())
        altered = io.BytesIO()
        with zipfile.ZipFile(altered, "w") as archive:
            for path in sample_path().glob("*.csv"):
                data = path.read_text("utf-8")
                if path.name == "reserves.csv":
                    data = data.replace("R01,林志鹏,", "R01,第二会话,", 1)
                archive.writestr(path.name, data)
        upload(second, "second.zip", altered.getvalue())
        run_a = start(first, "backfill")
        run_b = start(second, "backfill")
        assert wait(first, run_a)["status"] == "done"
        assert wait(second, run_b)["status"] == "done"
        people_a = first.get(run_a + "/files/eligibility.csv").content.decode("utf-8-sig")
        people_b = second.get(run_b + "/files/eligibility.csv").content.decode("utf-8-sig")
        assert "林志鹏" in people_a and "第二会话" not in people_a
        assert "第二会话" in people_b and "林志鹏" not in people_b
        assert (
            "first.zip" in first.get("/data").text and "second.zip" not in first.get("/data").text
        )
        assert "first.zip" not in second.get("/data").text
        for path in (
            "",
            "/status",
            "/files/eligibility.csv",
            "/all.zip",
            "/manifest.json",
            "/table/0",
        ):
            assert second.get(run_a + path).status_code == 404
            assert first.get(run_b + path).status_code == 404
        assert second.post(run_a + "/cancel", data={"csrf": csrf_of(second)}).status_code == 404
        assert run_a.rsplit("/", 1)[1] not in second.get("/history").text


def test_run_files_readable_only_as_its_outputs(sampled) -> None:
    """Only files the run wrote can be downloaded: no logs, inputs or traversal."""
    run = start(sampled, "mentors")
    wait(sampled, run)
    for name in (
        "stdout.txt",
        "..%2Fstdout.txt",
        "..%2Finput%2Freserves.csv",
        "%2Fetc%2Fpasswd",
        "manifest.json",
        "out",
    ):
        assert sampled.get(f"{run}/files/{name}").status_code == 404, name
    assert sampled.get("/runs/0123456789abcdef0123456789abcdef").status_code == 404
    assert sampled.get("/runs/../history").status_code in (200, 404)


@pytest.fixture(scope="module")
def finished_run(tmp_path_factory):
    """One session with the sample and a finished mentor run, shared by the CSRF tests."""
    with client_for(tmp_path_factory.mktemp("csrf") / "serve") as client:
        client.post("/data/sample", data={"csrf": csrf_of(client), "year": "2026"})
        run = start(client, "mentors")
        wait(client, run)
        yield client, run


@pytest.mark.parametrize(
    "route",
    [
        "/data/upload",
        "/data/sample",
        "/data/reread",
        "/data/columns",
        "/data/columns/remove",
        "/rules",
        "/rules/upload",
        "/rules/reset",
        "/run",
        "/runs/{run}/cancel",
        "/runs/{run}/rerun",
    ],
)
def test_every_post_needs_the_csrf_token(finished_run, route: str) -> None:
    """Each POST route refuses a missing or wrong form token (403), and from another origin."""
    sampled, run = finished_run
    url = route.format(run=run.rsplit("/", 1)[1])
    assert sampled.post(url, data={"command": "mentors"}).status_code == 403
    assert sampled.post(url, data={"csrf": "wrong", "command": "mentors"}).status_code == 403
    response = sampled.post(
        url,
        data={"csrf": csrf_of(sampled), "command": "mentors"},
        headers={"origin": "http://evil.example"},
    )
    assert response.status_code == 403 and "表单已过期" in response.text


def test_every_post_route_is_covered_by_the_csrf_test() -> None:
    """The CSRF test above lists every POST route the app has."""
    from starlette.routing import Route

    from cadreplan.cli.web.app import Config, create_app

    app = create_app(Config(data_dir=Path(__import__("tempfile").mkdtemp())))
    posts = {
        r.path.replace("{run_id}", "{run}")
        for r in app.routes
        if isinstance(r, Route) and "POST" in (r.methods or ())
    }
    listed = set(test_every_post_needs_the_csrf_token.pytestmark[0].args[1])
    assert posts == listed


def test_foreign_host_header_is_refused(tmp_path: Path) -> None:
    """On a loopback address, a request for another host name (DNS rebinding) is refused."""
    with client_for(tmp_path / "serve", allowed_hosts=("127.0.0.1", "localhost")) as client:
        assert client.get("/data", headers={"host": "evil.example"}).status_code == 400
        assert client.get("/data", headers={"host": "127.0.0.1:8765"}).status_code == 200


def test_other_host_needs_the_token_on_every_request(tmp_path: Path) -> None:
    """With a token, a request without it is 401; the printed URL sets it; headers carry it."""
    with client_for(tmp_path / "serve", token="s3cret", allowed_hosts=None) as client:
        assert client.get("/data").status_code == 401
        assert client.get("/static/app.css").status_code == 401
        assert client.get("/data", headers={"x-cadreplan-token": "wrong"}).status_code == 401
        assert client.get("/data", headers={"x-cadreplan-token": "s3cret"}).status_code == 200
        assert client.get("/data", headers={"authorization": "Bearer s3cret"}).status_code == 200
        response = client.get("/?token=s3cret", follow_redirects=False)
        assert response.status_code == 303 and "token" not in response.headers["location"]
        assert client.get("/data").status_code == 200  # the cookie now carries it
    with client_for(tmp_path / "serve", token="s3cret", allowed_hosts=None) as other:
        assert other.post("/data/sample", data={}).status_code == 401


def test_internal_error_shows_no_traceback(sampled, monkeypatch) -> None:
    """An unexpected failure is a page with a reference number; the traceback is only logged."""
    from cadreplan.cli.web import tables

    def broken(out):
        raise RuntimeError("secret detail /home/clerk")

    monkeypatch.setattr(tables, "sources", broken)
    run = start(sampled, "mentors")
    wait(sampled, run)
    response = sampled.get(run)
    assert response.status_code == 500
    assert "Traceback" not in response.text and "secret detail" not in response.text
    assert "内部出错" in response.text


# the command -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("lang", "line"),
    [
        (
            "en",
            'error: plan serve needs the web extra: pip install "cadreplan[web]" '
            '(from a source folder: pip install ".[web]").',
        ),
        (
            "zh",
            '错误：plan serve 需要安装网页组件：pip install "cadreplan[web]"'
            '（在源代码文件夹中：pip install ".[web]"）。',
        ),
    ],
)
def test_serve_without_the_extra_says_how_to_install(monkeypatch, lang: str, line: str) -> None:
    """Without the web extra, ``plan serve`` prints one line on how to install it, exit 2."""
    from cadreplan.cli.web import command

    monkeypatch.setattr(command, "missing_extra", lambda: "starlette")
    result = CliRunner().invoke(plan, ["serve", "--no-open", "--lang", lang])
    assert result.exit_code == 2
    assert [x for x in result.output.splitlines() if x.strip()] == [line]


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.0.0.2", True),
        ("localhost", True),
        ("::1", True),
        ("0.0.0.0", False),
        ("192.168.1.10", False),
        ("example.org", False),
    ],
)
def test_which_hosts_are_this_computer(host: str, loopback: bool) -> None:
    """Only loopback addresses go without a token."""
    from cadreplan.cli.web.command import is_loopback

    assert is_loopback(host) is loopback


def test_serve_help_lists_its_options() -> None:
    """``plan serve --help`` documents host, port, data folder and the browser switch."""
    result = CliRunner().invoke(plan, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--host", "--port", "--data-dir", "--open / --no-open", "--max-runs"):
        assert option in result.output


@pytest.mark.parametrize(
    ("host", "first", "last"),
    [
        ("0.0.0.0", "http://10.1.2.3:8800/?token=", "http://127.0.0.1:8800/?token="),
        ("192.168.1.10", "http://192.168.1.10:8800/?token=", None),
        ("127.0.0.1", "http://127.0.0.1:8800/", None),
    ],
)
def test_serve_prints_the_addresses_a_user_can_reach(
    monkeypatch, tmp_path: Path, host: str, first: str, last: str | None
) -> None:
    """``plan serve`` prints the host given, and for 0.0.0.0 this computer's addresses, each
    with the access token that the host needs (none on the loopback address)."""
    import uvicorn

    from cadreplan.cli.web import command

    monkeypatch.setattr(command, "machine_addresses", lambda ipv6=False: ["10.1.2.3", "127.0.0.1"])
    served: dict = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: served.update(kw))
    result = CliRunner().invoke(
        plan,
        ["serve", "--host", host, "--port", "8800", "--no-open", "--lang", "en"]
        + ["--data-dir", str(tmp_path)],
    )
    assert result.exit_code == 0, result.output
    assert served == {"host": host, "port": 8800, "log_level": "warning"}
    urls = re.findall(r"http://\S+", result.output)
    assert urls[0].startswith(first)
    if last is None:
        assert len(urls) == 1
    else:
        assert urls[-1].startswith(last) and len(urls) == 2
    if host != "127.0.0.1":
        token = urls[0].split("token=", 1)[1]
        assert len(token) >= 30 and all(url.endswith("token=" + token) for url in urls)
        assert f"access token {token}" in result.output
    else:
        assert "token" not in result.output


def test_names_with_invisible_controls_are_cleaned_as_the_reader_requires(client, tmp_path) -> None:
    """A zip member whose name holds a bidirectional override or a C1 control is stored with
    those removed from its name, so the names file is one the reader accepts."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(sample_path().glob("*.csv")):
            name = "vill\u202eages.csv" if path.name == "villages.csv" else path.name
            archive.writestr(name.replace("conflicts", "conf\x9blicts"), path.read_bytes())
    upload(client, "forms.zip", buffer.getvalue())
    names = set(_names_file(tmp_path / "serve").values())
    assert {"villages.csv", "conflicts.csv"} <= names
    assert "读取成功" in text_of(client.get("/data").text)
