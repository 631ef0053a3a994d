"""Budget reports: the Excel workbook with native charts and the offline HTML page.

The HTML page is one file with inline CSS and inline SVG charts. Chart text stays text, so
Chinese renders with the reader's own fonts; the page loads nothing from anywhere.
"""

from __future__ import annotations

import html
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from cadreplan.solver.budget import ITEMS, BudgetResult

from .labels import header
from .output import write_workbook

ITEM_ZH = {
    "pay": "基本报酬",
    "bonus": "绩效奖励",
    "awards": "突出贡献奖励",
    "care": "关爱帮扶",
    "training": "教育培训",
    "total": "合计",
}
PAYER_ZH = {"city": "市财政", "subdistrict": "街道财政"}
COLOURS = ["#1f6fb2", "#e07b39", "#3a9a5b", "#b8463f", "#7a5ea8", "#8c6d3f"]


def item_label(item: str, lang: str) -> str:
    return ITEM_ZH.get(item, item) if lang == "zh" else item


def money(value: float, lang: str) -> str:
    """Amounts as the finance office writes them: 元 / 万元 in Chinese, CNY in English."""
    if lang == "zh":
        if abs(value) >= 10_000:
            return f"{value / 10_000:,.2f}万元"
        return f"{value:,.0f}元"
    return f"CNY {value:,.0f}"


