"""budget.html: one self-contained page for the finance office (inline CSS and SVG, no script).

Chart text stays text, so Chinese renders with the reader's own fonts, and the page loads
nothing from anywhere. The first chart is the quantity being decided: each scheme minus the
baseline, per year, from paired draws, with its P5–P95 range (a dot with a bar, or the dot
alone and the words "the same in every draw" when P5 = P95). Every chart has axis titles
with its unit and round tick values; every table column of amounts has one unit, named in
its header.
"""

from __future__ import annotations

import html
import math
from typing import Any

import numpy as np
import pandas as pd

from cadreplan.solver.budget import ITEMS, BudgetResult
from cadreplan.solver.words.headers import UNITS

from .budget_book import assumptions_frame
from .budget_report import (
    COLOURS,
    WAN,
    column_unit,
    differences,
    headline,
    in_unit,
    item_label,
    money,
    nice_ticks,
    payer_label,
    say,
    scenario_label,
    signed_money,
    tick_text,
)
from .cells import column_title

#: Columns of amounts: each gets one unit (元 or 万元) named in its header.
MONEY_COLUMNS = frozenset(UNITS)


def _text(x: float, y: float, text: str, **attrs: Any) -> str:
    extra = " ".join(f'{k.rstrip("_").replace("_", "-")}="{v}"' for k, v in attrs.items())
    return f'<text x="{x:.1f}" y="{y:.1f}" {extra}>{html.escape(text)}</text>'


def _swatch(x: float, y: float, colour: str) -> str:
    return f'<rect x="{x:.1f}" y="{y:.1f}" width="12" height="12" fill="{colour}"/>'


def _polyline(points: list[str], colour: str, dash: bool = False) -> str:
    joined = " ".join(points)
    style = ' stroke-dasharray="5 4"' if dash else ""
    return f'<polyline points="{joined}" fill="none" stroke="{colour}" stroke-width="2"{style}/>'


class Frame:
    """A chart's plot area: value ↔ pixel, round ticks, axis titles with the unit."""

    def __init__(
        self,
        low: float,
        high: float,
        lang: str,
        *,
        left: int = 90,
        top: int = 20,
        width: int = 460,
        height: int = 240,
        include_zero: bool = False,
    ) -> None:
        if include_zero:
            low, high = min(low, 0.0), max(high, 0.0)
        self.ticks = nice_ticks(low, high)
        self.low, self.high = self.ticks[0], self.ticks[-1]
        self.step = self.ticks[1] - self.ticks[0] if len(self.ticks) > 1 else 1.0
        self.left, self.top, self.width, self.height = left, top, width, height
        self.divisor, self.unit = column_unit([abs(low), abs(high)], lang)
        self.lang = lang

    def y(self, value: float) -> float:
        span = self.high - self.low or 1.0
        return self.top + self.height - self.height * (value - self.low) / span

    def axes(self, x_title: str, y_title: str) -> list[str]:
        parts = []
        for value in self.ticks:
            y = self.y(value)
            css = "zero" if value == 0 else "grid"
            parts.append(
                f'<line x1="{self.left}" y1="{y:.1f}" x2="{self.left + self.width}" '
                f'y2="{y:.1f}" class="{css}"/>'
            )
            label = tick_text(value, self.divisor, self.step)
            parts.append(_text(self.left - 6, y + 4, label, text_anchor="end", class_="tick"))
        bottom = self.top + self.height
        parts.append(
            f'<line x1="{self.left}" y1="{bottom}" x2="{self.left + self.width}" '
            f'y2="{bottom}" class="axis"/>'
        )
        return parts + self.titles(x_title, y_title)

    def titles(self, x_title: str, y_title: str) -> list[str]:
        """The axis titles: under the plot, and turned upright beside it."""
        bottom = self.top + self.height
        middle = self.top + self.height / 2
        x = self.left + self.width / 2
        return [
            _text(x, bottom + 36, x_title, text_anchor="middle", class_="axis-title"),
            _text(
                16,
                middle,
                y_title,
                text_anchor="middle",
                class_="axis-title",
                transform=f"rotate(-90 16 {middle:.1f})",
            ),
        ]


def _amount_title(frame: Frame, key: str) -> str:
    unit = frame.unit
    base = say(key, frame.lang)
    # "金额（万元）" / "amount (10,000 CNY)": the unit of this axis, never mixed.
    stem = base.split("（")[0].split(" (")[0]
    return f"{stem}（{unit}）" if frame.lang == "zh" else f"{stem} ({unit})"


