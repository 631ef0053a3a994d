"""Route tests of what ``plan serve`` says to a clerk: the reading report on a failure, every
label in the page's language, the progress of a finished run, the run's command in the
clerk's terms."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="plan serve's [web] extra is not installed")

from web_helpers import csrf_of, rules_form, start, text_of, upload, wait  # noqa: E402

from cadreplan.scenarios import sample_path  # noqa: E402


def _zip_of_sample(tmp_path: Path, edit) -> bytes:
    """The sample's forms, one of them changed by ``edit(folder)``, zipped as a clerk would."""
    folder = tmp_path / "forms"
    shutil.copytree(sample_path(), folder)
    edit(folder)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, path.name)
    return buffer.getvalue()


def _append(folder: Path, name: str, line: str) -> None:
    path = folder / name
    path.write_text(path.read_text("utf-8").rstrip("\n") + "\n" + line + "\n", encoding="utf-8")


# 1. the reading report when reading fails ------------------------------------------------------
def test_failed_cross_check_keeps_the_report_of_what_was_read(client, tmp_path: Path) -> None:
    """A reserve of an unknown village: the page shows the error and the report of what was read."""
    data = _zip_of_sample(
        tmp_path,
        lambda f: _append(
            f, "reserves.csv", "R99,王某,V99,1990,1,M,college,2015,1,returnee,80,党务,电商"
        ),
    )
    upload(client, "forms.zip", data)
    page = client.get("/data").text
    text = text_of(page)
    assert 'id="problem"' in page and "V99" in text
    assert 'id="intake-report"' in page and 'id="intake-partial"' in page
    report = page.split('id="intake-report"')[1].split("</table>")[0]
    assert "reserves.csv" in report and "villages.csv" in report
    assert "完整的读取报告" not in text and "按约定命名" not in text


def test_failed_intake_shows_the_error_alone(client, tmp_path: Path) -> None:
    """A bad cell stops the intake itself: the error is shown, no report and no stale note."""
    data = _zip_of_sample(
        tmp_path,
        lambda f: _append(
            f, "reserves.csv", "R99,王某,V01,一九九〇,1,M,college,2015,1,returnee,80,党务,电商"
        ),
    )
    upload(client, "forms.zip", data)
    for lang in ("zh", "en"):
        client.get(f"/lang?to={lang}&next=/data")
        page = client.get("/data").text
        text = text_of(page)
        assert 'id="problem"' in page and "reserves.csv" in text
        assert 'id="intake-report"' not in page
        assert "读取报告" not in text and "Intake report" not in text
        assert "完整的读取报告" not in text and "form reader" not in text


# 3. the progress bar of a run that is over ------------------------------------------------------
def _bar(page: str) -> dict[str, str]:
    tag = re.search(r"<progress [^>]*>", page)
    assert tag is not None, "no progress bar"
    return dict(re.findall(r'(\w[\w-]*)="([^"]*)"', tag.group(0)))


def test_finished_run_fills_the_progress_bar(sampled) -> None:
    """A finished run's bar is full, not the share of the time limit the solve took."""
    run = start(sampled, "mentors")
    assert wait(sampled, run)["status"] == "done"
    bar = _bar(sampled.get(run).text)
    assert float(bar["value"]) == float(bar["max"])
    assert "over-done" in bar["class"]


def test_failed_run_ends_its_bar_in_a_final_state(client, tmp_path: Path) -> None:
    """A run that gives no plan ends with its bar marked as failed (and full), not left at 5%."""
    data = _zip_of_sample(
        tmp_path,
        lambda f: (f / "reserves.csv").write_text("person_id,name\nR1,张三\n", encoding="utf-8"),
    )
    upload(client, "bad.zip", data)
    run = start(client, "mentors")
    assert wait(client, run)["status"] == "failed"
    bar = _bar(client.get(run).text)
    assert float(bar["value"]) == float(bar["max"])
    assert "over-failed" in bar["class"] and bar["title"] == "未得到规划"


