"""Pay-scheme budgets: scenario files and a vectorised Monte-Carlo simulation.

One draw of one year, for a headcount ``n``:

1. rating counts ~ Multinomial(n, shares) (shares ~ Dirichlet(concentration x shares)
   first when ``concentration > 0``); excellent ratings above floor(cap_excellent x n)
   become good. With ``ratings.source = "data"`` the first year takes the data's actual
   rating counts (``plan ratings`` output) and draws only the posts without a rating;
   later years draw as above;
2. bonus = sum over ratings of count x amount;
3. hardship cases ~ Binomial(n, hardship_rate); care = n x checkup + cases x amount;
4. diploma enrolments ~ Binomial(eligible, uptake); training = n x rotation + enrolled x
   diploma, where ``eligible`` counts the secretaries aged <= diploma_max_age that year;
5. pay = n x months x monthly base, the base growing by ``growth`` a year (compounded,
   then rounded to the fen); awards = count x amount.

Draws are counts, never individuals, so no loop runs over people or draws. Each item of
each calendar year draws from its own random stream, keyed by (seed, calendar year, item):
two scenarios that share an item's parameters share its draws exactly in every calendar
year they share (paired draws), even when one starts later, so their difference in that
item is exactly 0 and differences in the others are not blurred by noise.

Every amount is finite and within a documented range (:data:`AMOUNT_MAX`), scenario names
are unique and free of control characters, and a run whose draws would not fit in memory
is refused before any is drawn (:func:`check_budget_size`).
"""

from __future__ import annotations

import hashlib
import math
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np

from .dataset import Dataset
from .errors import Phrase, RulesError, TooLargeError
from .rules import merge_keys, toml_place

ITEMS = ("pay", "bonus", "awards", "care", "training")
RATINGS = ("excellent", "good", "fair", "poor")
STREAMS = {"ratings": 1, "shares": 2, "care": 3, "training": 4}
PERCENTILES = (5, 50, 95)
#: The tables a budget reads from --data: the posts, and the secretaries' status, ages and
#: ratings (:func:`population`, :func:`data_ratings`); the others are not read.
BUDGET_TABLES = ("villages", "secretaries")
#: The columns of those tables the budget uses (posts; the secretaries' status, birth years
#: and ratings) with those that name them (ids, names and towns, by which references are
#: resolved and vacant rows told). The others are reported as not needed and not typed.
BUDGET_COLUMNS = {
    "villages": ("village_id", "name", "town"),
    "secretaries": ("person_id", "name", "village_id", "birth_year", "status", "rating"),
}
#: Largest amount (CNY) any scenario key may set: pay per month, bonuses, awards, care and
#: training amounts. Beyond it a figure is a typo, and totals stay exact in float64.
AMOUNT_MAX = 10_000_000
#: Largest ``ratings.concentration`` (a Dirichlet concentration; 0 switches it off).
CONCENTRATION_MAX = 1_000_000
#: Bytes a (draw, year, scenario) cell costs across the items, totals and temporaries.
BYTES_PER_CELL = 160
#: Control characters (C0, DEL, C1) and bidirectional overrides and isolates: refused in
#: names shown in terminals, workbooks and pages.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
#: Longest scenario name: it labels rows, chart series and the page's headings.
NAME_MAX = 100


@dataclass(frozen=True)
class Scenario:
    """One pay scheme, read from TOML over the bundled baseline."""

    name: str
    headcount: int | None
    start_year: int
    years: int
    pay: MappingProxyType
    bonus: MappingProxyType
    ratings: MappingProxyType
    awards: MappingProxyType
    care: MappingProxyType
    training: MappingProxyType
    payers: MappingProxyType
    source: str = ""
    sha256: str = ""

    def __post_init__(self) -> None:
        """Validate on construction, as loading does (``dataclasses.replace`` included).

        Raises :class:`RulesError` naming the scenario's file (or "scenario") and the key.
        """
        data: dict[str, Any] = {
            "name": self.name,
            "headcount": self.headcount,
            "start_year": self.start_year,
            "years": self.years,
            "payers": {
                payer: list(items) if isinstance(items, tuple | list) else items
                for payer, items in dict(self.payers).items()
            },
        }
        for section in ("pay", "bonus", "ratings", "awards", "care", "training"):
            data[section] = dict(getattr(self, section))
        _validated(data, self.source or "scenario")

    def parameters(self) -> list[tuple[str, Any]]:
        """Every parameter as (dotted key, value), for the assumptions table."""
        rows: list[tuple[str, Any]] = [
            ("name", self.name),
            ("headcount", self.headcount if self.headcount is not None else "from data"),
            ("start_year", self.start_year),
            ("years", self.years),
        ]
        for section in ("pay", "bonus", "ratings", "awards", "care", "training", "payers"):
            for key, value in getattr(self, section).items():
                if section == "ratings" and key == "source":
                    continue  # shown as the ratings used (see ratings_used)
                shown = ", ".join(value) if isinstance(value, tuple) else value
                rows.append((f"{section}.{key}", shown))
        return rows