def difference_svg(result: BudgetResult, lang: str) -> str:
    """Each scheme minus the baseline per year: mean dot and P5–P95 bar, zero line."""
    pairs = differences(result)
    stats = []
    for sim, rows in pairs:
        for year, diff in rows:
            p5, p95 = (float(v) for v in np.percentile(diff, [5, 95]))
            stats.append((sim, year, float(np.mean(diff)), p5, p95))
    if not stats:
        return ""
    low = min(s[3] for s in stats)
    high = max(s[4] for s in stats)
    frame = Frame(low, high, lang, include_zero=True, width=520)
    years = sorted({s[1] for s in stats})
    sims = [sim for sim, _ in pairs]
    slot = frame.width / max(len(years), 1)
    parts = frame.axes(
        say("budget.axis.year", lang), _amount_title(frame, "budget.axis.difference_wan")
    )
    for k, year in enumerate(years):
        x = frame.left + slot * (k + 0.5)
        parts.append(
            _text(x, frame.top + frame.height + 16, str(year), text_anchor="middle", class_="label")
        )
    for sim, year, mean, p5, p95 in stats:
        i = sims.index(sim)
        k = years.index(year)
        offset = (i - (len(sims) - 1) / 2) * min(24.0, slot / (len(sims) + 1))
        x = frame.left + slot * (k + 0.5) + offset
        colour = COLOURS[(i + 1) % len(COLOURS)]
        if p95 > p5:
            parts.append(
                f'<line x1="{x:.1f}" y1="{frame.y(p5):.1f}" x2="{x:.1f}" y2="{frame.y(p95):.1f}" '
                f'stroke="{colour}" stroke-width="3"/>'
            )
            for value in (p5, p95):
                parts.append(
                    f'<line x1="{x - 6:.1f}" y1="{frame.y(value):.1f}" x2="{x + 6:.1f}" '
                    f'y2="{frame.y(value):.1f}" stroke="{colour}" stroke-width="2"/>'
                )
            note = (
                f"{signed_money(mean, lang)} ({signed_money(p5, lang)} – {signed_money(p95, lang)})"
            )
        else:
            note = f"{signed_money(mean, lang)} ({say('budget.html.exact', lang)})"
        parts.append(
            f'<circle cx="{x:.1f}" cy="{frame.y(mean):.1f}" r="5" fill="{colour}">'
            f"<title>{html.escape(note)}</title></circle>"
        )
        parts.append(_text(x + 9, frame.y(mean) - 8, signed_money(mean, lang), class_="value"))
    legend_x = frame.left + frame.width + 20
    for i, sim in enumerate(sims):
        colour = COLOURS[(i + 1) % len(COLOURS)]
        y = frame.top + 4 + i * 40
        parts.append(_swatch(legend_x, y, colour))
        name = scenario_label(sim.scenario.name, lang)
        parts.extend(_wrapped(legend_x + 18, y + 10, name, 24))
    band_y = frame.top + 4 + len(sims) * 40
    parts.append(
        f'<line x1="{legend_x + 6}" y1="{band_y}" x2="{legend_x + 6}" y2="{band_y + 14}" '
        f'stroke="#555" stroke-width="3"/>'
    )
    parts.append(_text(legend_x + 18, band_y + 11, say("budget.html.band", lang), class_="label"))
    title = say(
        "budget.chart.difference",
        lang,
        name=", ".join(scenario_label(s.scenario.name, lang) for s in sims),
        base=scenario_label(result.simulations[0].scenario.name, lang),
    )
    return _svg(820, 320, parts, title)


def _wrapped(x: float, y: float, text: str, width: int) -> list[str]:
    """Legend text over several lines of at most ``width`` display columns."""
    from .workbook import display_width

    # Break between words where the text has spaces (English), else between characters.
    pieces = [w + " " for w in text.split(" ")] if " " in text else list(text)
    lines, line = [], ""
    for piece in pieces:
        if display_width((line + piece).rstrip()) > width and line:
            lines.append(line)
            line = ""
        line += piece
    lines.append(line)
    return [_text(x, y + 14 * k, part.strip(), class_="label") for k, part in enumerate(lines[:3])]


