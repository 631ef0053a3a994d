"""budget.xlsx for the finance office: tables in its words and native charts on the summary.

Sheets: 汇总 (each item over the projection, with the charts below the table), 分年度,
资金来源, 方案比较, 参数假设 (every parameter under a Chinese label, amounts and shares
formatted) and 图表数据 (the charts' numbers, in 万元). Amounts in the tables are in 元 with
thousands separators, the unit named in each header.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from cadreplan.solver.budget import ITEMS, BudgetResult, ratings_used
from cadreplan.solver.words.budget import ASSUMPTIONS

from .budget_report import (
    COLOURS,
    WAN,
    differences,
    item_label,
    payer_label,
    say,
    scenario_label,
)
from .cells import MONEY, column_title
from .stamp import planning_date
from .workbook import (
    HEADER_FILL,
    PrintTitle,
    Sheet,
    display_width,
    plan_sheet,
    print_setup,
    write_sheets,
)

#: Chart size (cm) and the rows one chart takes on the summary sheet (15-point rows).
CHART_WIDTH, CHART_HEIGHT = 17.0, 9.5
CHART_ROWS = 20


def _sheet_name(key: str, lang: str) -> str:
    from cadreplan.solver.words import header

    return header(key, "zh" if lang == "zh" else "en")


def _localised(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    frame = frame.copy()
    for column in ("scenario", "vs"):
        if column in frame:
            frame[column] = frame[column].map(lambda v: scenario_label(str(v), lang))
    if "item" in frame:
        frame["item"] = frame["item"].map(lambda v: item_label(str(v), lang))
    if "payer" in frame:
        frame["payer"] = frame["payer"].map(lambda v: payer_label(str(v), lang))
    if "items" in frame:
        separator = "、" if lang == "zh" else ", "
        frame["items"] = frame["items"].map(
            lambda v: separator.join(item_label(i.strip(), lang) for i in str(v).split(","))
        )
    return frame


def assumptions_frame(result: BudgetResult, lang: str) -> tuple[pd.DataFrame, list[str | None]]:
    """Every parameter of every scenario under its label, and the number format of each row."""
    rows: list[dict[str, Any]] = []
    formats: list[str | None] = []

    def add(scenario: str, key: str, value: Any) -> None:
        en, zh, kind = ASSUMPTIONS.get(key, (key, key, "text"))
        if kind == "text" or isinstance(value, str):
            shown: Any = value if isinstance(value, str) else str(value)
        else:
            shown = float(value) if kind in ("money", "share", "number") else int(value)
        rows.append(
            {
                "scenario": scenario_label(scenario, lang),
                "label": zh if lang == "zh" else en,
                "value": shown,
            }
        )
        formats.append({"money": MONEY, "share": "0.0%"}.get(kind))

    for sim in result.simulations:
        scenario = sim.scenario
        name = scenario.name
        add(name, "name", scenario_label(name, lang))
        for key, value in scenario.parameters()[1:]:
            if key == "headcount" and not isinstance(value, int | float):
                value = say("budget.headcount.data", lang, posts=sim.population.headcount)
            if key.startswith("payers."):
                payer = key.split(".", 1)[1]
                separator = "、" if lang == "zh" else ", "
                items = separator.join(item_label(i.strip(), lang) for i in str(value).split(","))
                label = say("budget.payers", lang, payer=payer_label(payer, lang))
                rows.append(
                    {"scenario": scenario_label(name, lang), "label": label, "value": items}
                )
                formats.append(None)
                continue
            add(name, key, value)
        people = sim.population
        source = people.source
        if source.startswith("data"):
            source = say("budget.headcount.data", lang, posts=source.split("(")[1].split()[0])
        else:
            source = say("budget.headcount.scenario", lang)
        add(
            name,
            "headcount_used",
            f"{people.headcount}（{source}）" if lang == "zh" else f"{people.headcount} ({source})",
        )
        cap = int(np.floor(scenario.ratings["cap_excellent"] * people.headcount + 1e-9))
        add(name, "cap_people", cap)
        add(name, "ratings_used", ratings_used(people, lang))  # ratings.source (plan ratings)
        add(
            name,
            "diploma_eligible",
            "、".join(map(str, people.diploma_eligible))
            if lang == "zh"
            else ", ".join(map(str, people.diploma_eligible)),
        )
        add(name, "source_file", Path(scenario.source).name)
        add(name, "source_sha256", scenario.sha256)
    everyone = say("budget.all", lang)
    add(everyone, "seed", result.seed)
    add(everyone, "draws", result.draws)
    return pd.DataFrame(rows, columns=["scenario", "label", "value"]), formats


def chart_tables(result: BudgetResult, per_year: pd.DataFrame, lang: str) -> dict[str, Any]:
    """The charts' numbers in 万元: items of the first year, totals and differences per year."""
    items = pd.DataFrame(
        [
            {
                "scenario": scenario_label(sim.scenario.name, lang),
                **{
                    item_label(item, lang): round(float(sim.items[item][0].mean()) / WAN, 4)
                    for item in ITEMS
                },
            }
            for sim in result.simulations
        ]
    )
    years = sorted({y for sim in result.simulations for y in sim.years})
    totals = pd.DataFrame({"year": years})
    for sim in result.simulations:
        name = scenario_label(sim.scenario.name, lang)
        for stat, values in (
            ("mean", sim.total.mean(axis=1)),
            ("p5", np.percentile(sim.total, 5, axis=1)),
            ("p95", np.percentile(sim.total, 95, axis=1)),
        ):
            by_year = dict(zip(sim.years, values, strict=True))
            label = say("budget.series", lang, name=name, stat=say(f"budget.stat.{stat}", lang))
            totals[label] = [
                round(float(by_year[y]) / WAN, 4) if y in by_year else None for y in years
            ]
    diffs = []
    for sim, rows in differences(result):
        frame = pd.DataFrame({"year": [year for year, _ in rows]})
        for stat in ("mean", "p5", "p95"):
            values = [
                float(np.mean(d)) if stat == "mean" else float(np.percentile(d, int(stat[1:])))
                for _, d in rows
            ]
            frame[say(f"budget.stat.{stat}", lang)] = [round(v / WAN, 4) for v in values]
        diffs.append((sim, frame))
    base = result.simulations[0].scenario.name
    return {"items": items, "totals": totals, "differences": diffs, "base": base}