def _localised(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    if lang != "zh":
        return frame
    frame = frame.copy()
    if "item" in frame:
        frame["item"] = frame["item"].map(lambda v: ITEM_ZH.get(v, v))
    if "payer" in frame:
        frame["payer"] = frame["payer"].map(lambda v: PAYER_ZH.get(v, v))
    return frame


def write_budget_workbook(stage: Path, result: BudgetResult, tables: dict, lang: str) -> Path:
    """budget.xlsx: summary, per-year, payers, comparison and assumptions, with charts."""
    first_year = {sim.scenario.name: sim.years[0] for sim in result.simulations}
    per_year = tables["per_year"]
    stack = pd.DataFrame(
        [
            {
                "scenario": name,
                **{
                    item_label(item, lang): float(
                        per_year[
                            (per_year["scenario"] == name)
                            & (per_year["year"] == year)
                            & (per_year["item"] == item)
                        ]["mean"].iloc[0]
                    )
                    for item in ITEMS
                },
            }
            for name, year in first_year.items()
        ]
    )
    years = sorted({y for sim in result.simulations for y in sim.years})
    fan = pd.DataFrame({"year": years})
    for sim in result.simulations:
        totals = per_year[
            (per_year["scenario"] == sim.scenario.name) & (per_year["item"] == "total")
        ]
        by_year = totals.set_index("year")
        for stat in ("p5", "mean", "p95"):
            fan[f"{sim.scenario.name} {stat}"] = [
                float(by_year.at[y, stat]) if y in by_year.index else None for y in years
            ]
    sheets = {
        "summary": _localised(tables["summary"], lang),
        "per_year": _localised(per_year, lang),
        "payers": _localised(tables["payers"], lang),
        "comparison": _localised(tables["comparison"], lang),
        "assumptions": tables["assumptions"],
        "chart_data_items": stack,
        "chart_data_years": fan,
    }

    def charts(workbook: Any, created: dict) -> None:
        from openpyxl.chart import BarChart, LineChart, Reference

        items_sheet = created["chart_data_items"]
        bar = BarChart()
        bar.type = "col"
        bar.grouping = "stacked"
        bar.overlap = 100
        bar.title = "首年费用构成" if lang == "zh" else "Cost by item, first year"
        bar.y_axis.title = "元" if lang == "zh" else "CNY"
        bar.add_data(
            Reference(
                items_sheet, min_col=2, max_col=1 + len(ITEMS), min_row=1, max_row=1 + len(stack)
            ),
            titles_from_data=True,
        )
        bar.set_categories(Reference(items_sheet, min_col=1, min_row=2, max_row=1 + len(stack)))
        bar.width, bar.height = 18, 10
        items_sheet.add_chart(bar, "I2")
        years_sheet = created["chart_data_years"]
        line = LineChart()
        line.title = "各年度合计 (P5–P95)" if lang == "zh" else "Total per year with P5-P95"
        line.y_axis.title = "元" if lang == "zh" else "CNY"
        line.add_data(
            Reference(
                years_sheet, min_col=2, max_col=fan.shape[1], min_row=1, max_row=1 + len(fan)
            ),
            titles_from_data=True,
        )
        line.set_categories(Reference(years_sheet, min_col=1, min_row=2, max_row=1 + len(fan)))
        for index, series in enumerate(line.series):
            colour = COLOURS[(index // 3) % len(COLOURS)].lstrip("#")
            series.graphicalProperties.line.solidFill = colour
            if index % 3 != 1:  # p5 and p95 dashed around the mean
                series.graphicalProperties.line.dashStyle = "dash"
        line.width, line.height = 18, 10
        years_sheet.add_chart(line, "I2")

    return write_workbook(stage, "budget.xlsx", sheets, lang, extra=charts)


# ----------------------------------------------------------------------------- HTML


def _svg_text(x: float, y: float, text: str, **attrs: Any) -> str:
    extra = " ".join(f'{k.rstrip("_").replace("_", "-")}="{v}"' for k, v in attrs.items())
    return f'<text x="{x:.1f}" y="{y:.1f}" {extra}>{html.escape(text)}</text>'


def _swatch(x: float, y: float, colour: str) -> str:
    return f'<rect x="{x:.1f}" y="{y:.1f}" width="12" height="12" fill="{colour}"/>'


def _polyline(points: list[str], colour: str) -> str:
    joined = " ".join(points)
    return f'<polyline points="{joined}" fill="none" stroke="{colour}" stroke-width="2"/>'


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    exponent = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * exponent >= value:
            return step * exponent
    return 10 * exponent


def _axis(
    width: int, height: int, left: int, top: int, top_value: float, lang: str, bottom: float = 0.0
) -> list[str]:
    parts = []
    for k in range(5):
        value = bottom + (top_value - bottom) * k / 4
        y = top + height - height * k / 4
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + width}" y2="{y:.1f}" class="grid"/>'
        )
        parts.append(
            _svg_text(left - 6, y + 4, money(value, lang), text_anchor="end", class_="tick")
        )
    return parts


def stacked_svg(result: BudgetResult, per_year: pd.DataFrame, lang: str) -> str:
    """Stacked columns: each scenario's first-year cost by item."""
    sims = result.simulations
    values = []
    for sim in sims:
        rows = per_year[
            (per_year["scenario"] == sim.scenario.name) & (per_year["year"] == sim.years[0])
        ]
        values.append([float(rows[rows["item"] == item]["mean"].iloc[0]) for item in ITEMS])
    top_value = _nice_max(max(sum(v) for v in values))
    left, top, width, height = 110, 20, 420, 260
    bar = width / (len(sims) * 1.6 + 0.6)
    parts = _axis(width, height, left, top, top_value, lang)
    for i, (sim, stack) in enumerate(zip(sims, values, strict=True)):
        x = left + bar * (0.6 + i * 1.6)
        base = 0.0
        for j, value in enumerate(stack):
            h = height * value / top_value
            y = top + height - height * (base + value) / top_value
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                f'fill="{COLOURS[j]}"><title>{html.escape(item_label(ITEMS[j], lang))}: '
                f"{html.escape(money(value, lang))}</title></rect>"
            )
            base += value
        parts.append(
            _svg_text(
                x + bar / 2,
                top + height + 16,
                sim.scenario.name,
                text_anchor="middle",
                class_="label",
            )
        )
    for j, item in enumerate(ITEMS):
        y = top + 14 + j * 20
        parts.append(_swatch(left + width + 16, y - 10, COLOURS[j]))
        parts.append(_svg_text(left + width + 34, y, item_label(item, lang), class_="label"))
    return _svg(
        680, 320, parts, "首年费用构成" if lang == "zh" else "Cost by item in the first year"
    )