def stacked_svg(result: BudgetResult, lang: str) -> str:
    """Stacked columns: each scenario's first-year mean cost by item."""
    sims = result.simulations
    values = [[float(sim.items[item][0].mean()) for item in ITEMS] for sim in sims]
    frame = Frame(0.0, max(sum(v) for v in values), lang, width=420)
    parts = frame.axes(
        say("budget.axis.scenario", lang), _amount_title(frame, "budget.axis.amount_wan")
    )
    bar = frame.width / (len(sims) * 1.6 + 0.6)
    for i, (sim, stack) in enumerate(zip(sims, values, strict=True)):
        x = frame.left + bar * (0.6 + i * 1.6)
        base = 0.0
        for j, value in enumerate(stack):
            y0, y1 = frame.y(base), frame.y(base + value)
            parts.append(
                f'<rect x="{x:.1f}" y="{y1:.1f}" width="{bar:.1f}" height="{y0 - y1:.1f}" '
                f'fill="{COLOURS[j]}"><title>{html.escape(item_label(ITEMS[j], lang))}: '
                f"{html.escape(money(value, lang))}</title></rect>"
            )
            base += value
        parts.append(
            _text(
                x + bar / 2,
                frame.top + frame.height + 16,
                scenario_label(sim.scenario.name, lang),
                text_anchor="middle",
                class_="label",
            )
        )
    for j, item in enumerate(ITEMS):
        y = frame.top + 14 + j * 20
        parts.append(_swatch(frame.left + frame.width + 16, y - 10, COLOURS[j]))
        parts.append(
            _text(frame.left + frame.width + 34, y, item_label(item, lang), class_="label")
        )
    year = sims[0].years[0]
    return _svg(700, 320, parts, say("budget.chart.items", lang, year=year))


def fan_svg(result: BudgetResult, lang: str) -> str:
    """The total per year of each scenario: median line with its P5–P95 band."""
    years = sorted({y for sim in result.simulations for y in sim.years})
    stats = [
        {
            "years": sim.years,
            "p5": np.percentile(sim.total, 5, axis=1),
            "p50": np.percentile(sim.total, 50, axis=1),
            "p95": np.percentile(sim.total, 95, axis=1),
        }
        for sim in result.simulations
    ]
    frame = Frame(
        min(float(s["p5"].min()) for s in stats), max(float(s["p95"].max()) for s in stats), lang
    )

    def x_of(year: int) -> float:
        if len(years) == 1:
            return frame.left + frame.width / 2
        return frame.left + 20 + (frame.width - 40) * years.index(year) / (len(years) - 1)

    parts = frame.axes(
        say("budget.axis.year", lang), _amount_title(frame, "budget.axis.amount_wan")
    )
    for year in years:
        parts.append(
            _text(
                x_of(year),
                frame.top + frame.height + 16,
                str(year),
                text_anchor="middle",
                class_="label",
            )
        )
    for i, (sim, s) in enumerate(zip(result.simulations, stats, strict=True)):
        colour = COLOURS[i % len(COLOURS)]
        upper = [
            f"{x_of(y):.1f},{frame.y(v):.1f}" for y, v in zip(s["years"], s["p95"], strict=True)
        ]
        lower = [
            f"{x_of(y):.1f},{frame.y(v):.1f}" for y, v in zip(s["years"], s["p5"], strict=True)
        ]
        if len(s["years"]) > 1:
            parts.append(
                f'<polygon points="{" ".join(upper + lower[::-1])}" fill="{colour}" opacity="0.2"/>'
            )
        median = [
            f"{x_of(y):.1f},{frame.y(v):.1f}" for y, v in zip(s["years"], s["p50"], strict=True)
        ]
        parts.append(_polyline(median, colour))
        for point in median:
            px, py = point.split(",")
            parts.append(f'<circle cx="{px}" cy="{py}" r="3" fill="{colour}"/>')
        y = frame.top + 4 + i * 40
        parts.append(_swatch(frame.left + frame.width + 20, y, colour))
        parts.extend(
            _wrapped(
                frame.left + frame.width + 38, y + 10, scenario_label(sim.scenario.name, lang), 24
            )
        )
    return _svg(820, 320, parts, say("budget.html.fan", lang))


