"""Inline SVG bar charts of a plan's outputs (counts read back from its CSV files).

A budget run brings its own charts (those of ``budget.html``); for the planning commands the
page draws one chart of what the plan did: the mentors' load against capacity by type, the
posts filled by route, the pool after review, the ratings given. The numbers are counted
from the files the command wrote, not recomputed.
"""

from __future__ import annotations

import csv
import html
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from cadreplan.solver.words import review as review_words
from cadreplan.solver.words import say

from .names import code_word, name_word, plain

COLOURS = ("#2f6db5", "#9bbbe0")


def _read(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _number(text: str) -> float:
    try:
        return float(text)
    except (TypeError, ValueError):
        return 0.0


def bars(
    title: str,
    rows: Sequence[tuple[str, float, float | None]],
    legend: tuple[str, str] | None = None,
) -> str:
    """A horizontal bar chart: one bar per label, with an optional lighter bar behind it.

    Parameters
    ----------
    title
        The chart's title (escaped here).
    rows
        ``(label, value, outer)``: ``outer`` (such as a capacity) is drawn behind ``value``.
    legend
        Names of ``value`` and ``outer``.
    """
    width, left, bar, gap, top = 560, 170, 18, 10, 34
    height = top + len(rows) * (bar + gap) + (30 if legend else 10)
    largest = max([max(v, o or 0) for _, v, o in rows] + [1])
    scale = (width - left - 60) / largest
    parts = [f'<text x="10" y="20" font-size="14" font-weight="bold">{html.escape(title)}</text>']
    for index, (label, value, outer) in enumerate(rows):
        y = top + index * (bar + gap)
        parts.append(
            f'<text x="{left - 8}" y="{y + 13}" font-size="12" text-anchor="end">'
            f"{html.escape(label)}</text>"
        )
        if outer is not None:
            parts.append(
                f'<rect x="{left}" y="{y}" width="{outer * scale:.1f}" height="{bar}" '
                f'fill="{COLOURS[1]}"/>'
            )
        parts.append(
            f'<rect x="{left}" y="{y}" width="{value * scale:.1f}" height="{bar}" '
            f'fill="{COLOURS[0]}"/>'
        )
        shown = f"{value:g}" + (f" / {outer:g}" if outer is not None else "")
        end = max(value, outer or 0) * scale
        parts.append(f'<text x="{left + end + 6:.1f}" y="{y + 13}" font-size="12">{shown}</text>')
    if legend:
        y = height - 16
        for index, name in enumerate(legend):
            x = left + index * 150
            parts.append(f'<rect x="{x}" y="{y}" width="12" height="12" fill="{COLOURS[index]}"/>')
            parts.append(
                f'<text x="{x + 18}" y="{y + 11}" font-size="12">{html.escape(name)}</text>'
            )
    return (
        f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-label="{html.escape(title)}" xmlns="http://www.w3.org/2000/svg">'
        + "".join(parts)
        + "</svg>"
    )


#: The grades of the yearly assessment, best first (SPEC: 好, 较好, 一般, 差).
RATING_ORDER = ("excellent", "good", "fair", "poor")


def _counts(rows: list[dict[str, str]], column: str) -> list[tuple[str, float]]:
    """How many rows hold each code of ``column``, by code."""
    counted = Counter(row.get(column, "") for row in rows)
    return [(code, float(n)) for code, n in sorted(counted.items())]


def _labelled(
    counts: list[tuple[str, float]], word: Callable[[str], str], lang: str
) -> list[tuple[str, float, float | None]]:
    """Counted codes as bars, each labelled in words (a blank code as "(blank)")."""
    blank = _say("web.chart.no_value", lang)
    return [(word(code) if code else blank, n, None) for code, n in counts]


def _say(key: str, lang: str) -> str:
    return say(key, lang)  # type: ignore[arg-type]


def plan_charts(out: Path, lang: str) -> list[str]:
    """The charts of a planning run's outputs in ``out`` (none for an unknown command).

    Every title, legend and bar label is a catalogue word in ``lang`` (codes never shown).
    """
    charts = []
    load = _read(out / "mentor_load.csv")
    if load:
        by_type: dict[str, list[float]] = {}
        for row in load:
            entry = by_type.setdefault(row.get("mentor_type", ""), [0.0, 0.0])
            entry[0] += _number(row.get("load", "0"))
            entry[1] += _number(row.get("capacity", "0"))
        charts.append(
            bars(
                _say("web.chart.mentor_load", lang),
                [
                    (code_word("mentor_type", k, lang), v[0], v[1])
                    for k, v in sorted(by_type.items())
                ],
                (name_word("load", lang), name_word("capacity", lang)),
            )
        )
    appointments = _read(out / "appointments.csv")
    if (out / "appointments.csv").exists():
        routes = _labelled(
            _counts(appointments, "route"), lambda c: code_word("route", c, lang), lang
        )
        unfilled = float(len(_read(out / "unfilled.csv")))
        routes.append((name_word("unfilled", lang), unfilled, None))
        charts.append(bars(_say("web.chart.routes", lang), routes))
    pool = _read(out / "reserve_pool.csv")
    if pool:
        # The pool's statuses are the review's words (保留, 调出, 递补), not a vocabulary.
        rows = _labelled(
            _counts(pool, "status"),
            lambda c: review_words.HEADERS_ZH.get(c, c) if lang == "zh" else plain(c),
            lang,
        )
        charts.append(bars(_say("web.chart.pool", lang), rows))
    ratings = _read(out / "ratings.csv")
    if ratings:
        counted = Counter(row.get("rating", "") for row in ratings)
        # Every grade from 好 down to 差, with 0 where none was given, then the unrated.
        rows = [
            (code_word("rating", code, lang), float(counted.pop(code, 0)), None)
            for code in RATING_ORDER
        ]
        not_rated = float(counted.pop("", 0))
        rows += _labelled(
            sorted((c, float(n)) for c, n in counted.items()),
            lambda c: code_word("rating", c, lang),
            lang,
        )
        if not_rated:
            rows.append((_say("web.chart.not_rated", lang), not_rated, None))
        charts.append(bars(_say("web.chart.ratings", lang), rows))
    return charts