def fan_svg(result: BudgetResult, lang: str) -> str:
    """Fan chart: the total per year, median line and P5-P95 band, per scenario."""
    years = sorted({y for sim in result.simulations for y in sim.years})
    stats = []
    for sim in result.simulations:
        totals = sim.total
        stats.append(
            {
                "years": sim.years,
                "p5": np.percentile(totals, 5, axis=1),
                "p50": np.percentile(totals, 50, axis=1),
                "p95": np.percentile(totals, 95, axis=1),
            }
        )
    highest = max(float(s["p95"].max()) for s in stats)
    lowest = min(float(s["p5"].min()) for s in stats)
    # The band is narrow next to the totals: start the axis near the lowest P5, not at 0.
    step = _nice_max((highest - lowest) / 4 or highest / 4 or 1)
    bottom = max(0.0, math.floor(lowest / step) * step - step)
    top_value = bottom + 4 * step * math.ceil((highest - bottom) / (4 * step) + 1e-9)
    left, top, width, height = 110, 20, 420, 260

    def x_of(year: int) -> float:
        if len(years) == 1:
            return left + width / 2
        return left + width * (years.index(year)) / (len(years) - 1)

    def y_of(value: float) -> float:
        return top + height - height * (value - bottom) / (top_value - bottom)

    parts = _axis(width, height, left, top, top_value, lang, bottom)
    for year in years:
        parts.append(
            _svg_text(
                x_of(year), top + height + 16, str(year), text_anchor="middle", class_="label"
            )
        )
    for i, (sim, s) in enumerate(zip(result.simulations, stats, strict=True)):
        colour = COLOURS[i % len(COLOURS)]
        upper = [f"{x_of(y):.1f},{y_of(v):.1f}" for y, v in zip(s["years"], s["p95"], strict=True)]
        lower = [f"{x_of(y):.1f},{y_of(v):.1f}" for y, v in zip(s["years"], s["p5"], strict=True)]
        if len(s["years"]) == 1:
            x = x_of(s["years"][0])
            parts.append(
                f'<line x1="{x:.1f}" y1="{y_of(s["p5"][0]):.1f}" x2="{x:.1f}" '
                f'y2="{y_of(s["p95"][0]):.1f}" stroke="{colour}" stroke-width="10" opacity="0.3"/>'
            )
        else:
            parts.append(
                f'<polygon points="{" ".join(upper + lower[::-1])}" fill="{colour}" opacity="0.2"/>'
            )
        median = [f"{x_of(y):.1f},{y_of(v):.1f}" for y, v in zip(s["years"], s["p50"], strict=True)]
        parts.append(_polyline(median, colour))
        for point in median:
            px, py = point.split(",")
            parts.append(f'<circle cx="{px}" cy="{py}" r="3" fill="{colour}"/>')
        parts.append(_swatch(left + width + 16, top + 4 + i * 20, colour))
        parts.append(
            _svg_text(left + width + 34, top + 14 + i * 20, sim.scenario.name, class_="label")
        )
    title = (
        "各年度合计: 中位数与P5–P95区间"
        if lang == "zh"
        else "Total per year: median and P5-P95 band"
    )
    return _svg(760, 320, parts, title)


