"""Backfill of vacant secretary posts (补齐配强): candidate fit, the model and the plan.

Candidates are reserves and dispatched cadres who pass joint vetting (see
:mod:`eligibility`). A candidate reaches a vacant post along one of three routes:

- ``local``: a reserve of the post's own village;
- ``cross_village``: a reserve of another village, when the post's village is a
  cross-village pilot and the road distance is at most ``cross_village_max_km``;
- ``dispatched``: a dispatched cadre, when ``allow_dispatched``.

With ``outside_only_if_no_local``, cross-village and dispatched candidates reach a post only
when its village has no eligible reserve. Each person fills at most one post and each post
takes at most one person. The objective is lexicographic: the sum of the priority weights
of the posts filled (the largest weight of the village's categories), then the total fit.

**The fit** (documented in the README) is the sum of five components, each rounded to 0.01
point before summing (the solver works in centi-points, exactly 100 x the fit):

- ``evaluation``: ``fit.evaluation`` x evaluation / 100 (``fit.missing_evaluation`` for a
  dispatched cadre without one);
- ``education``: ``fit.education`` x the level's factor (primary 0.1, junior 0.2,
  high_school/vocational 0.4, college 0.6, bachelor 0.8, master 0.9, doctor 1.0);
- ``age``: ``fit.age`` in full from ``peak_age_min`` to ``peak_age_max``, falling linearly
  to 0 at ``min_age`` and at ``max_age``;
- ``source``: ``fit.source_bonus`` of the reserve's source group (人才回乡);
- ``route``: ``fit.route_bonus`` of the route (own reserves first, then cross-village,
  then dispatched).

With ``post_scores`` the given score replaces the five, scaled by 10^d (d decimals).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .dataset import Dataset
from .distances import Distances, build_distances
from .eligibility import assess
from .errors import InfeasibleError, OptionError, Phrase
from .explain import Reason, explain_unfilled, post_standing, prefer_fewer_options_posts
from .infobase import reserve_counts
from .network import (
    SCORE_SCALE,
    Arcs,
    LinearRule,
    Relay,
    Solution,
    SolveOptions,
    Status,
    add_given_scores,
    add_scaled_scores,
    check_model_size,
    relative_gap,
    remaining_seconds,
    score_factor,
    second_objective_bound,
    solve_cpsat,
    solve_flow,
)
from .rules import Rules, StructureRules
from .structure import TargetRow, conflicting_rules, structure_needs
from .structure import structure_attributes as _attributes
from .timing import Timings

COMPONENTS = ("evaluation", "education", "age", "source", "route")
EDUCATION_FACTOR = {
    "primary": 0.1,
    "junior": 0.2,
    "high_school": 0.4,
    "vocational": 0.4,
    "college": 0.6,
    "bachelor": 0.8,
    "master": 0.9,
    "doctor": 1.0,
}


@dataclass(frozen=True)
class BackfillPlan:
    """The result of :func:`plan_backfill`.

    ``objective`` is the total fit of the appointments; ``priority`` the sum of the
    priority weights of the posts filled (the first objective); ``bound`` the solver's
    proven bound on the fit among plans of that priority.
    """

    status: Status
    solver: str
    objective: float
    bound: float
    priority: int
    seconds: float
    vacancies: int
    appointments: pd.DataFrame
    shortlist: pd.DataFrame
    unfilled: pd.DataFrame
    eligibility: pd.DataFrame
    reserve_ratio: pd.DataFrame
    score_scale: int
    components: tuple[str, ...]
    distance_method: str
    structure: dict = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    #: Seconds per phase (distances, build, solve, explain) of this plan.
    timings: dict[str, float] = field(default_factory=dict)
    #: Why each row of ``unfilled`` is left empty (same order), to word in any language.
    reasons: tuple[Reason, ...] = ()

    @property
    def gap(self) -> float:
        return relative_gap(self.objective, self.bound)

    @property
    def filled(self) -> int:
        return len(self.appointments)


def post_priorities(data: Dataset, rules: Rules) -> pd.Series:
    """The priority weight of every village's post: the largest of its categories' weights."""
    table = rules.backfill.priority
    default = table["default"]
    weights = [
        max([table[c] for c in cats if c in table], default=default)
        for cats in data.village_categories()
    ]
    return pd.Series(weights, index=data.villages["village_id"].to_numpy())


def age_factor(age: np.ndarray, rules: Rules) -> np.ndarray:
    """1 from peak_age_min to peak_age_max, falling linearly to 0 at min_age and max_age."""
    fit, e = rules.backfill.fit, rules.eligibility
    age = np.asarray(age, dtype=float)
    rising = np.clip((age - e.min_age) / max(fit.peak_age_min - e.min_age, 1), 0, 1)
    falling = np.clip((e.max_age - age) / max(e.max_age - fit.peak_age_max, 1), 0, 1)
    return np.where(age < fit.peak_age_min, rising, np.where(age > fit.peak_age_max, falling, 1.0))


@dataclass(frozen=True)
class Candidates:
    """The candidate pairs of a backfill model, in a size that grows with cadres + posts.

    ``pairs`` has one row per (candidate, post) pair a route allows (local, cross-village,
    and every dispatched pair listed in ``post_scores``): columns ``person`` (row of
    ``people``), ``post`` (village position), ``route``, ``km``, ``score_*``, ``score`` and
    ``weight``, sorted by (post, person). Without ``post_scores`` a dispatched cadre's fit
    does not depend on the post, so ``dispatched`` has one row per eligible dispatched cadre
    (``post`` = -1, same columns) and ``dispatched_posts`` the posts every one of them may
    fill: the model joins them through one shared node instead of cadres x posts pairs.
    """

    pairs: pd.DataFrame
    dispatched: pd.DataFrame
    dispatched_posts: np.ndarray
    scale: int
    components: tuple[str, ...]

    @property
    def count(self) -> int:
        """How many (candidate, post) pairs the candidates stand for."""
        return len(self.pairs) + len(self.dispatched) * len(self.dispatched_posts)

    def of_post(self, post: int) -> pd.DataFrame:
        """Every (candidate, post) pair of one post, as rows of ``pairs``, sorted by person."""
        rows = self.pairs[self.pairs["post"] == post]
        if len(self.dispatched) and post in set(self.dispatched_posts.tolist()):
            rows = pd.concat([rows, self.dispatched.assign(post=post)], ignore_index=True)
            rows = rows.sort_values("person", kind="stable")
        return rows

    def expanded(self) -> pd.DataFrame:
        """All pairs as one frame, the dispatched ones crossed with their posts.

        The size is cadres x posts: for references, peers and diagnoses, never for the model.
        """
        cadres = self.dispatched
        posts = self.dispatched_posts
        cross = cadres.loc[cadres.index.repeat(len(posts))].reset_index(drop=True)
        cross["post"] = np.tile(posts, len(cadres)).astype(np.int64)
        arcs = pd.concat([self.pairs, cross], ignore_index=True)
        arcs = arcs.sort_values(["post", "person"], kind="stable").reset_index(drop=True)
        arcs.attrs.update(scale=self.scale, components=self.components)
        return arcs


def candidate_arcs(
    data: Dataset, rules: Rules, people: pd.DataFrame, distances: Distances
) -> pd.DataFrame:
    """Every (candidate, post) pair a route allows, with its fit components, in one frame.

    The cadres x posts form of :func:`candidates` (see :meth:`Candidates.expanded`), for
    references and peers that need every pair as a row. Columns: ``person`` (row of
    ``people``), ``post`` (village position), ``route``, ``km``, ``score_*``, ``score`` and
    ``weight`` (centi-points, or the scaled given score).
    """
    found = candidates(data, rules, people, distances)
    check_model_size(
        found.count,
        Phrase(
            "err.what.dispatched",
            {"cadres": f"{len(found.dispatched):,}", "posts": f"{len(found.dispatched_posts):,}"},
        ),
        Phrase("err.advice.one_county"),
    )
    return found.expanded()


def candidates(
    data: Dataset,
    rules: Rules,
    people: pd.DataFrame,
    distances: Distances,
    timings: Timings | None = None,
) -> Candidates:
    """The candidate pairs of the model: from the routes, never from all people x posts.

    Local pairs come from each reserve's own village, cross-village pairs from the villages
    within ``cross_village_max_km`` of a pilot post, dispatched pairs from ``post_scores``
    when it is given (only its listed pairs may be used) or else, post-independent, one row
    per eligible dispatched cadre. ``people`` is the output of :func:`eligibility.assess`.
    ``timings`` (if given) gets the distance search as ``distances``, the rest as ``build``.
    """
    timings = timings or Timings()
    timings.split("build")
    b = rules.backfill
    villages = data.villages
    village_index = data.village_index
    vacant = villages["vacant"].to_numpy()
    pilot = villages["cross_village_pilot"].to_numpy(dtype=bool)
    eligible = people["eligible"].to_numpy(dtype=bool)
    is_reserve = (people["kind"] == "reserve").to_numpy()
    home = people["village_id"].map(village_index).to_numpy(dtype=float)
    parts = []
    local = np.flatnonzero(eligible & is_reserve)
    local = local[vacant[home[local].astype(np.int64)]]
    parts.append(
        pd.DataFrame(
            {
                "person": local,
                "post": home[local].astype(np.int64),
                "route": "local",
                "km": 0.0,
            }
        )
    )
    has_local = np.zeros(len(villages), dtype=bool)
    has_local[home[local].astype(np.int64)] = True
    open_to_outside = vacant & ~has_local if b.outside_only_if_no_local else vacant
    pilots = np.flatnonzero(open_to_outside & pilot)
    movers = np.flatnonzero(eligible & is_reserve)
    if len(pilots) and len(movers):
        timings.split("build")
        reach = distances.within(
            home[movers].astype(np.int64), pilots, b.cross_village_max_km
        ).frame()
        timings.split("distances")
        reach = reach[reach["source"] != reach["target"]]
        by_home = pd.DataFrame({"person": movers, "source": home[movers].astype(np.int64)})
        cross = reach.merge(by_home, on="source").rename(columns={"target": "post"})
        cross["route"] = "cross_village"
        parts.append(cross[["person", "post", "route", "km"]])
    cadres = np.flatnonzero(eligible & ~is_reserve) if b.allow_dispatched else np.zeros(0, int)
    posts = np.flatnonzero(open_to_outside)
    if len(posts) == 0:
        cadres = cadres[:0]
    dispatched = pd.DataFrame({"person": cadres, "post": -1, "route": "dispatched", "km": np.nan})
    if data.post_scores is not None:
        # Only listed pairs may be used: the dispatched ones are the listed pairs of an
        # eligible cadre and an open post (never all cadres x posts).
        listed = _listed(data, people)
        may = np.zeros(len(people), dtype=bool)
        may[cadres] = True
        is_open = np.zeros(len(villages), dtype=bool)
        is_open[posts] = True
        listed_dispatched = listed[
            may[listed["person"].to_numpy()] & is_open[listed["post"].to_numpy()]
        ]
        parts.append(listed_dispatched[["person", "post"]].assign(route="dispatched", km=np.nan))
        arcs = pd.concat(parts, ignore_index=True)
        arcs["person"] = arcs["person"].astype(np.int64)
        arcs["post"] = arcs["post"].astype(np.int64)
        arcs = arcs.merge(listed, on=["person", "post"])
        dispatched = dispatched.iloc[:0].assign(score_given=np.zeros(0))
        posts = posts[:0]
    else:
        arcs = pd.concat(parts, ignore_index=True)
        arcs["person"] = arcs["person"].astype(np.int64)
        arcs["post"] = arcs["post"].astype(np.int64)
    arcs = arcs.sort_values(["post", "person"], kind="stable").reset_index(drop=True)
    # One scoring of both frames, so that they share the scale (given scores: 10^d).
    both = pd.concat([arcs, dispatched], ignore_index=True)
    both.attrs["score_factor"] = score_factor(
        len(both) + len(posts),
        int(data.villages["vacant"].sum()),
        len(data.villages),
        max(rules.backfill.priority.values()),
    )
    both = _score(rules, people, both)
    pairs = both.iloc[: len(arcs)].reset_index(drop=True)
    cadre_rows = both.iloc[len(arcs) :].reset_index(drop=True)
    for frame in (pairs, cadre_rows):
        frame["person"] = frame["person"].astype(np.int64)
        frame["post"] = frame["post"].astype(np.int64)
    timings.split("build")
    return Candidates(
        pairs=pairs,
        dispatched=cadre_rows,
        dispatched_posts=posts.astype(np.int64),
        scale=both.attrs["scale"],
        components=both.attrs["components"],
    )


def _listed(data: Dataset, people: pd.DataFrame) -> pd.DataFrame:
    """post_scores as (person, post, score_given) positions; unknown ids are left out."""
    listed = data.post_scores
    assert listed is not None  # only called with post_scores
    person = listed["person_id"].map(
        pd.Series(np.arange(len(people)), index=people["person_id"].to_numpy())
    )
    post = listed["village_id"].map(data.village_index)
    known = (person.notna() & post.notna()).to_numpy()
    return pd.DataFrame(
        {
            "person": person[known].to_numpy(dtype=np.int64),
            "post": post[known].to_numpy(dtype=np.int64),
            "score_given": listed["score"].to_numpy(dtype=float)[known],
        }
    )


def _score(rules: Rules, people: pd.DataFrame, arcs: pd.DataFrame) -> pd.DataFrame:
    if "score_given" in arcs:
        add_given_scores(arcs, "post_scores")
        return arcs
    fit = rules.backfill.fit
    person = arcs["person"].to_numpy()
    evaluation = people["evaluation"].to_numpy(dtype=float)[person]
    evaluation = np.where(np.isnan(evaluation), fit.missing_evaluation, evaluation)
    education = people["education"].map(EDUCATION_FACTOR).fillna(0).to_numpy(dtype=float)[person]
    age = people["age"].to_numpy(dtype=float, na_value=np.nan)[person]
    source = people["source"].map(dict(fit.source_bonus)).fillna(0).to_numpy(dtype=float)[person]
    route = arcs["route"].map(dict(fit.route_bonus)).fillna(0).to_numpy(dtype=float)
    parts = {
        "evaluation": fit.evaluation * evaluation / 100,
        "education": fit.education * education,
        "age": fit.age * age_factor(age, rules),
        "source": source,
        "route": route,
    }
    add_scaled_scores(arcs, parts, SCORE_SCALE)
    return arcs


def structure_attributes(people: pd.DataFrame) -> dict[str, np.ndarray]:
    """Per candidate, whether each backfill structure rule counts them (see structure.py)."""
    return _attributes(people, ("min_share_under_45", "min_share_college", "min_share_women"))


def plan_backfill(data: Dataset, rules: Rules, options: SolveOptions | None = None) -> BackfillPlan:
    """Fill the vacant posts: the highest priority weight filled, then the best total fit.

    ``auto`` solves by min-cost flow unless ``[backfill.structure]`` sets a target, which
    needs CP-SAT. Raises :class:`InfeasibleError` naming the structure rules that cannot
    all hold.
    """
    options = options or SolveOptions()
    started = time.perf_counter()
    timings = Timings(options.progress)  # progress: lang's hook, see solver/timing.py
    timings.start("distances")
    distances = build_distances(data.villages, data.roads)
    timings.split("distances")
    timings.start("build")
    people = assess(data, rules.eligibility)
    found = candidates(data, rules, people, distances, timings)
    check_model_size(
        len(found.pairs) + len(found.dispatched) + len(found.dispatched_posts),
        Phrase("err.what.backfill_model"),
        Phrase("err.advice.one_county"),
    )
    arcs = found.pairs
    cadres = found.dispatched
    dispatched_posts = found.dispatched_posts
    scale = found.scale
    priorities = post_priorities(data, rules).to_numpy(dtype=np.int64)
    posts = np.flatnonzero(data.villages["vacant"].to_numpy())
    structure = rules.backfill.structure
    needs = structure_needs(structure.active, len(posts))
    if options.solver == "flow" and needs:
        raise OptionError(
            key="err.opt.flow_structure",
            params={
                "section": "backfill.structure",
                "targets": ", ".join(needs),
                "why": Phrase("err.why.not_network"),
            },
        )
    # Compact the people who have arcs into the flow's left side.
    persons, left = np.unique(
        np.concatenate([arcs["person"].to_numpy(), cadres["person"].to_numpy()]),
        return_inverse=True,
    )
    left_pairs, left_cadres = left[: len(arcs)], left[len(arcs) :]
    post_weight = priorities[arcs["post"].to_numpy()]
    weights = np.concatenate([arcs["weight"].to_numpy(), cadres["weight"].to_numpy()])
    fit_spread = int(np.abs(weights).max(initial=0)) * max(len(posts), 1)
    big = 2 * fit_spread + 1
    model_arcs = Arcs(
        left=left_pairs.astype(np.int64),
        right=arcs["post"].to_numpy(dtype=np.int64),
        group=arcs["post"].to_numpy(dtype=np.int64),
        weight=post_weight * big + arcs["weight"].to_numpy(dtype=np.int64),
    )
    # A dispatched cadre reaches every open post through one shared node: its fit on the
    # way in, the post's priority on the way out (exact, since the fit is the same for
    # every post), so the network grows with cadres + posts, not cadres x posts.
    relay = Relay(
        into_left=left_cadres.astype(np.int64),
        into_weight=cadres["weight"].to_numpy(dtype=np.int64),
        out_right=dispatched_posts,
        out_weight=priorities[dispatched_posts] * big,
    )
    ones = np.ones(len(data.villages), dtype=np.int64)
    use_cpsat = options.solver == "cpsat" or (options.solver == "auto" and needs)
    attributes = structure_attributes(people)
    hint = None
    timings.split("build")
    timings.start("solve")
    if not needs:
        solution = solve_flow(
            model_arcs,
            len(persons),
            ones,
            ones,
            np.arange(len(data.villages)),
            maximise_count=False,
            relay=relay,
            options=options,
            started=started,
        )
        hint = np.concatenate([solution.chosen, solution.relay_in, solution.relay_out])
    if use_cpsat:
        solution = _solve_cpsat_with_relay(
            model_arcs,
            relay,
            len(persons),
            len(data.villages),
            {name: attributes[name][persons] for name in needs},
            needs,
            options,
            hint,
            started,
        )
        if solution.status is Status.INFEASIBLE:
            raise InfeasibleError(
                conflicts=tuple(needs),
                key="err.structure_conflict",
                params={
                    "parts": diagnose_structure(
                        data, found.expanded(), people, structure, options, started
                    )
                },
            )
    chosen = _chosen_pairs(found, solution, priorities)
    timings.split("solve")
    timings.start("explain")
    # The tie rule (see solver/explain.py): among plans equal on every objective, an
    # appointee goes to the post with fewer candidates, then the larger village, then the
    # village listed first; moves of equal weight only.
    candidates_of, option_counts = _post_candidates(found, len(data.villages))
    empty = np.setdiff1d(posts, chosen["post"].to_numpy())
    chosen, _ = prefer_fewer_options_posts(
        chosen,
        candidates_of,
        empty.tolist(),
        option_counts,
        priorities,
        standing=post_standing(data.villages),
    )
    filled_priority = int(priorities[chosen["post"].to_numpy()].sum())
    fit_total = solution.objective - filled_priority * big
    fit_bound = second_objective_bound(solution.bound, filled_priority, big, fit_spread)
    notes = list(arcs.attrs.get("notes", ())) + ([solution.note] if solution.note else [])
    if not distances.available:
        notes.append(
            "no roads table and no lat/lon: the cross-village distance limit could not be applied"
        )
    appointments = _appointment_rows(data, people, chosen, priorities)
    shortlist = _shortlist_rows(data, people, found, chosen, rules.backfill.shortlist)
    unfilled, reasons = explain_unfilled(
        data,
        rules,
        people,
        candidates_of,
        option_counts,
        chosen,
        priorities,
        stopped_early=solution.status is not Status.OPTIMAL,
        tick=lambda done, total: timings.count("explain", done, total),
    )
    ratio = _ratio_rows(data, people, chosen, rules)
    eligibility = pd.DataFrame(
        {
            "person_id": people["person_id"],
            "name": people["name"],
            "eligible": people["eligible"],
            "reasons": [";".join(r) for r in people["reasons"]],
            "kind": people["kind"],
            "village_id": people["village_id"],
            "unit": people["unit"],
            "age": people["age"],
            "education": people["education"],
        }
    )
    timings.split("explain")
    return BackfillPlan(
        status=solution.status,
        solver=solution.solver,
        objective=fit_total / scale,
        bound=max(fit_bound, fit_total) / scale,  # inf while the priority is unproven
        priority=filled_priority,
        seconds=solution.seconds,
        vacancies=len(posts),
        appointments=appointments,
        shortlist=shortlist,
        unfilled=unfilled,
        eligibility=eligibility,
        reserve_ratio=ratio,
        score_scale=scale,
        components=found.components,
        distance_method=distances.method,
        structure={
            name: {
                "share": getattr(structure, name),
                "needed": need,
                "appointed": int(attributes[name][chosen["person"].to_numpy()].sum()),
            }
            for name, need in needs.items()
        },
        notes=tuple(notes),
        timings=timings.seconds,
        reasons=reasons,
    )


def _solve_cpsat_with_relay(
    arcs: Arcs,
    relay: Relay,
    left_count: int,
    posts_count: int,
    flags: dict[str, np.ndarray],
    needs: dict[str, int],
    options: SolveOptions,
    hint: np.ndarray | None,
    started: float,
) -> Solution:
    """The backfill model in CP-SAT, the shared dispatched node kept as a balance row.

    The node becomes one more right item (capacity: the posts it reaches); each of its
    outgoing arcs gets a left item of its own; ``sum(in) - sum(out) = 0`` keeps the flow
    through it. ``flags`` (per left item) count candidates towards each structure rule.
    """
    n_in, n_out = len(relay.into_left), len(relay.out_right)
    hub = posts_count
    combined = Arcs(
        left=np.concatenate([arcs.left, relay.into_left, left_count + np.arange(n_out)]),
        right=np.concatenate([arcs.right, np.full(n_in, hub), relay.out_right]),
        group=np.concatenate([arcs.group, np.full(n_in, hub), relay.out_right]),
        weight=np.concatenate([arcs.weight, relay.into_weight, relay.out_weight]),
    )
    capacity = np.concatenate([np.ones(posts_count, dtype=np.int64), [n_out]]).astype(np.int64)
    lefts = np.concatenate([arcs.left, relay.into_left])
    side = [
        LinearRule(
            name,
            np.flatnonzero(flags[name][lefts]),
            np.ones(int(flags[name][lefts].sum()), dtype=np.int64),
            need,
        )
        for name, need in needs.items()
    ]
    if n_in + n_out:
        side.append(
            LinearRule(
                "dispatched_balance",
                len(arcs) + np.arange(n_in + n_out),
                np.concatenate([np.ones(n_in), -np.ones(n_out)]).astype(np.int64),
                0,
                0,
            )
        )
    solution = solve_cpsat(
        combined,
        left_count + n_out,
        capacity,
        capacity,
        options,
        hint=hint,
        side_rules=tuple(side),
        started=started,
    )
    chosen = solution.chosen
    return Solution(
        chosen=chosen[: len(arcs)],
        status=solution.status,
        objective=solution.objective,
        bound=solution.bound,
        seconds=solution.seconds,
        solver=solution.solver,
        relay_in=chosen[len(arcs) : len(arcs) + n_in],
        relay_out=chosen[len(arcs) + n_in :],
        note=solution.note,
    )


def _chosen_pairs(found: Candidates, solution: Solution, priorities: np.ndarray) -> pd.DataFrame:
    """The appointments as (person, post) rows, sorted by (post, person).

    The cadres and posts joined through the shared dispatched node are paired in a fixed
    order, the best fit to the highest priority (then by position): every such pairing has
    the same total, since a dispatched cadre's fit does not depend on the post.
    """
    chosen = found.pairs[solution.chosen]
    if solution.relay_in is not None and solution.relay_in.any():
        cadres = found.dispatched[solution.relay_in]
        cadres = cadres.iloc[
            np.lexsort((cadres["person"].to_numpy(), -cadres["weight"].to_numpy()))
        ]
        posts = found.dispatched_posts[solution.relay_out]
        posts = posts[np.lexsort((posts, -priorities[posts]))]
        chosen = pd.concat([chosen, cadres.assign(post=posts)], ignore_index=True)
        chosen = chosen.sort_values(["post", "person"], kind="stable")
    return chosen.reset_index(drop=True)


def _post_candidates(
    found: Candidates, villages: int
) -> tuple[Callable[[int], pd.DataFrame], np.ndarray]:
    """Each post's candidate rows (by a slice, never a scan) and the count per post.

    For the tie rule and the explanations of :mod:`cadreplan.solver.explain`: ``pairs`` are
    sorted by (post, person), so a post's own pairs are one slice; the dispatched cadres of
    the shared node are candidates of every post in ``dispatched_posts``.
    """
    pairs = found.pairs
    bounds = np.searchsorted(pairs["post"].to_numpy(), np.arange(villages + 1))
    counts = np.diff(bounds)
    open_to_cadres = np.zeros(villages, dtype=bool)
    open_to_cadres[found.dispatched_posts] = True
    counts = counts + np.where(open_to_cadres, len(found.dispatched), 0)

    def candidates_of(post: int) -> pd.DataFrame:
        rows = pairs.iloc[bounds[post] : bounds[post + 1]]
        if open_to_cadres[post] and len(found.dispatched):
            rows = pd.concat([rows, found.dispatched.assign(post=post)], ignore_index=True)
        return rows

    return candidates_of, counts


def diagnose_structure(
    data: Dataset,
    arcs: pd.DataFrame,
    people: pd.DataFrame,
    structure: StructureRules,
    options: SolveOptions,
    started: float | None = None,
) -> list[Phrase]:
    """Name the structure rules that cannot all hold, by a CP-SAT assumption solve.

    The solve has no objective and one worker; the rules in CP-SAT's sufficient set of
    assumptions are named, each with the most such candidates any plan could appoint.
    Returns one catalogue phrase per rule (and one saying they clash, for several).
    """
    vacancies = int(data.villages["vacant"].sum())
    needs = structure_needs(structure.active, vacancies)
    attributes = structure_attributes(people)
    person = arcs["person"].to_numpy()
    post = arcs["post"].to_numpy()
    capacities = []
    for key in (person, post):
        order = np.argsort(key, kind="stable")
        bounds = np.flatnonzero(np.diff(key[order])) + 1
        capacities += [(group, 1) for group in np.split(order, bounds)]
    targets = []
    for name, need in needs.items():
        members = np.flatnonzero(attributes[name][person])
        targets.append(TargetRow(name, members, np.ones(len(members), dtype=np.int64), need))
    names = conflicting_rules(
        len(arcs), capacities, targets, max(0.001, remaining_seconds(options, started))
    )
    parts = []
    for name in names:
        flag = attributes[name][person]
        reachable = _max_matching(person[flag], post[flag])
        parts.append(
            Phrase(
                "err.structure_backfill",
                {
                    "rule": name,
                    "value": f"{getattr(structure, name):g}",
                    "need": needs[name],
                    "label": Phrase(f"err.structure_label.{name}"),
                    "vacancies": vacancies,
                    "reachable": reachable,
                },
            )
        )
    if len(names) > 1:
        parts.append(Phrase("err.structure_together"))
    return parts


def _max_matching(person: np.ndarray, post: np.ndarray) -> int:
    if len(person) == 0:
        return 0
    people, left = np.unique(person, return_inverse=True)
    posts, right = np.unique(post, return_inverse=True)
    arcs = Arcs(left, right, right, np.ones(len(left), dtype=np.int64))
    ones = np.ones(len(posts), dtype=np.int64)
    return int(
        solve_flow(
            arcs, len(people), ones, ones, np.arange(len(posts)), maximise_count=True
        ).chosen.sum()
    )


def _appointment_rows(
    data: Dataset, people: pd.DataFrame, chosen: pd.DataFrame, priorities: np.ndarray
) -> pd.DataFrame:
    villages = data.villages
    post = chosen["post"].to_numpy()
    person = chosen["person"].to_numpy()
    rows = pd.DataFrame(
        {
            "village_id": villages["village_id"].to_numpy()[post],
            "village_name": villages["name"].to_numpy()[post],
            "person_id": people["person_id"].to_numpy()[person],
            "name": people["name"].to_numpy()[person],
            "route": chosen["route"].to_numpy(),
            "km": chosen["km"].round(2).to_numpy(),
            "score": chosen["score"].to_numpy(),
        }
    )
    for column in [c for c in chosen.columns if c.startswith("score_")]:
        rows[column] = chosen[column].to_numpy()
    rows["priority"] = priorities[post]
    rows["home_village"] = people["village_id"].to_numpy()[person]
    rows["unit"] = people["unit"].to_numpy()[person]
    return rows.sort_values("village_id", kind="stable").reset_index(drop=True)


def _shortlist_rows(
    data: Dataset, people: pd.DataFrame, found: Candidates, chosen: pd.DataFrame, size: int
) -> pd.DataFrame:
    columns = ["village_id", "rank", "person_id", "name", "route", "score", "appointed_to"]
    if size == 0 or found.count == 0:
        return pd.DataFrame({c: [] for c in columns})
    # A dispatched cadre scores the same at every post it may fill, so only the best
    # size + 1 of them can make a post's shortlist (one may be that post's appointee).
    cadres = found.dispatched
    top = cadres.iloc[np.lexsort((cadres["person"].to_numpy(), -cadres["weight"].to_numpy()))]
    arcs = pd.concat(
        [
            found.pairs,
            Candidates(
                found.pairs.iloc[:0], top.head(size + 1), found.dispatched_posts, 1, ()
            ).expanded(),
        ],
        ignore_index=True,
    )
    village_ids = data.villages["village_id"].to_numpy()
    appointed_post = dict(zip(chosen["person"], chosen["post"], strict=True))
    appointee_of = dict(zip(chosen["post"], chosen["person"], strict=True))
    ordered = arcs.assign(_neg=-arcs["weight"]).sort_values(
        ["post", "_neg", "person"], kind="stable"
    )
    is_appointee = (
        ordered["post"].map(appointee_of).to_numpy(dtype=float) == ordered["person"].to_numpy()
    )
    ordered = ordered[~is_appointee]
    ordered = ordered.groupby("post", sort=True).head(size)
    rank = ordered.groupby("post").cumcount() + 1
    person = ordered["person"].to_numpy()
    return pd.DataFrame(
        {
            "village_id": village_ids[ordered["post"].to_numpy()],
            "rank": rank.to_numpy(),
            "person_id": people["person_id"].to_numpy()[person],
            "name": people["name"].to_numpy()[person],
            "route": ordered["route"].to_numpy(),
            "score": ordered["score"].to_numpy(),
            "appointed_to": [
                village_ids[appointed_post[p]] if p in appointed_post else "" for p in person
            ],
        }
    ).reset_index(drop=True)


def _ratio_rows(
    data: Dataset, people: pd.DataFrame, chosen: pd.DataFrame, rules: Rules
) -> pd.DataFrame:
    before = reserve_counts(data)
    appointed = chosen[chosen["route"] != "dispatched"]
    homes = people["village_id"].to_numpy()[appointed["person"].to_numpy()]
    leaving = np.bincount(
        pd.Series(homes, dtype=object).map(data.village_index).to_numpy(dtype=np.int64),
        minlength=len(data.villages),
    )
    after = before - leaving
    target = rules.backfill.reserve_ratio
    return pd.DataFrame(
        {
            "village_id": data.villages["village_id"],
            "reserves_before": before,
            "reserves_after": after,
            "target": target,
            "shortfall": np.maximum(target - after, 0),
            "village_name": data.villages["name"],
        }
    )


__all__ = [
    "BackfillPlan",
    "candidate_arcs",
    "plan_backfill",
    "post_priorities",
]
