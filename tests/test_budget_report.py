"""budget.xlsx and budget.html for the finance office: words, units, charts, print, headline."""

from __future__ import annotations

import math
import re
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from cadreplan.cli.main import plan
from cadreplan.cli.render.budget_report import column_unit, headline, nice_ticks, tick_text
from cadreplan.solver.budget import bundled_scenarios, load_scenario, run_budget


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """plan budget on the sample, in zh and in en."""
    root = tmp_path_factory.mktemp("budget")
    for lang in ("zh", "en"):
        result = CliRunner().invoke(
            plan, ["budget", "--draws", "500", "--lang", lang, "--quiet", "--out", str(root / lang)]
        )
        assert result.exit_code == 0, result.output
    return {lang: root / lang for lang in ("zh", "en")}


def test_zh_workbook_words(outputs) -> None:
    """Sheet names, items, payers, scenario names and assumption labels are Chinese."""
    workbook = openpyxl.load_workbook(outputs["zh"] / "budget.xlsx")
    assert workbook.sheetnames == ["汇总", "分年度", "资金来源", "方案比较", "参数假设", "图表数据"]
    summary = workbook["汇总"]
    assert [c.value for c in summary[1]] == [
        "方案", "年度", "项目", "均值（元）", "P5（元）", "P50（元）", "P95（元）",
    ]  # fmt: skip
    assert summary["A2"].value == "基准方案（2,500元/月）"
    assert {row[2] for row in summary.iter_rows(min_row=2, values_only=True)} == {
        "基本报酬", "绩效奖励", "突出贡献奖励", "关爱帮扶", "教育培训", "合计",
    }  # fmt: skip
    payers = workbook["资金来源"]
    values = {row[2] for row in payers.iter_rows(min_row=2, values_only=True)}
    assert values == {"市财政", "街道财政"}
    assert "关爱帮扶" in {row[3] for row in payers.iter_rows(min_row=2, values_only=True)}
    labels = [row[1] for row in workbook["参数假设"].iter_rows(min_row=2, values_only=True)]
    assert "基本报酬（元/人·月）" in labels
    assert not any(re.search(r"[a-z]+\.[a-z_]+", str(label)) for label in labels)


def test_number_formats(outputs) -> None:
    """Amounts carry thousands separators; shares in the assumptions are percentages."""
    workbook = openpyxl.load_workbook(outputs["zh"] / "budget.xlsx")
    row = next(workbook["汇总"].iter_rows(min_row=2, max_row=2))
    assert all(cell.number_format == "#,##0" for cell in row[3:7])
    assumptions = {
        r[1].value: r[2] for r in workbook["参数假设"].iter_rows(min_row=2) if r[1].value
    }
    assert assumptions["基本报酬（元/人·月）"].number_format == "#,##0"
    assert assumptions["基本报酬（元/人·月）"].value == 2700  # the last scenario's
    assert assumptions["“好”等次比例上限"].number_format == "0.0%"
    assert assumptions["“好”等次比例上限"].value == pytest.approx(0.15)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_print_setup_on_every_sheet(outputs, lang: str) -> None:
    """Every budget sheet prints on A4, one page wide, with the title and page x of y."""
    workbook = openpyxl.load_workbook(outputs[lang] / "budget.xlsx")
    title = "头雁工程报酬方案预算比较" if lang == "zh" else "Lead Goose pay schemes"
    for sheet in workbook.worksheets:
        assert sheet.page_setup.paperSize == 9
        assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
        assert sheet.oddHeader.center.text.startswith(title)
        assert "&P" in sheet.oddFooter.right.text
    assert workbook.worksheets[0].page_setup.orientation == "portrait"  # charts keep their size


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_charts_have_axis_titles_and_whole_legends(outputs, lang: str) -> None:
    """Three native charts, each with a title, both axis titles and the legend below."""
    with zipfile.ZipFile(outputs[lang] / "budget.xlsx") as archive:
        names = sorted(n for n in archive.namelist() if re.match(r"xl/charts/chart\d+\.xml", n))
        charts = [archive.read(n).decode("utf-8") for n in names]
        drawing = archive.read("xl/worksheets/_rels/sheet1.xml.rels").decode("utf-8")
    assert len(charts) == 3
    assert "drawing" in drawing  # the charts sit on the summary sheet
    unit = "万元" if lang == "zh" else "10,000 CNY"
    for xml in charts:
        titles = re.findall(r"<a:t>([^<]*)</a:t>", xml)
        assert len(titles) == 3, titles  # chart, x axis, y axis
        assert unit in titles[2]
        assert '<c:legendPos val="b"/>' in xml or '<legendPos val="b"/>' in xml
        assert "chart_data_items" not in xml and "chart_data_years" not in xml
    sheet = "图表数据" if lang == "zh" else "chart_data"
    assert all(f"'{sheet}'!" in xml for xml in charts)