def histogram_svg(result: BudgetResult, lang: str) -> str:
    """Distribution of the first-year total, one outline per scenario."""
    firsts = [sim.total[0] for sim in result.simulations]
    low = min(float(v.min()) for v in firsts)
    high = max(float(v.max()) for v in firsts)
    if high <= low:
        high = low + 1
    edges = np.linspace(low, high, 31)
    counts = [np.histogram(v, bins=edges)[0] / len(v) for v in firsts]
    top_share = max(float(c.max()) for c in counts) * 1.1
    left, top, width, height = 60, 20, 470, 240
    parts = []
    for k in range(5):
        y = top + height - height * k / 4
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + width}" y2="{y:.1f}" class="grid"/>'
        )
        parts.append(
            _svg_text(left - 6, y + 4, f"{top_share * k / 4:.0%}", text_anchor="end", class_="tick")
        )
    for i, share in enumerate(counts):
        colour = COLOURS[i % len(COLOURS)]
        points = []
        for b, value in enumerate(share):
            x0 = left + width * b / len(share)
            x1 = left + width * (b + 1) / len(share)
            y = top + height - height * value / top_share
            points += [f"{x0:.1f},{y:.1f}", f"{x1:.1f},{y:.1f}"]
        parts.append(_polyline(points, colour))
        parts.append(_swatch(left + width + 16, top + 4 + i * 20, colour))
        parts.append(
            _svg_text(
                left + width + 34,
                top + 14 + i * 20,
                result.simulations[i].scenario.name,
                class_="label",
            )
        )
    for k in (0, 15, 30):
        x = left + width * k / 30
        parts.append(
            _svg_text(
                x, top + height + 16, money(edges[k], lang), text_anchor="middle", class_="tick"
            )
        )
    title = "首年合计的分布" if lang == "zh" else "Distribution of the first-year total"
    return _svg(760, 300, parts, title)


def _svg(width: int, height: int, parts: list[str], title: str) -> str:
    body = "\n".join(parts)
    return (
        f"<figure><figcaption>{html.escape(title)}</figcaption>"
        f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-label="{html.escape(title)}">{body}</svg></figure>'
    )