def _baseline_text() -> str:
    from importlib import resources

    return resources.files("cadreplan.scenarios").joinpath("baseline.toml").read_text("utf-8")


def bundled_scenarios() -> list[Path]:
    """The bundled baseline and scheme files, in that order."""
    from importlib import resources

    root = resources.files("cadreplan.scenarios")
    return [Path(str(root.joinpath("baseline.toml"))), Path(str(root.joinpath("scheme.toml")))]


def load_scenario(path: str | Path) -> Scenario:
    """Read a scenario file; missing keys take the baseline's values, unknown keys fail."""
    path = Path(path)
    try:
        data = path.read_bytes()
        override = tomllib.loads(data.decode("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise RulesError(
            str(path), "(file)", key="rules.bad_toml", params=toml_place(exc)
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RulesError(
            str(path), "(file)", key="rules.unreadable_toml", params={"reason": exc}
        ) from None
    base = tomllib.loads(_baseline_text())
    base.setdefault("headcount", None)
    merged = merge_keys(base, override, str(path), open_tables={"payers"})
    scenario = _build(merged, str(path))
    return Scenario(
        **{**scenario.__dict__, "source": str(path), "sha256": hashlib.sha256(data).hexdigest()}
    )


def _number(value: Any, key: str, label: str, low: float, high: float = AMOUNT_MAX) -> float:
    """A finite number from ``low`` to ``high`` (amounts: at most :data:`AMOUNT_MAX`)."""
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or not low <= value <= high
    ):
        raise RulesError(
            label,
            key,
            key="err.scn.number",
            params={"low": _amount(low), "high": _amount(high), "value": value},
        )
    return float(value)


def _amount(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:g}"


def _text(value: str, key: str, label: str) -> str:
    """Text shown in terminals, workbooks and pages: no control characters (ESC, BEL, ...)."""
    found = CONTROL.search(value)
    if found:
        raise RulesError(
            label, key, key="err.scn.control", params={"code": f"{ord(found.group(0)):04X}"}
        )
    return value


def _whole(value: Any, key: str, label: str, low: int, high: int = 10**9) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise RulesError(
            label, key, key="err.scn.whole", params={"low": low, "high": high, "value": value}
        )
    return int(value)


def _build(data: dict[str, Any], label: str) -> Scenario:
    """The scenario of ``data`` (a merged TOML table), every key validated."""
    return Scenario(**_validated(data, label), source=label)


def _validated(data: dict[str, Any], label: str) -> dict[str, Any]:
    """The fields of a scenario from ``data``, each checked against its documented range.

    Raises :class:`RulesError` naming ``label`` (the file) and the key.
    """
    if not isinstance(data.get("name"), str) or not data["name"].strip():
        raise RulesError(label, "name", key="err.scn.name_empty")
    _text(data["name"], "name", label)
    if len(data["name"]) > NAME_MAX:
        raise RulesError(
            label,
            "name",
            key="err.scn.name_long",
            params={"count": f"{len(data['name']):,}", "most": NAME_MAX},
        )
    headcount = data.get("headcount")
    if headcount is not None:
        headcount = _whole(headcount, "headcount", label, 0, 10_000_000)
    sections: dict[str, dict[str, Any]] = {}
    for section in ("pay", "bonus", "ratings", "awards", "care", "training"):
        if not isinstance(data.get(section), dict):
            raise RulesError(label, section, key="rules.table")
        sections[section] = dict(data[section])
    pay = sections["pay"]
    pay["base_monthly"] = _number(pay["base_monthly"], "pay.base_monthly", label, 0)
    pay["months"] = _whole(pay["months"], "pay.months", label, 0, 12)
    pay["growth"] = _number(pay["growth"], "pay.growth", label, -0.5, 1)
    for rating in RATINGS:
        sections["bonus"][rating] = _number(sections["bonus"][rating], f"bonus.{rating}", label, 0)
    ratings = sections["ratings"]
    for rating in RATINGS:
        ratings[rating] = _number(ratings[rating], f"ratings.{rating}", label, 0, 1)
    total = sum(ratings[r] for r in RATINGS)
    if abs(total - 1) > 1e-9:
        raise RulesError(label, "ratings", key="err.scn.shares_sum", params={"total": f"{total:g}"})
    ratings["cap_excellent"] = _number(
        ratings["cap_excellent"], "ratings.cap_excellent", label, 0, 1
    )
    ratings["concentration"] = _number(
        ratings["concentration"], "ratings.concentration", label, 0, CONCENTRATION_MAX
    )
    if ratings.get("source") not in ("shares", "data"):
        raise RulesError(
            label, "ratings.source", key="err.scn.source", params={"value": ratings.get("source")}
        )
    awards = sections["awards"]
    awards["count"] = _whole(awards["count"], "awards.count", label, 0, 1_000_000)
    awards["amount"] = _number(awards["amount"], "awards.amount", label, 0)
    care = sections["care"]
    care["checkup"] = _number(care["checkup"], "care.checkup", label, 0)
    care["hardship_rate"] = _number(care["hardship_rate"], "care.hardship_rate", label, 0, 1)
    care["hardship_amount"] = _number(care["hardship_amount"], "care.hardship_amount", label, 0)
    training = sections["training"]
    training["rotation"] = _number(training["rotation"], "training.rotation", label, 0)
    training["diploma"] = _number(training["diploma"], "training.diploma", label, 0)
    training["diploma_max_age"] = _whole(
        training["diploma_max_age"], "training.diploma_max_age", label, 0, 120
    )
    training["diploma_uptake"] = _number(
        training["diploma_uptake"], "training.diploma_uptake", label, 0, 1
    )
    training["diploma_eligible_share"] = _number(
        training["diploma_eligible_share"], "training.diploma_eligible_share", label, 0, 1
    )
    payers = data.get("payers")
    if not isinstance(payers, dict):
        raise RulesError(label, "payers", key="err.scn.payers")
    seen: dict[str, str] = {}
    for payer, items in payers.items():
        _text(payer, f"payers.{payer!r}", label)
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise RulesError(label, f"payers.{payer}", key="err.scn.payer_items")
        for item in items:
            if item not in ITEMS:
                raise RulesError(
                    label,
                    f"payers.{payer}",
                    key="err.scn.not_item",
                    params={"item": item, "known": tuple(ITEMS)},
                )
            if item in seen:
                raise RulesError(
                    label,
                    f"payers.{payer}",
                    key="err.scn.paid_twice",
                    params={"item": item, "payer": seen[item]},
                )
            seen[item] = payer
    unpaid = [i for i in ITEMS if i not in seen]
    if unpaid:
        raise RulesError(label, "payers", key="err.scn.unpaid", params={"items": ", ".join(unpaid)})
    return dict(
        name=data["name"].strip(),
        headcount=headcount,
        start_year=_whole(data["start_year"], "start_year", label, 1900, 2100),
        years=_whole(data["years"], "years", label, 1, 50),
        pay=MappingProxyType(pay),
        bonus=MappingProxyType(sections["bonus"]),
        ratings=MappingProxyType(ratings),
        awards=MappingProxyType(awards),
        care=MappingProxyType(care),
        training=MappingProxyType(training),
        payers=MappingProxyType({k: tuple(v) for k, v in payers.items()}),
    )


@dataclass(frozen=True)
class Population:
    """Who is paid: the headcount and, per projection year, how many may take a diploma.

    ``rating_counts`` (excellent, good, fair, poor) are the year's actual ratings from the
    data, used for the first projection year when the scenario says ``ratings.source =
    "data"``; ``ratings_source`` says in words which ratings the bonus used.
    """

    headcount: int
    diploma_eligible: tuple[int, ...]
    source: str
    rating_counts: tuple[int, ...] | None = None
    ratings_note: tuple[str, dict] = ("review.budget.shares", {})

    @property
    def ratings_source(self) -> str:
        """Which ratings the first year's bonus used, in English (see :func:`ratings_used`)."""
        return ratings_used(self, "en")


def data_ratings(scenario: Scenario, data: Dataset | None, headcount: int) -> tuple:
    """The data's rating counts for ``ratings.source = "data"``, and which ratings were used.

    The counts are those of the secretaries with a ``rating`` (after ``plan ratings`` that is
    the year's allocation, in ``secretaries_next.csv``); posts beyond them are drawn from the
    shares in the first year. Without data, or with no rating in it, the shares are used.
    Returns ``(counts or None, note)``, ``note`` being ``(catalogue key, parameters)`` for
    :func:`ratings_used`.
    """
    if scenario.ratings["source"] != "data":
        return None, ("review.budget.shares", {})
    if data is None:
        return None, ("review.budget.no_data", {})
    ratings = data.secretaries["rating"]
    counts = tuple(int((ratings == r).sum()) for r in RATINGS)
    rated = sum(counts)
    if rated == 0:
        return None, ("review.budget.no_ratings", {})
    if rated > headcount:
        raise RulesError(
            scenario.source or "scenario",
            "ratings.source",
            key="err.scn.rated_over_headcount",
            params={"rated": rated, "headcount": headcount},
        )
    return counts, (
        "review.budget.data",
        {"year": scenario.start_year, "counts": counts, "rest": headcount - rated},
    )


def ratings_used(people: Population, lang: str = "en") -> str:
    """Which ratings the first year's bonus used, in words (``en`` or ``zh``)."""
    from .words import enum_word, say

    key, params = people.ratings_note
    if key != "review.budget.data":
        return say(key, lang)  # type: ignore[arg-type]
    if lang == "zh":
        counts = "、".join(
            f"{enum_word('rating', r, 'zh')}{c}名"
            for r, c in zip(RATINGS, params["counts"], strict=True)
        )
    else:
        counts = ", ".join(f"{c} {r}" for r, c in zip(RATINGS, params["counts"], strict=True))
    rest = say("review.budget.rest", lang, rest=params["rest"]) if params["rest"] else ""  # type: ignore[arg-type]
    return say(key, lang, year=params["year"], counts=counts, rest=rest)  # type: ignore[arg-type]


def population(scenario: Scenario, years: int, data: Dataset | None) -> Population:
    """Headcount and diploma eligibility from the scenario or, failing that, the data.

    With data, every secretary post (one per village) is paid, vacancies being backfilled;
    the diploma counts the secretaries in post aged <= diploma_max_age in each year, scaled
    to the headcount. A headcount written in the scenario always wins over the data.
    """
    max_age = scenario.training["diploma_max_age"]
    share = scenario.training["diploma_eligible_share"]
    years_list = [scenario.start_year + t for t in range(years)]
    if data is not None:
        posts = len(data.villages)
        in_post = data.secretaries[data.secretaries["status"] == "in_post"]
        births = in_post["birth_year"].dropna().to_numpy(dtype=float)
        headcount = scenario.headcount if scenario.headcount is not None else posts
        if len(births):
            eligible = [
                int(round(headcount * float(np.mean(year - births <= max_age))))
                for year in years_list
            ]
        else:
            eligible = [int(round(headcount * share))] * years
        source = "scenario" if scenario.headcount is not None else f"data ({posts} posts)"
        counts, note = data_ratings(scenario, data, headcount)
        return Population(headcount, tuple(eligible), source, counts, note)
    if scenario.headcount is None:
        raise RulesError(
            scenario.source or "scenario",
            "headcount",
            key="err.scn.no_headcount",
        )
    counts, note = data_ratings(scenario, None, scenario.headcount)
    return Population(
        scenario.headcount,
        tuple([int(round(scenario.headcount * share))] * years),
        "scenario",
        counts,
        note,
    )


@dataclass(frozen=True)
class Simulation:
    """Draws of one scenario: ``items[item]`` is a (years x draws) array in CNY."""

    scenario: Scenario
    population: Population
    years: tuple[int, ...]
    items: MappingProxyType
    excellent: np.ndarray = field(repr=False)  # (years x draws) capped counts of 好

    @property
    def total(self) -> np.ndarray:
        return sum(self.items[item] for item in ITEMS)

    def payer_totals(self) -> dict[str, np.ndarray]:
        return {
            payer: sum(self.items[item] for item in items)
            for payer, items in self.scenario.payers.items()
        }


def _stream(seed: int, year: int, name: str) -> np.random.Generator:
    """The random stream of one item in one *calendar* year (not a projection-year index)."""
    return np.random.default_rng(np.random.SeedSequence([seed, year, STREAMS[name]]))


def simulate(
    scenario: Scenario, people: Population, years: int, draws: int, seed: int
) -> Simulation:
    """Simulate ``draws`` draws of ``years`` years of one scenario (vectorised)."""
    n = people.headcount
    shares = np.array([scenario.ratings[r] for r in RATINGS])
    amounts = np.array([scenario.bonus[r] for r in RATINGS])
    cap = math.floor(scenario.ratings["cap_excellent"] * n + 1e-9)
    concentration = scenario.ratings["concentration"]
    rows: dict[str, list[np.ndarray]] = {item: [] for item in ITEMS}
    excellent_rows = []
    for t in range(years):
        year = scenario.start_year + t
        rng = _stream(seed, year, "ratings")
        known = np.zeros(len(RATINGS), dtype=np.int64)
        if t == 0 and people.rating_counts is not None:
            # The year's actual ratings (ratings.source = "data"); only the posts without
            # one are drawn.
            known = np.asarray(people.rating_counts, dtype=np.int64)
        drawn = n - int(known.sum())
        if concentration > 0:
            alpha = np.maximum(concentration * shares, 1e-12)
            pvals = _stream(seed, year, "shares").dirichlet(alpha, size=draws)
            pvals = pvals / pvals.sum(axis=1, keepdims=True)
            counts = rng.multinomial(drawn, pvals)
        else:
            counts = rng.multinomial(drawn, shares / shares.sum(), size=draws)
        excess = np.maximum(counts[:, 0] - max(cap - int(known[0]), 0), 0)
        counts[:, 0] -= excess
        counts[:, 1] += excess
        counts = counts + known
        excellent_rows.append(counts[:, 0])
        rows["bonus"].append(counts @ amounts)
        monthly = round(scenario.pay["base_monthly"] * (1 + scenario.pay["growth"]) ** t, 2)
        rows["pay"].append(np.full(draws, n * scenario.pay["months"] * monthly))
        rows["awards"].append(np.full(draws, scenario.awards["count"] * scenario.awards["amount"]))
        cases = _stream(seed, year, "care").binomial(n, scenario.care["hardship_rate"], size=draws)
        rows["care"].append(n * scenario.care["checkup"] + cases * scenario.care["hardship_amount"])
        enrolled = _stream(seed, year, "training").binomial(
            people.diploma_eligible[t], scenario.training["diploma_uptake"], size=draws
        )
        rows["training"].append(
            n * scenario.training["rotation"] + enrolled * scenario.training["diploma"]
        )
    items = {item: np.vstack(rows[item]).astype(float) for item in ITEMS}
    return Simulation(
        scenario=scenario,
        population=people,
        years=tuple(scenario.start_year + t for t in range(years)),
        items=MappingProxyType(items),
        excellent=np.vstack(excellent_rows),
    )


def describe(values: np.ndarray) -> dict[str, float]:
    """Mean and the 5th, 50th and 95th percentiles of draws (exact for constant draws)."""
    low, mid, high = np.percentile(values, PERCENTILES)
    mean = float(values[0]) if np.all(values == values[0]) else float(np.mean(values))
    return {"mean": mean, "p5": float(low), "p50": float(mid), "p95": float(high)}


@dataclass(frozen=True)
class BudgetResult:
    """The simulations of every scenario, the first one being the baseline."""

    simulations: tuple[Simulation, ...]
    draws: int
    seed: int

    def summary_rows(self) -> list[dict[str, Any]]:
        rows = []
        for sim in self.simulations:
            for t, year in enumerate(sim.years):
                for item in (*ITEMS, "total"):
                    values = sim.total[t] if item == "total" else sim.items[item][t]
                    rows.append(
                        {
                            "scenario": sim.scenario.name,
                            "year": year,
                            "item": item,
                            **describe(values),
                        }
                    )
        return rows

    def period_rows(self) -> list[dict[str, Any]]:
        """Each item summed over the projection years, per scenario."""
        rows = []
        for sim in self.simulations:
            period = f"{sim.years[0]}-{sim.years[-1]}"
            for item in (*ITEMS, "total"):
                values = (sim.total if item == "total" else sim.items[item]).sum(axis=0)
                rows.append(
                    {
                        "scenario": sim.scenario.name,
                        "year": period,
                        "item": item,
                        **describe(values),
                    }
                )
        return rows

    def payer_rows(self) -> list[dict[str, Any]]:
        rows = []
        for sim in self.simulations:
            for payer, values in sim.payer_totals().items():
                items = ", ".join(sim.scenario.payers[payer])
                for t, year in enumerate(sim.years):
                    rows.append(
                        {
                            "scenario": sim.scenario.name,
                            "year": year,
                            "payer": payer,
                            "items": items,
                            **describe(values[t]),
                        }
                    )
        return rows

    def comparison_rows(self) -> list[dict[str, Any]]:
        """Every scenario against the first, per year and item, from paired draws."""
        base = self.simulations[0]
        rows = []
        for sim in self.simulations[1:]:
            for t, year in enumerate(sim.years):
                if year not in base.years:
                    continue
                b = base.years.index(year)
                for item in (*ITEMS, "total"):
                    mine = sim.total[t] if item == "total" else sim.items[item][t]
                    theirs = base.total[b] if item == "total" else base.items[item][b]
                    stats = describe(mine - theirs)
                    rows.append(
                        {
                            "scenario": sim.scenario.name,
                            "vs": base.scenario.name,
                            "year": year,
                            "item": item,
                            **{f"difference_{k}": v for k, v in stats.items()},
                        }
                    )
        return rows

    def assumption_rows(self) -> list[dict[str, Any]]:
        rows = []
        for sim in self.simulations:
            for key, value in sim.scenario.parameters():
                rows.append({"scenario": sim.scenario.name, "key": key, "value": str(value)})
            cap = math.floor(
                sim.scenario.ratings["cap_excellent"] * sim.population.headcount + 1e-9
            )
            extra = [
                ("headcount used", f"{sim.population.headcount} ({sim.population.source})"),
                ("excellent cap (people)", cap),
                ("diploma eligible per year", ", ".join(map(str, sim.population.diploma_eligible))),
                ("source file", sim.scenario.source),
                ("source sha256", sim.scenario.sha256),
            ]
            for key, value in extra:
                rows.append({"scenario": sim.scenario.name, "key": key, "value": str(value)})
        rows.append({"scenario": "(all)", "key": "seed", "value": str(self.seed)})
        rows.append({"scenario": "(all)", "key": "draws", "value": str(self.draws)})
        return rows


def memory_bytes() -> int | None:
    """The machine's physical memory in bytes, or None where the OS does not say."""
    try:
        return int(os.sysconf("SC_PAGE_SIZE")) * int(os.sysconf("SC_PHYS_PAGES"))
    except (AttributeError, ValueError, OSError):
        return None


def check_budget_size(draws: int, years: list[int], memory: int | None) -> None:
    """Refuse, before drawing, a run whose arrays would need more than half the memory.

    The draws of every scenario are held at once: about :data:`BYTES_PER_CELL` bytes per
    draw, year and scenario. Without a known memory size, 8 GB is assumed.
    """
    cells = draws * sum(years)
    need = cells * BYTES_PER_CELL
    limit = (memory if memory else 16 * 2**30) // 2
    if need > limit:
        most = max(1, limit // (BYTES_PER_CELL * max(sum(years), 1)))
        raise TooLargeError(
            key="err.scn.memory",
            params={
                "draws": f"{draws:,}",
                "years": f"{sum(years):,}",
                "need": f"{need / 2**30:,.1f}",
                "limit": f"{limit / 2**30:,.1f}",
                "most": f"{most:,}",
            },
        )


def run_budget(
    scenarios: list[Scenario],
    data: Dataset | None,
    *,
    draws: int = 10_000,
    years: int | None = None,
    seed: int = 0,
) -> BudgetResult:
    """Simulate every scenario with the same seed (paired draws); the first is the baseline.

    Raises :class:`RulesError` when two scenarios share a name (their rows could not be
    told apart), and :class:`TooLargeError` when the draws would not fit in memory.
    """
    if not scenarios:
        raise ValueError("at least one scenario is needed")
    named: dict[str, Scenario] = {}
    for scenario in scenarios:
        first = named.setdefault(scenario.name, scenario)
        if first is not scenario:
            raise RulesError(
                scenario.source or "scenario",
                "name",
                key="err.scn.same_name",
                params={
                    "name": scenario.name,
                    "other": first.source or Phrase("err.scn.another"),
                },
            )
    check_budget_size(
        draws, [years if years is not None else s.years for s in scenarios], memory_bytes()
    )
    simulations = []
    for scenario in scenarios:
        span = years if years is not None else scenario.years
        people = population(scenario, span, data)
        simulations.append(simulate(scenario, people, span, draws, seed))
    return BudgetResult(tuple(simulations), draws, seed)