# 4. the run's settings in a clerk's terms ------------------------------------------------------
def test_run_page_names_the_upload_and_the_rules_not_server_paths(client, tmp_path: Path) -> None:
    """The run page says which forms and rules were used, and no internal folder or command."""
    upload(client, "青溪街道2026.zip", _zip_of_sample(tmp_path, lambda f: None))
    values = rules_form(client)
    values["mentors.max_km"] = "25"
    client.post("/rules", data=values)
    run = start(client, "mentors", seed="3")
    assert wait(client, run)["status"] == "done"
    page = client.get(run).text
    settings = text_of(page.split('id="settings"')[1].split("</table>")[0])
    assert "青溪街道2026.zip" in settings
    assert "自带规则，在规则页修改了：导师最远距离（0 为不限） 25 公里" in settings
    assert "随机种子 3" in settings and "规划年度 2026" in settings
    text = text_of(page)
    for internal in ("--data", "--out", "input", "out/", "rules.toml", "输出目录"):
        assert internal not in text, internal
    client.get(f"/lang?to=en&next={run}")
    text = text_of(client.get(run).text)
    assert "written to out/" not in text and "--data" not in text
    assert "the bundled rules, changed on the Rules page: Farthest mentor distance" in text


def test_reserves_run_form_offers_only_the_methods_it_uses(sampled) -> None:
    """plan reserves' form offers no min-cost flow (it builds none), mentors' still does,
    and a reserves run posted with it is refused with a message instead of started."""
    page = sampled.get("/run").text
    reserves = page.split('id="run-reserves"')[1].split("</form>")[0]
    mentors = page.split('id="run-mentors"')[1].split("</form>")[0]
    assert re.findall(r'<option value="(\w+)"', reserves) == ["auto", "cpsat"]
    assert 'value="flow"' in mentors
    response = sampled.post(
        "/run",
        data={"csrf": csrf_of(sampled), "command": "reserves", "year": "2026", "solver": "flow"},
    )
    assert response.status_code == 400
    assert "plan reserves 不使用求解方法“最小费用流”" in text_of(response.text)


def test_solver_settings_are_worded_for_a_clerk() -> None:
    """A run's gap, time limit and score scale read as 0%, 60 秒 and 0.01 分 under clerk's
    names, not as the raw 0.0, 60.0 and 100."""
    from cadreplan.cli.web.pages_runs import figures
    from cadreplan.solver.words import say

    shown = dict(figures({"gap": 0.0, "time_limit": 60.0, "score_scale": 100}, "zh"))
    assert shown == {"gap": "0%", "time_limit": "60 秒", "score_scale": "0.01 分"}
    assert dict(figures({"gap": 0.025, "time_limit": 5}, "en")) == {
        "gap": "2.5%",
        "time_limit": "5 s",
    }
    labels = [say(f"web.figure.{n}", "zh") for n in ("gap", "time_limit", "score_scale")]
    assert labels == ["最优性差距", "求解时限", "分值精度"]


def test_ratings_chart_lists_every_grade_best_first_and_the_unrated_last(tmp_path) -> None:
    """The ratings chart orders 好, 较好, 一般, 差 (好 shown with 0), blanks as 未评定 last."""
    from cadreplan.cli.web.charts import plan_charts

    rows = ["poor", "good", "", "fair", "good", "poor", "fair", "good"]
    (tmp_path / "ratings.csv").write_text(
        "person_id,rating\n" + "".join(f"S{i},{r}\n" for i, r in enumerate(rows)), "utf-8"
    )
    chart = next(c for c in plan_charts(tmp_path, "zh") if "考核等次分布" in c)
    labels = re.findall(r'text-anchor="end">([^<]*)</text>', chart)
    figures = re.findall(r'font-size="12">(\d+)</text>', chart)
    assert labels == ["好", "较好", "一般", "差", "未评定"]
    assert figures == ["0", "3", "2", "2", "1"]