def _table(frame: pd.DataFrame, lang: str, money_columns: set[str]) -> str:
    head = "".join(f"<th>{html.escape(header(c, lang))}</th>" for c in frame.columns)
    rows = []
    for record in frame.itertuples(index=False):
        cells = []
        for column, value in zip(frame.columns, record, strict=True):
            if column in money_columns:
                cells.append(f'<td class="num">{html.escape(money(float(value), lang))}</td>')
            elif column == "item":
                cells.append(f"<td>{html.escape(item_label(str(value), lang))}</td>")
            elif column == "payer" and lang == "zh":
                cells.append(f"<td>{html.escape(PAYER_ZH.get(str(value), str(value)))}</td>")
            else:
                cells.append(f"<td>{html.escape(str(value))}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def headline(result: BudgetResult, lang: str) -> str:
    base = result.simulations[0]
    if len(result.simulations) == 1:
        year = base.years[0]
        stats = np.percentile(base.total[0], [5, 95])
        mean = float(np.mean(base.total[0]))
        if lang == "zh":
            return (
                f"{base.scenario.name}在{year}年预计支出{money(mean, lang)}"
                f"(P5–P95: {money(stats[0], lang)}–{money(stats[1], lang)})。"
            )
        return (
            f"{base.scenario.name} costs {money(mean, lang)} in {year} "
            f"(P5-P95: {money(stats[0], lang)} to {money(stats[1], lang)})."
        )
    sentences = []
    for sim in result.simulations[1:]:
        year = sim.years[0]
        if year not in base.years:
            continue
        diff = sim.total[0] - base.total[base.years.index(year)]
        mean = float(np.mean(diff))
        p5, p95 = np.percentile(diff, [5, 95])
        if lang == "zh":
            word = "多" if mean >= 0 else "少"
            sentences.append(
                f"{sim.scenario.name}在{year}年比{base.scenario.name}"
                f"{word}支出{money(abs(mean), lang)}"
                f"(P5–P95: {money(p5, lang)}–{money(p95, lang)})。"
            )
        else:
            word = "more" if mean >= 0 else "less"
            sentences.append(
                f"{sim.scenario.name} costs {money(abs(mean), lang)} {word} than "
                f"{base.scenario.name} in {year} (P5-P95: {money(p5, lang)} to {money(p95, lang)})."
            )
    return " ".join(sentences)


def cap_note(result: BudgetResult, lang: str) -> str:
    notes = []
    for sim in result.simulations:
        n = sim.population.headcount
        share = sim.scenario.ratings["cap_excellent"]
        cap = math.floor(share * n + 1e-9)
        expected = sim.scenario.ratings["excellent"] * n
        binding = float(np.mean(sim.excellent == cap)) if n else 0.0
        if lang == "zh":
            notes.append(
                f"{sim.scenario.name}: {n}名书记中评为“好”的不超过 floor({share:g}×{n}) = {cap} 人;"
                f"期望{expected:.2f}人,超出部分改评“较好”;模拟中有{binding:.0%}的情形达到上限。"
            )
        else:
            notes.append(
                f"{sim.scenario.name}: of {n} secretaries at most floor({share:g} × {n}) = {cap} "
                f"may be rated excellent (好); {expected:.2f} are expected, and any excess is "
                f"rated good (较好) instead. The cap is reached in {binding:.0%} of the draws."
            )
    return "".join(f"<p>{html.escape(n)}</p>" for n in notes)


STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei",sans-serif;
margin:2rem auto;max-width:1100px;color:#222;padding:0 1rem}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccc}
.headline{font-size:1.15rem;background:#f1f6fb;border-left:4px solid #1f6fb2;padding:.8rem 1rem}
table{border-collapse:collapse;margin:.5rem 0;font-size:.85rem}
th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}
th{background:#eef3f8}td.num{text-align:right;font-variant-numeric:tabular-nums}
figure{margin:1rem 0}figcaption{font-weight:600;margin-bottom:.3rem}
svg text{font-size:11px;fill:#333}svg .grid{stroke:#e3e3e3}svg .tick{font-size:10px;fill:#666}
@media print{body{margin:0}h2{break-after:avoid}figure,table{break-inside:avoid}}
"""


def budget_html(result: BudgetResult, tables: dict, lang: str) -> str:
    """One self-contained page: headline, tables, inline SVG charts, cap note, assumptions."""
    zh = lang == "zh"
    per_year = tables["per_year"]
    money_cols = {
        "mean",
        "p5",
        "p50",
        "p95",
        "difference_mean",
        "difference_p5",
        "difference_p50",
        "difference_p95",
    }
    comparison = tables["comparison"]
    title = "头雁工程报酬方案预算比较" if zh else "Lead Goose pay schemes: budget comparison"
    sections = [
        f"<h1>{html.escape(title)}</h1>",
        f'<p class="headline">{html.escape(headline(result, lang))}</p>',
        f"<p>{html.escape('蒙特卡洛模拟' if zh else 'Monte-Carlo simulation')}: "
        f"{result.draws:,} {'次' if zh else 'draws'}, seed {result.seed}.</p>",
        "<h2>"
        + (
            "方案比较(与基准方案的差额,配对抽样)"
            if zh
            else "Comparison with the baseline (paired draws)"
        )
        + "</h2>",
        _table(comparison, lang, money_cols) if len(comparison) else "<p>-</p>",
        f"<h2>{'图表' if zh else 'Charts'}</h2>",
        stacked_svg(result, per_year, lang),
        fan_svg(result, lang),
        histogram_svg(result, lang),
        f"<h2>{'“好”等次15%上限' if zh else 'The 15% cap on the rating excellent'}</h2>",
        cap_note(result, lang),
        f"<h2>{'分年度费用' if zh else 'Cost per year'}</h2>",
        _table(per_year, lang, money_cols),
        f"<h2>{'资金来源' if zh else 'Who pays'}</h2>",
        _table(tables["payers"], lang, money_cols),
        f"<h2>{'参数假设' if zh else 'Assumptions'}</h2>",
        _table(tables["assumptions"], lang, set()),
    ]
    return (
        f'<!DOCTYPE html>\n<html lang="{"zh-CN" if zh else "en"}"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{STYLE}</style></head><body>"
        + "\n".join(sections)
        + "</body></html>\n"
    )