def chart_blocks(data: dict[str, Any]) -> list[tuple[str, pd.DataFrame, int]]:
    """The blocks of the chart-data sheet: (name, table, row of its header)."""
    blocks: list[tuple[str, pd.DataFrame]] = [("items", data["items"]), ("totals", data["totals"])]
    for index, (_, frame) in enumerate(data["differences"]):
        blocks.append((f"difference{index}", frame))
    placed = []
    row = 1
    for name, frame in blocks:
        placed.append((name, frame, row + 1))  # a title row, then the header
        row += len(frame) + 3  # title, header, rows, blank
    return placed


def write_budget_workbook(stage: Path, result: BudgetResult, tables: dict, lang: str) -> Path:
    """budget.xlsx: summary with charts, per year, payers, comparison, assumptions, chart data."""
    title = PrintTitle(say("budget.title", lang), planning_date(), lang)
    sheets = []
    for key in ("summary", "per_year", "payers", "comparison"):
        sheet = plan_sheet(key, _localised(tables[key], lang), lang)
        if key == "summary":  # portrait, so that each chart below the table keeps its size
            sheet = replace(sheet, landscape=False)
        sheets.append(sheet)
    assumptions, formats = assumptions_frame(result, lang)
    sheets.append(
        Sheet(
            title=_sheet_name("assumptions", lang),
            frame=assumptions,
            headers=[column_title(c, lang) for c in assumptions.columns],
            row_formats=("value", formats),
            wrap=frozenset({"value"}),
        )
    )
    data = chart_tables(result, tables["per_year"], lang)
    summary_rows = len(tables["summary"])
    holder: dict[str, Any] = {}

    def add_chart_data(workbook: Any, splices: Any) -> None:
        holder["sheet"] = write_chart_data(workbook, data, title, lang)

    def charts(workbook: Any, created: dict[str, Any]) -> None:
        summary = created[_sheet_name("summary", lang)]
        add_charts(summary, holder["sheet"], data, summary_rows, lang)

    return write_sheets(stage, "budget.xlsx", sheets, title, after=add_chart_data, extra=charts)


