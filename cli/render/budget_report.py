"""What the budget reports share: words, amounts, units, round ticks and the headline.

Amounts are written as the finance office writes them: in Chinese 元 below 10,000 and 万元
from 10,000 up in a sentence, and in a table one unit per column (万元 when the column's
largest amount reaches 10,000, else 元), named in the header, never mixed in a column.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from cadreplan.solver.budget import BudgetResult, Simulation
from cadreplan.solver.words import Lang
from cadreplan.solver.words import say as _catalogue_say
from cadreplan.solver.words.budget import ITEMS as ITEM_WORDS
from cadreplan.solver.words.budget import PAYERS, SCENARIO_NAMES_ZH

#: Colours of series (scenarios, items), picked to stay apart in grey print too.
COLOURS = ["#1f6fb2", "#e07b39", "#3a9a5b", "#b8463f", "#7a5ea8", "#8c6d3f"]
WAN = 10_000.0


def say(key: str, lang: str, /, **params: object) -> str:
    """The catalogue message ``key`` in ``lang`` (``zh``, else English)."""
    language: Lang = "zh" if lang == "zh" else "en"
    return _catalogue_say(key, language, **params)


def item_label(item: str, lang: str) -> str:
    """A budget item code (``care``) as a word (关爱帮扶 / care)."""
    pair = ITEM_WORDS.get(item)
    if pair is None:
        return item
    return pair[1] if lang == "zh" else pair[0]


def payer_label(payer: str, lang: str) -> str:
    """A payer code (``city``) as words (市财政); payers of a scenario's own are kept."""
    pair = PAYERS.get(payer)
    if pair is None:
        return payer
    return pair[1] if lang == "zh" else pair[0]


def scenario_label(name: str, lang: str) -> str:
    """A scenario's name for readers: the bundled ones in Chinese under zh."""
    return SCENARIO_NAMES_ZH.get(name, name) if lang == "zh" else name


def money(value: float, lang: str) -> str:
    """One amount in a sentence: 元 / 万元 in Chinese, CNY in English."""
    if lang == "zh":
        if abs(value) >= WAN:
            return f"{value / WAN:,.2f}万元"
        return f"{value:,.0f}元"
    return f"CNY {value:,.0f}"


def signed_money(value: float, lang: str) -> str:
    """An amount with its sign, for differences (+3.12万元)."""
    sign = "+" if value > 0 else ("−" if value < 0 else "")
    return sign + money(abs(value), lang)


def column_unit(values: Sequence[float], lang: str) -> tuple[float, str]:
    """The one unit of a column of amounts: (divisor, unit word)."""
    finite = [abs(float(v)) for v in values if v is not None and np.isfinite(v)]
    if lang == "zh" and finite and max(finite) >= WAN:
        return WAN, say("budget.unit.wan", "zh")
    return 1.0, say("budget.unit.yuan", lang)


def in_unit(value: float, divisor: float) -> str:
    """An amount in a column's unit, with thousands separators and no unit word."""
    if divisor == 1.0:
        return f"{value:,.0f}"
    return f"{value / divisor:,.2f}"


def nice_step(span: float, count: int = 5) -> float:
    """A round step (1, 2, 2.5 or 5 × 10^k) that cuts ``span`` into about ``count`` parts."""
    if span <= 0 or not math.isfinite(span):
        return 1.0
    raw = span / count
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * power >= raw:
            return factor * power
    return 10 * power


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high] (a flat range is widened around its value)."""
    if high < low:
        low, high = high, low
    if high - low < 1e-9 * max(1.0, abs(high)):
        pad = max(abs(high) * 0.05, 1.0)
        low, high = low - pad, high + pad
    step = nice_step(high - low, count)
    first = math.floor(low / step + 1e-9)
    last = math.ceil(high / step - 1e-9)
    digits = max(0, 3 - math.floor(math.log10(step)))
    ticks = [round(k * step, digits) for k in range(first, last + 1)]
    if len(ticks) == 1:
        ticks.append(round((last + 1) * step, digits))
    return ticks


def tick_text(value: float, divisor: float, step: float) -> str:
    """A tick label in the axis unit with just enough decimals for the step."""
    scaled, scaled_step = value / divisor, step / divisor
    decimals = max(0, -math.floor(math.log10(scaled_step) + 1e-9)) if scaled_step > 0 else 0
    if scaled_step * 10**decimals % 1:
        decimals += 1
    text = f"{scaled:,.{decimals}f}"
    return "0" if float(scaled) == 0 else text


def differences(result: BudgetResult) -> list[tuple[Simulation, list[tuple[int, np.ndarray]]]]:
    """For each scenario after the baseline, its paired total minus the baseline's, by year."""
    base = result.simulations[0]
    pairs = []
    for sim in result.simulations[1:]:
        rows = []
        for t, year in enumerate(sim.years):
            if year in base.years:
                rows.append((year, sim.total[t] - base.total[base.years.index(year)]))
        pairs.append((sim, rows))
    return pairs


def headline(result: BudgetResult, lang: str) -> str:
    """The sentence a finance officer reads first: what the scheme costs against the baseline.

    When the paired difference is the same in every draw (P5 = P95), it says "exactly"
    (恰好) instead of quoting an interval of two equal numbers.
    """
    base = result.simulations[0]
    base_name = scenario_label(base.scenario.name, lang)
    if len(result.simulations) == 1:
        year = base.years[0]
        p5, p95 = np.percentile(base.total[0], [5, 95])
        mean = float(np.mean(base.total[0]))
        if p5 == p95:
            return say(
                "budget.headline.one_exact", lang, name=base_name, year=year, mean=money(mean, lang)
            )
        return say(
            "budget.headline.one",
            lang,
            name=base_name,
            year=year,
            mean=money(mean, lang),
            p5=money(p5, lang),
            p95=money(p95, lang),
        )
    sentences = []
    for sim, rows in differences(result):
        if not rows:
            continue
        year, diff = rows[0]
        mean = float(np.mean(diff))
        p5, p95 = (float(v) for v in np.percentile(diff, [5, 95]))
        name = scenario_label(sim.scenario.name, lang)
        params = {"name": name, "base": base_name, "year": year}
        if p5 == p95:
            exact = float(diff[0])
            key = "more_exact" if exact > 0 else ("less_exact" if exact < 0 else "same_exact")
            sentences.append(
                say(f"budget.headline.{key}", lang, amount=money(abs(exact), lang), **params)
            )
            continue
        key = "more" if mean >= 0 else "less"
        sentences.append(
            say(
                f"budget.headline.{key}",
                lang,
                amount=money(abs(mean), lang),
                p5=signed_money(p5, lang),
                p95=signed_money(p95, lang),
                **params,
            )
        )
    return " ".join(sentences)