def test_english_file_list_labels_the_ratings_file() -> None:
    """In English ratings.csv (and the pool, nominees, mentor load) carry a label too."""
    from cadreplan.cli.web.names import file_word

    for name in ("ratings.csv", "reserve_pool.csv", "nominees.csv", "mentor_load.csv"):
        assert file_word(name, "en") and file_word(name, "zh"), name
    assert file_word("ratings.csv", "en") == "Ratings"


def test_failed_upload_keeps_the_good_data_and_words_the_problem(sampled, tmp_path) -> None:
    """A zip without the villages table and a broken workbook are refused in words (the
    upload's own name, 村（社区）基本情况, no library name) and the sample stays the data."""
    folder = tmp_path / "forms"
    shutil.copytree(sample_path(), folder)
    (folder / "villages.csv").unlink()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in folder.iterdir():
            archive.write(path, path.name)
    response = upload(sampled, "青溪街道表格.zip", buffer.getvalue())
    text = text_of(response.text)
    assert response.status_code == 400
    assert "青溪街道表格.zip：未找到“村（社区）基本情况”表" in text
    assert "当前数据未被替换，仍使用“自带样例街道" in text and "input" not in text
    response = upload(sampled, "书记花名册.xlsx", b"PK\x03\x04 not a workbook")
    text = text_of(response.text)
    assert response.status_code == 400 and "无法作为工作簿打开（文件已损坏" in text
    assert "Calamine" not in text and "当前数据未被替换" in text
    page = text_of(sampled.get("/data").text)
    assert "读取成功" in page and "villages 13" in page


def test_run_with_default_rules_says_so(sampled) -> None:
    """A run with the sample and no rule changed says so in words."""
    run = start(sampled, "backfill")
    assert wait(sampled, run)["status"] == "done"
    settings = text_of(sampled.get(run).text.split('id="settings"')[1].split("</table>")[0])
    assert "数据 自带样例街道" in settings and "规则 自带规则，未修改" in settings


# 2. every label in the page's language -------------------------------------------------------
CJK = re.compile(r"[\u4e00-\u9fff]")


def _labels(page: str) -> dict[str, list[str]]:
    """The run page's labels: key figures, table buttons, chart texts (numbers left out)."""
    figures = page.split('id="figures"')[1].split("</table>")[0]
    tabs = page.split('id="tables"')[1].split("</ul>")[0]
    charts = re.findall(r"<svg\b.*?</svg>", page, re.S)
    texts = [t for svg in charts for t in re.findall(r"<text[^>]*>([^<]+)</text>", svg)]
    return {
        "figures": [text_of(h).strip() for h in re.findall(r"<th>(.*?)</th>", figures)],
        "tabs": [text_of(a).strip() for a in re.findall(r"<a [^>]*>(.*?)</a>", tabs)],
        "charts": [t for t in texts if not re.fullmatch(r"[\d.,%/ +\-–]*", t)],
    }


@pytest.mark.parametrize("command", ["mentors", "backfill", "reserves", "ratings", "budget"])
def test_run_page_labels_are_words_of_the_page_language(sampled, command: str) -> None:
    """No code (``reserve_shortfall_before``, ``mentor_load``, ``advanced_secretary``) and no
    word of the other language among a run page's figures, table buttons and chart labels."""
    run = start(sampled, command)
    assert wait(sampled, run)["status"] == "done"
    zh = _labels(sampled.get(run).text)
    for part, labels in zh.items():
        assert labels or part == "charts", part
        for label in labels:
            assert CJK.search(label) and "_" not in label, (part, label)
    sampled.get(f"/lang?to=en&next={run}")
    en = _labels(sampled.get(run).text)
    if command == "budget":
        en["charts"] = []  # budget.html's own charts, as the run wrote them (a note says so)
    for part, labels in en.items():
        for label in labels:
            assert not CJK.search(label) and "_" not in label, (part, label)