def write_chart_data(workbook: Any, data: dict[str, Any], title: PrintTitle, lang: str) -> Any:
    """The 图表数据 sheet: one titled block per chart, numbers in 万元 with two decimals."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws = workbook.create_sheet(_sheet_name("chart_data", lang))
    # Hidden (not very hidden: 取消隐藏 shows it), so that printing the whole workbook gives
    # no page of bare numbers; the charts of 汇总 still read it in Excel, WPS and LibreOffice.
    ws.sheet_state = "hidden"
    blocks = [(name, frame) for name, frame, _ in chart_blocks(data)]
    widest = max(len(frame.columns) for _, frame in blocks)
    widths = [14.0] * widest
    for _, frame in blocks:
        for position, column in enumerate(frame.columns):
            text = say(f"budget.axis.{column}", lang) if column in ("scenario", "year") else column
            texts = [str(text)] + [str(v) for v in frame[column].tolist()]
            widest = max(display_width(t) for t in texts)
            widths[position] = max(widths[position], min(40.0, widest + 2.5))
    for position, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(position)].width = width
    print_setup(ws, title, landscape=sum(widths) > 100, title_rows="")
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor=HEADER_FILL)
    for name, frame in blocks:
        heading = (
            say("budget.chart_data.difference", lang)
            if name.startswith("difference")
            else say(f"budget.chart_data.{name}", lang)
        )
        cell = WriteOnlyCell(ws, value=heading)
        cell.font = bold
        ws.append([cell])
        head = []
        for column in frame.columns:
            text = say(f"budget.axis.{column}", lang) if column in ("scenario", "year") else column
            header_cell = WriteOnlyCell(ws, value=text)
            header_cell.font, header_cell.fill = bold, fill
            head.append(header_cell)
        ws.append(head)
        for record in frame.itertuples(index=False):
            cells = []
            for position, value in enumerate(record):
                if position == 0:
                    cells.append(str(value) if name == "items" else int(value))
                    continue
                number = WriteOnlyCell(ws, value=None if pd.isna(value) else float(value))
                number.number_format = "#,##0.00"
                cells.append(number)
            ws.append(cells)
        ws.append([])
    return ws


def chart_title(text: str, size: int) -> Any:
    """A chart or axis title in bold at ``size`` hundredths of a point (not the large default)."""
    from openpyxl.chart.text import RichText, Text
    from openpyxl.chart.title import Title
    from openpyxl.drawing.text import (
        CharacterProperties,
        Paragraph,
        ParagraphProperties,
        RegularTextRun,
    )

    font = CharacterProperties(sz=size, b=True)
    paragraph = Paragraph(
        pPr=ParagraphProperties(defRPr=font), r=[RegularTextRun(rPr=font, t=text)]
    )
    return Title(tx=Text(rich=RichText(p=[paragraph])), overlay=False)


def add_charts(
    summary: Any, source: Any, data: dict[str, Any], summary_rows: int, lang: str
) -> None:
    """Native charts on the summary sheet, under its table, each on its own part of a page."""
    from openpyxl.chart import BarChart, LineChart, Reference
    from openpyxl.chart.layout import Layout, ManualLayout
    from openpyxl.worksheet.pagebreak import Break

    where = {
        name: (row, row + len(frame), len(frame.columns)) for name, frame, row in chart_blocks(data)
    }
    wan_axis = say("budget.axis.amount_wan", lang)

    def style_axes(chart: Any, x_title: str, y_title: str) -> None:
        chart.title = chart_title(str(chart.title_text), 1200)
        chart.x_axis.title = chart_title(x_title, 1000)
        chart.y_axis.title = chart_title(y_title, 1000)
        chart.y_axis.numFmt = "#,##0.0"
        chart.y_axis.number_format = "#,##0.0"
        chart.x_axis.delete = False
        chart.y_axis.delete = False
        chart.legend.position = "b"
        chart.width, chart.height = CHART_WIDTH, CHART_HEIGHT
        chart.layout = Layout(manualLayout=ManualLayout(x=0.03, y=0.14, w=0.94, h=0.6))

    charts = []
    first, last, columns = where["items"]
    bar = BarChart()
    bar.type = "col"
    bar.grouping = "stacked"
    bar.overlap = 100
    year = min(min(s for s in data["totals"]["year"]), 9999)
    bar.title_text = say("budget.chart.items", lang, year=year)
    bar.add_data(
        Reference(source, min_col=2, max_col=columns, min_row=first, max_row=last),
        titles_from_data=True,
    )
    bar.set_categories(Reference(source, min_col=1, min_row=first + 1, max_row=last))
    for index, series in enumerate(bar.series):
        series.graphicalProperties.solidFill = COLOURS[index % len(COLOURS)].lstrip("#")
    style_axes(bar, say("budget.axis.scenario", lang), wan_axis)
    charts.append(bar)

    first, last, columns = where["totals"]
    line = LineChart()
    line.title_text = say("budget.chart.totals", lang)
    line.add_data(
        Reference(source, min_col=2, max_col=columns, min_row=first, max_row=last),
        titles_from_data=True,
    )
    line.set_categories(Reference(source, min_col=1, min_row=first + 1, max_row=last))
    for index, series in enumerate(line.series):
        colour = COLOURS[(index // 3) % len(COLOURS)].lstrip("#")
        series.graphicalProperties.line.solidFill = colour
        series.graphicalProperties.line.width = 22000 if index % 3 == 0 else 12700
        if index % 3 != 0:  # P5 and P95 dashed around the mean
            series.graphicalProperties.line.dashStyle = "dash"
        series.marker.symbol = "circle" if index % 3 == 0 else "none"
        series.smooth = False
    style_axes(line, say("budget.axis.year", lang), wan_axis)
    charts.append(line)

    for index, (sim, _) in enumerate(data["differences"]):
        first, last, columns = where[f"difference{index}"]
        diff = LineChart()
        diff.title_text = say(
            "budget.chart.difference",
            lang,
            name=scenario_label(sim.scenario.name, lang),
            base=scenario_label(data["base"], lang),
        )
        diff.add_data(
            Reference(source, min_col=2, max_col=columns, min_row=first, max_row=last),
            titles_from_data=True,
        )
        diff.set_categories(Reference(source, min_col=1, min_row=first + 1, max_row=last))
        for k, series in enumerate(diff.series):
            series.graphicalProperties.line.solidFill = COLOURS[index + 1].lstrip("#")
            if k:
                series.graphicalProperties.line.dashStyle = "dash"
            series.marker.symbol = "circle" if k == 0 else "none"
            series.smooth = False
        style_axes(diff, say("budget.axis.year", lang), say("budget.axis.difference_wan", lang))
        charts.append(diff)

    top = summary_rows + 3
    for number, chart in enumerate(charts):
        row = top + number * CHART_ROWS
        summary.add_chart(chart, f"A{row}")
        if number % 2 == 1:
            summary.row_breaks.append(Break(id=row + CHART_ROWS - 1))