def histogram_svg(result: BudgetResult, lang: str) -> str:
    """Distribution of the first-year total, one outline per scenario."""
    firsts = [sim.total[0] for sim in result.simulations]
    low = min(float(v.min()) for v in firsts)
    high = max(float(v.max()) for v in firsts)
    ticks = nice_ticks(low, high)
    edges = np.linspace(ticks[0], ticks[-1], 4 * (len(ticks) - 1) + 1)
    counts = [np.histogram(v, bins=edges)[0] / len(v) for v in firsts]
    top_share = max(float(c.max()) for c in counts)
    frame = Frame(0.0, top_share, "en", width=460)
    parts = []
    for value in frame.ticks:
        y = frame.y(value)
        parts.append(
            f'<line x1="{frame.left}" y1="{y:.1f}" x2="{frame.left + frame.width}" y2="{y:.1f}" '
            f'class="grid"/>'
        )
        parts.append(_text(frame.left - 6, y + 4, f"{value:.0%}", text_anchor="end", class_="tick"))
    for i, share in enumerate(counts):
        colour = COLOURS[i % len(COLOURS)]
        points = []
        for b, value in enumerate(share):
            x0 = frame.left + frame.width * b / len(share)
            x1 = frame.left + frame.width * (b + 1) / len(share)
            points += [f"{x0:.1f},{frame.y(value):.1f}", f"{x1:.1f},{frame.y(value):.1f}"]
        parts.append(_polyline(points, colour))
        y = frame.top + 4 + i * 40
        parts.append(_swatch(frame.left + frame.width + 20, y, colour))
        parts.extend(
            _wrapped(
                frame.left + frame.width + 38,
                y + 10,
                scenario_label(result.simulations[i].scenario.name, lang),
                24,
            )
        )
    divisor, unit = column_unit([abs(ticks[0]), abs(ticks[-1])], lang)
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1.0
    for value in ticks:
        x = frame.left + frame.width * (value - ticks[0]) / ((ticks[-1] - ticks[0]) or 1)
        parts.append(
            _text(
                x,
                frame.top + frame.height + 16,
                tick_text(value, divisor, step),
                text_anchor="middle",
                class_="tick",
            )
        )
    parts += frame.titles(
        say("budget.html.histogram.axis", lang, unit=unit), say("budget.axis.share", lang)
    )
    return _svg(820, 300, parts, say("budget.html.histogram", lang))


def _svg(width: int, height: int, parts: list[str], title: str) -> str:
    body = "\n".join(parts)
    return (
        f"<figure><figcaption>{html.escape(title)}</figcaption>"
        f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-label="{html.escape(title)}">{body}</svg></figure>'
    )