def test_html_difference_chart_and_units(outputs) -> None:
    """budget.html leads with the paired difference, says 恰好, and keeps one unit a column."""
    page = (outputs["zh"] / "budget.html").read_text("utf-8")
    assert "2027年，2027年方案（2,700元/月）比基准方案（2,500元/月）恰好多支出3.12万元" in page
    assert "3.12万元–3.12万元" not in page
    assert page.count("<svg") == 4
    assert page.index("减基准方案（2,500元/月）：各年度差额") < page.index("首年（2027年）费用构成")
    for axis in ("差额（万元）", "金额（万元）", "年度", "方案", "首年费用合计（万元）"):
        assert f">{axis}</text>" in page, axis
    cells = re.findall(r'<td class="num">([^<]*)</td>', page)
    assert cells and not any(("元" in c or "万" in c) for c in cells)
    assert "均值（万元）" in page and "差额均值（万元）" in page


def test_html_interval_when_draws_differ(tmp_path: Path) -> None:
    """With a scheme that changes an uncertain item, the headline gives the P5–P95 range."""
    scheme = tmp_path / "scheme.toml"
    scheme.write_text('name = "高奖励方案"\n[bonus]\nexcellent = 9000\ngood = 5000\n', "utf-8")
    baseline, _ = bundled_scenarios()
    from cadreplan.scenarios import sample_path
    from cadreplan.solver.dataset import load_dataset

    data = load_dataset(sample_path(), 2026)
    result = run_budget([load_scenario(baseline), load_scenario(scheme)], data, draws=400)
    text = headline(result, "zh")
    assert "恰好" not in text and "配对差额P5–P95" in text and text.startswith("2027年，高奖励方案")
    assert "exactly" not in headline(result, "en")


@given(
    st.floats(-1e7, 1e7, allow_nan=False),
    st.one_of(st.just(0.0), st.floats(1, 1e7, allow_nan=False)),
)
def test_nice_ticks_cover_the_range_with_round_steps(low: float, span: float) -> None:
    """Ticks cover [low, low + span] in equal steps of 1, 2, 2.5 or 5 times a power of ten."""
    high = low + span
    ticks = nice_ticks(low, high)
    step = ticks[1] - ticks[0]
    # A value within a billionth of a step of a tick counts as on it (float noise).
    assert ticks[0] <= low + 2e-9 * step and ticks[-1] >= high - 2e-9 * step
    assert 2 <= len(ticks) <= 12
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert any(abs(mantissa - m) < 1e-6 for m in (1, 2, 2.5, 5, 10))


@pytest.mark.parametrize(
    ("values", "lang", "unit"),
    [([31_200.0, 0.0], "zh", "万元"), ([500.0, 9_999.0], "zh", "元"), ([31_200.0], "en", "CNY")],
)
def test_one_unit_per_column(values, lang, unit) -> None:
    """A column is in 万元 when its largest amount reaches 10,000, else in 元 (CNY in en)."""
    assert column_unit(values, lang)[1] == unit


def test_tick_text_decimals_follow_the_step() -> None:
    """Tick labels carry as many decimals as the step needs, in the axis unit."""
    assert tick_text(450_000.0, 10_000.0, 10_000.0) == "45"
    assert tick_text(5_000.0, 10_000.0, 5_000.0) == "0.5"
    assert tick_text(0.0, 10_000.0, 5_000.0) == "0"
    assert tick_text(2_500.0, 1.0, 500.0) == "2,500"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_chart_data_is_kept_but_not_printed(outputs, lang: str) -> None:
    """The charts' numbers stay in the workbook on a hidden (not very hidden) sheet, so
    printing the whole workbook gives no page of bare numbers; the tables stay visible."""
    workbook = openpyxl.load_workbook(outputs[lang] / "budget.xlsx")
    states = {sheet.title: sheet.sheet_state for sheet in workbook.worksheets}
    name = "图表数据" if lang == "zh" else "chart_data"
    assert states.pop(name) == "hidden"
    assert set(states.values()) == {"visible"} and len(states) == 5
    assert workbook.active is not None and workbook.active.title == workbook.sheetnames[0]
    numbers = [c for row in workbook[name].iter_rows(values_only=True) for c in row]
    assert any(isinstance(v, float) for v in numbers)


def test_per_year_year_column_is_centred(outputs) -> None:
    """On 分年度 the year is centred, so in print it stands apart from the item beside it."""
    sheet = openpyxl.load_workbook(outputs["zh"] / "budget.xlsx")["分年度"]
    assert [c.value for c in sheet[1]][1:3] == ["年度", "项目"]
    years = [row[1] for row in sheet.iter_rows(min_row=2)]
    assert years and all(c.alignment.horizontal == "center" for c in years)
    assert all(isinstance(c.value, int) for c in years)


def test_csv_scenario_names_follow_the_language(outputs) -> None:
    """budget_summary.csv names scenarios as the workbook does (基准方案 in zh), items as codes."""
    zh = pd.read_csv(outputs["zh"] / "budget_summary.csv", encoding="utf-8-sig")
    en = pd.read_csv(outputs["en"] / "budget_summary.csv", encoding="utf-8-sig")
    assert zh["scenario"].iloc[0] == "基准方案（2,500元/月）"
    assert en["scenario"].iloc[0] == "Baseline (2,500/month)"
    assert set(zh["item"]) == set(en["item"]) >= {"pay", "total"}
    book = openpyxl.load_workbook(outputs["zh"] / "budget.xlsx")["分年度"]
    assert set(zh["scenario"]) == {r[0] for r in book.iter_rows(min_row=2, values_only=True)}