def test_english_run_names_its_tables_and_chart_in_english(sampled) -> None:
    """The English page of a run made in Chinese names the tables and the load chart in words."""
    run = start(sampled, "mentors")
    assert wait(sampled, run)["status"] == "done"
    sampled.get(f"/lang?to=en&next={run}")
    labels = _labels(sampled.get(run).text)
    assert labels["tabs"] == [
        "Mentor pairs",
        "Mentor load",
        "Reserves without a mentor",
        "Filing form",
    ]
    assert labels["charts"][0] == "Mentor load by mentor type"
    assert {"Load", "Capacity"} <= set(labels["charts"])


def test_files_solver_and_reasons_are_shown_in_words(sampled) -> None:
    """The Files list names each file by what it holds (file name in small type), the solver
    choice "auto" is a word on the Run form and the run page, and the reasons table shows the
    reason in words without its code."""
    form = sampled.get("/run").text
    assert '<option value="auto" selected>自动选择</option>' in form
    assert '<option value="flow"' in form and ">最小费用流</option>" in form
    run = start(sampled, "mentors", solver="auto")
    assert wait(sampled, run)["status"] == "done"
    page = sampled.get(run).text
    files = page.split('id="files"')[1].split("</ul>")[0]
    assert 'download>结对名单</a> <small class="code">mentor_pairs.csv</small>' in files
    assert 'download>规划工作簿</a> <small class="code">mentors.xlsx</small>' in files
    assert 'download>读取报告</a> <small class="code">intake.csv</small>' in files
    settings = text_of(page.split('id="settings"')[1].split("</table>")[0])
    assert "求解器 自动选择" in settings
    reasons = page.split('id="reasons-unassigned"')[1].split("</table>")[0]
    assert "wrong_mentor_type" not in reasons and "原因代码" not in reasons


def test_backfill_shortfall_figures_are_named_in_chinese(sampled) -> None:
    """The backfill's reserve shortfall before and after are named, not shown as their keys."""
    run = start(sampled, "backfill")
    assert wait(sampled, run)["status"] == "done"
    figures = text_of(sampled.get(run).text.split('id="figures"')[1].split("</table>")[0])
    assert "补齐前后备干部缺口 5" in figures and "补齐后后备干部缺口 7" in figures


def test_data_page_names_tables_and_columns_in_the_page_language(sampled) -> None:
    """The Data page's tables and mapping form show the intake's words: the dropdowns show
    words alone (the select values stay the codes the mapping file takes, and the code is
    the option's tooltip); the tables read keep the code in small type beside the word."""
    page = sampled.get("/data").text
    read = page.split('id="tables-read"')[1].split("</table>")[0]
    assert "联审 <small" in read and "后备干部 <small" in read
    form = page.split('id="mapping-form"')[1].split("</form>")[0]
    assert '<option value="vetting" title="vetting">联审</option>' in form
    assert '<option value="person_id" title="person_id">人员编号</option>' in form
    assert " · " not in text_of(form)
    assert '<optgroup label="后备干部">' in form
    for option in re.findall(r"<option [^>]*>([^<]*)</option>", form):
        assert CJK.search(option), option
    report = page.split('id="intake-report"')[1].split("</table>")[0]
    head = re.findall(r"<th>(.*?)</th>", report)
    assert head and all(CJK.search(h) for h in head), head
    cells = [text_of(c).strip() for c in re.findall(r"<td>(.*?)</td>", report, re.S)]
    assert "后备干部" in cells and "人员编号" in cells
    for code in ("reserves", "vetting", "similarity"):  # the sample's own headers are codes
        assert code not in cells, code