def _table(frame: pd.DataFrame, lang: str) -> str:
    """A table whose amount columns each have one unit (元 or 万元), named in the header."""
    units = {
        column: column_unit(frame[column].tolist(), lang)
        for column in frame.columns
        if column in MONEY_COLUMNS
    }
    head = []
    for column in frame.columns:
        title = (
            column_title(str(column), lang)
            if column not in units
            else _unit_header(str(column), units[column][1], lang)
        )
        head.append(f"<th>{html.escape(title)}</th>")
    rows = []
    for record in frame.itertuples(index=False):
        cells = []
        for column, value in zip(frame.columns, record, strict=True):
            if column in units:
                text = in_unit(float(value), units[column][0])
                cells.append(f'<td class="num">{html.escape(text)}</td>')
            elif column == "item":
                cells.append(f"<td>{html.escape(item_label(str(value), lang))}</td>")
            elif column == "payer":
                cells.append(f"<td>{html.escape(payer_label(str(value), lang))}</td>")
            elif column == "items":
                separator = "、" if lang == "zh" else ", "
                words = separator.join(item_label(i.strip(), lang) for i in str(value).split(","))
                cells.append(f"<td>{html.escape(words)}</td>")
            elif column in ("scenario", "vs"):
                cells.append(f"<td>{html.escape(scenario_label(str(value), lang))}</td>")
            elif isinstance(value, float) and not isinstance(value, bool):
                cells.append(f'<td class="num">{html.escape(f"{value:g}")}</td>')
            else:
                cells.append(f"<td>{html.escape(str(value))}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return f"<table><thead><tr>{''.join(head)}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _unit_header(column: str, unit: str, lang: str) -> str:
    from cadreplan.solver.words import header

    text = header(column, "zh" if lang == "zh" else "en")
    return f"{text}（{unit}）" if lang == "zh" else f"{text} ({unit})"


def _assumptions_table(result: BudgetResult, lang: str) -> str:
    frame, formats = assumptions_frame(result, lang)
    head = "".join(f"<th>{html.escape(column_title(c, lang))}</th>" for c in frame.columns)
    rows = []
    for (scenario, label, value), fmt in zip(frame.itertuples(index=False), formats, strict=True):
        if fmt == "0.0%" and isinstance(value, float):
            shown = f"{value:.1%}".replace(".0%", "%")
        elif isinstance(value, float):
            shown = f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"
        else:
            shown = str(value)
        rows.append(
            f"<tr><td>{html.escape(str(scenario))}</td><td>{html.escape(str(label))}</td>"
            f"<td>{html.escape(shown)}</td></tr>"
        )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def cap_note(result: BudgetResult, lang: str) -> str:
    notes = []
    for sim in result.simulations:
        n = sim.population.headcount
        share = sim.scenario.ratings["cap_excellent"]
        cap = math.floor(share * n + 1e-9)
        expected = sim.scenario.ratings["excellent"] * n
        binding = float(np.mean(sim.excellent == cap)) if n else 0.0
        notes.append(
            say(
                "budget.html.cap_note",
                lang,
                name=scenario_label(sim.scenario.name, lang),
                n=n,
                share=f"{share:g}",
                cap=cap,
                expected=f"{expected:.2f}",
                binding=f"{binding:.0%}",
            )
        )
    return "".join(f"<p>{html.escape(n)}</p>" for n in notes)


STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei",
"Noto Sans CJK SC",sans-serif;margin:2rem auto;max-width:1100px;color:#222;padding:0 1rem}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccc}
.headline{font-size:1.15rem;background:#f1f6fb;border-left:4px solid #1f6fb2;padding:.8rem 1rem}
table{border-collapse:collapse;margin:.5rem 0;font-size:.85rem}
th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}
th{background:#eef3f8}td.num{text-align:right;font-variant-numeric:tabular-nums}
figure{margin:1rem 0}figcaption{font-weight:600;margin-bottom:.3rem}
svg text{font-size:11px;fill:#333}svg .grid{stroke:#e3e3e3}svg .zero{stroke:#888}
svg .axis{stroke:#888}svg .tick{font-size:10px;fill:#555}
svg .axis-title{font-size:11px;fill:#333;font-weight:600}svg .value{font-size:11px;fill:#111}
@media print{body{margin:0}h2{break-after:avoid}figure,table{break-inside:avoid}}
"""


def budget_html(result: BudgetResult, tables: dict, lang: str) -> str:
    """One self-contained page: headline, difference chart, tables, charts, cap, assumptions."""
    zh = lang == "zh"
    title = say("budget.title", lang)
    comparison = tables["comparison"]
    draws = say("budget.html.draws", lang, draws=f"{result.draws:,}", seed=result.seed)
    sections = [
        f"<h1>{html.escape(title)}</h1>",
        f'<p class="headline">{html.escape(headline(result, lang))}</p>',
        f"<p>{html.escape(draws)}</p>",
    ]
    if len(result.simulations) > 1:
        sections += [
            f"<h2>{html.escape(say('budget.html.comparison', lang))}</h2>",
            difference_svg(result, lang),
            _table(comparison, lang) if len(comparison) else "<p>–</p>",
        ]
    sections += [
        f"<h2>{html.escape(say('budget.html.charts', lang))}</h2>",
        stacked_svg(result, lang),
        fan_svg(result, lang),
        histogram_svg(result, lang),
        f"<h2>{html.escape(say('budget.html.cap', lang))}</h2>",
        cap_note(result, lang),
        f"<h2>{html.escape(say('budget.html.per_year', lang))}</h2>",
        _table(tables["per_year"], lang),
        f"<h2>{html.escape(say('budget.html.payers', lang))}</h2>",
        _table(tables["payers"], lang),
        f"<h2>{html.escape(say('budget.html.assumptions', lang))}</h2>",
        _assumptions_table(result, lang),
    ]
    return (
        f'<!DOCTYPE html>\n<html lang="{"zh-CN" if zh else "en"}"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{STYLE}</style></head><body>"
        + "\n".join(sections)
        + "</body></html>\n"
    )


__all__ = ["budget_html", "cap_note", "difference_svg", "fan_svg", "histogram_svg", "WAN"]
