"""Golden outputs of the bundled sample, for the tests that results stay as they were.

``tests/data/golden/<case>/<command>/<file>.csv`` hold the CSV bytes that ``plan <command>
--year 2026`` wrote on each case before issue 14's speed work (main at e7bdd80):

- ``sample``: the bundled sample district;
- ``listed``: the sample plus deterministic ``pair_scores`` and ``post_scores`` tables
  (:func:`write_listed_variant`), so that the listed-pairs paths are pinned too.

A change that means to change these outputs (a new column, another encoding, other reason
words) refreshes them with::

    python tests/golden.py            # rewrites tests/data/golden from the current code

and says so in its commit.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent / "data" / "golden"
CASES = ("sample", "listed")
COMMANDS = ("mentors", "backfill")
YEAR = "2026"


def write_listed_variant(sample: Path, target: Path) -> Path:
    """A copy of the sample with listed pair and post scores, the same every time."""
    import pandas as pd

    shutil.copytree(sample, target)
    reserves = pd.read_csv(sample / "reserves.csv", dtype=str)["person_id"].tolist()
    mentors = pd.read_csv(sample / "mentors.csv", dtype=str)["person_id"].tolist()
    dispatched = pd.read_csv(sample / "dispatched.csv", dtype=str)["person_id"].tolist()
    villages = pd.read_csv(sample / "villages.csv", dtype=str)["village_id"].tolist()
    pairs = [
        (r, m, ((i * 13 + j * 29) % 97) + 0.5)
        for i, r in enumerate(reserves)
        for j, m in enumerate(mentors)
        if (i * 7 + j * 3) % 4
    ]
    pd.DataFrame(pairs, columns=["reserve_id", "mentor_id", "score"]).to_csv(
        target / "pair_scores.csv", index=False
    )
    posts = [
        (p, v, ((k * 11 + n * 7) % 50) + 1.25)
        for k, p in enumerate(reserves + dispatched)
        for n, v in enumerate(villages)
        if (k + n) % 3
    ]
    pd.DataFrame(posts, columns=["person_id", "village_id", "score"]).to_csv(
        target / "post_scores.csv", index=False
    )
    return target


def case_data(case: str, workdir: Path) -> Path:
    """The dataset folder of a golden case."""
    from cadreplan.scenarios import sample_path

    if case == "sample":
        return Path(sample_path())
    return write_listed_variant(Path(sample_path()), workdir / "listed")


def run_plan(command: str, data: Path, out: Path) -> int:
    """``plan <command> --data <data> --year 2026 --out <out>``, UTF-8 CSV; the exit code.

    The CSV encoding is fixed (``--csv-encoding utf-8``) so that the golden bytes pin the
    content, not the byte-order-mark default, and the language too (``--lang en``).
    """
    from click.testing import CliRunner

    from cadreplan.cli.main import plan

    result = CliRunner().invoke(
        plan,
        [
            command,
            "--data",
            str(data),
            "--year",
            YEAR,
            "--out",
            str(out),
            "--quiet",
            "--csv-encoding",
            "utf-8",
            "--lang",
            "en",
        ],
    )
    return result.exit_code


def refresh() -> None:
    """Rewrite every golden file from the current code."""
    with tempfile.TemporaryDirectory() as work:
        for case in CASES:
            data = case_data(case, Path(work))
            for command in COMMANDS:
                out = Path(work) / case / command
                assert run_plan(command, data, out) == 0, (case, command)
                target = GOLDEN / case / command
                shutil.rmtree(target, ignore_errors=True)
                target.mkdir(parents=True)
                for csv in sorted(out.glob("*.csv")):
                    shutil.copyfile(csv, target / csv.name)
                print(f"wrote {target}", file=sys.stderr)


if __name__ == "__main__":
    refresh()