# 5. the Data page's own words: full-width brackets, its mapping form, no codes ----------------
def _rename_header(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    lines = path.read_text("utf-8").split("\n")
    assert old in lines[0].split(","), lines[0]
    lines[0] = ",".join(new if h == old else h for h in lines[0].split(","))
    path.write_text("\n".join(lines), encoding="utf-8")


def test_missing_column_advice_names_the_page_mapping_not_the_option(client, tmp_path) -> None:
    """A roster without its name column: the page's advice is its own 列名对应 form (Column
    mappings), never the command line's --columns."""
    data = _zip_of_sample(tmp_path, lambda f: _rename_header(f, "reserves.csv", "name", "后备人选"))
    upload(client, "forms.zip", data)
    expected = {
        "zh": "reserves.csv：缺少必需的列“姓名”。请在表头行中加上此列（中文或英文列名均可），"
        "或在下方“列名对应”中把表格中的列名对应到此列。",
        "en": "reserves.csv: the required column 'name' (姓名) is missing. Add it to the header "
        "row (English or Chinese name), or map the form's header to it under Column mappings "
        "below.",
    }
    for lang, advice in expected.items():
        client.get(f"/lang?to={lang}&next=/data")
        page = client.get("/data").text
        problem = text_of(page.split('id="problem"')[1].split("</p>")[0])
        assert advice in problem, problem
        assert "--columns" not in problem and "README" not in problem


def test_report_advice_on_an_unknown_column_points_to_the_mapping_form(client, tmp_path) -> None:
    """An unknown column's line in the page's intake report says to map it below, not with
    --columns; its similarity reads as a percentage; a header mapped on the page says so."""

    def edit(folder: Path) -> None:
        _rename_header(folder, "reserves.csv", "skills", "民族")
        _rename_header(folder, "reserves.csv", "needs", "任现职时间")

    upload(client, "forms.zip", _zip_of_sample(tmp_path, edit))
    page = client.get("/data").text
    ignored = text_of(page.split('id="intake-ignored"')[1].split("</details>")[0])
    none_near = "无（没有相似度达 40% 的已知列）；如需读取，可在下方“列名对应”中指定"
    assert f"民族 已忽略 不是可识别的列 {none_near}" in ignored
    assert "入党时间，但相似度仅 44%；如确是此列，可在下方“列名对应”中指定 44%" in ignored
    assert "--columns" not in ignored and "0.44" not in ignored
    mapping = {"csrf": csrf_of(client), "table": "reserves", "header": "民族", "column": "skills"}
    client.post("/data/columns", data=mapping)
    report = text_of(client.get("/data").text.split('id="intake-report"')[1].split("</table>")[0])
    assert "民族 技能 已读取 在“列名对应”中指定" in report, report
    assert "--columns" not in report


def test_ignored_column_dropdown_offers_words_and_preselects_the_closest(client, tmp_path) -> None:
    """The dropdown of an ignored column lists the table's columns in Chinese words only and
    preselects the column its header resembles (出生年 份 → 出生年份)."""
    data = _zip_of_sample(
        tmp_path, lambda f: _rename_header(f, "reserves.csv", "evaluation", "履职评估得分数")
    )
    upload(client, "forms.zip", data)
    page = client.get("/data").text
    block = page.split('id="ignored-columns"')[1].split("</table>")[0]
    options = re.findall(r"<option ([^>]*)>([^<]*)</option>", block)
    assert options and all(CJK.search(word) and " · " not in word for _, word in options)
    selected = [word for attributes, word in options if "selected" in attributes]
    assert selected == ["履职评估"], selected


def test_chinese_pages_write_full_width_brackets(sampled) -> None:
    """The Chinese pages write （） and ： in Chinese text: the report's counts （32）, the
    table titles 距离（公里）, 当前数据：; no half-width bracket or colon touches Chinese."""
    from helpers_lang import half_width_brackets

    run = start(sampled, "mentors")
    assert wait(sampled, run)["status"] == "done"
    pages = {path: sampled.get(path).text for path in ("/data", "/rules", "/run", run)}
    for link in re.findall(r'href="([^"]*/table/\d+)"', pages[run]):
        pages[link] = sampled.get(link).text
    assert "<th" in pages[f"{run}/table/0"] and "距离（公里）" in pages[f"{run}/table/0"]
    assert "读取报告" in pages["/data"] and "）</summary>" in pages["/data"]
    assert "当前数据： 自带样例街道" in text_of(pages["/run"])  # (the name in <b>)
    for where, html in pages.items():
        assert half_width_brackets(text_of(html)) == [], where
        assert re.findall(r".{6}[\u4e00-\u9fff）]: .{6}", text_of(html)) == [], where


def test_rules_defaults_are_shown_in_the_page_language(sampled) -> None:
    """The Rules page's default column shows a choice and a yes/no as the form's own select
    shows them (高中, 是), not their codes (high_school, true)."""

    def defaults() -> dict[str, str]:
        page = sampled.get("/rules").text
        rows = re.findall(r"<code>([a-z_.]+)</code></td>(.*?)</tr>", page, re.S)
        return {dotted: text_of(row.rsplit("<td>", 1)[-1]).strip() for dotted, row in rows}

    zh = defaults()
    assert zh["eligibility.min_education"] == "高中"
    assert zh["eligibility.party_member_required"] == "是"
    assert zh["mentors.max_km"] == "30"
    sampled.get("/lang?to=en&next=/rules")
    en = defaults()
    assert en["eligibility.min_education"] == "senior secondary"
    assert en["eligibility.party_member_required"] == "yes"


def test_rules_departments_and_scope_are_worded_and_words_are_accepted(sampled) -> None:
    """The departments field and default show department words, ratings.scope is a select
    of worded codes, and departments typed as words are saved as their codes."""
    page = sampled.get("/rules").text
    field = re.search(r'name="eligibility.required_departments"[^>]*value="([^"]*)"', page)
    assert field and field.group(1) == "纪委、公安、法院、检察院、民政、信访"
    row = page.split("<code>eligibility.required_departments</code>")[1].split("</tr>")[0]
    assert "纪委、公安" in text_of(row) and "discipline" not in row
    scope = re.search(r'<select name="ratings.scope"[^>]*>(.*?)</select>', page, re.S)
    assert scope and re.findall(r'value="(\w+)"', scope.group(1)) == ["district", "town"]
    assert "全街道" in scope.group(1) and "按镇" in scope.group(1)
    values = dict(re.findall(r'name="([a-z_]+\.[a-z_]+)" id="[^"]+" value="([^"]*)"', page))
    values["eligibility.required_departments"] = "纪委；公安局、法院"
    values["ratings.scope"] = "town"
    values["csrf"] = csrf_of(sampled)
    response = sampled.post("/rules", data=values)
    assert response.status_code == 200, text_of(response.text)
    saved = sampled.get("/rules/rules.toml").text
    assert 'required_departments = [\n    "discipline",\n    "police",\n    "court",' in saved
    assert 'scope = "town"' in saved
    sampled.post("/rules/reset", data={"csrf": csrf_of(sampled)})


def test_rerun_comparison_lists_timing_fields_as_chinese_lists_them(sampled, monkeypatch) -> None:
    """The rerun's comparison names the timing fields that differ joined by 、 in Chinese
    (seconds、timings) and by a comma in English, not by ', ' in a Chinese sentence."""
    from cadreplan.cli.web import compare

    monkeypatch.setattr(
        compare,
        "_summary_fields",
        lambda before, after: ("same_but_timings", ("seconds", "timings")),
    )
    run = start(sampled, "mentors")
    wait(sampled, run)
    response = sampled.post(run + "/rerun", data={"csrf": csrf_of(sampled)}, follow_redirects=False)
    again = response.headers["location"]
    wait(sampled, again)
    assert "除计时字段 seconds、timings 外完全相同" in text_of(sampled.get(again).text)
    sampled.get(f"/lang?to=en&next={again}")
    assert "timing fields seconds, timings" in text_of(sampled.get(again).text)
