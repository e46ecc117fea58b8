"""The replica's plan: deterministic, and shaped as the seed says, before anything is written."""

from __future__ import annotations

import io

from tomoni.core.progress import Progress
from tomoni.demo import data
from tomoni.demo.replica import SCALES, ReplicaPlanner, _allocate


def plan_of(scale: str) -> tuple[object, list[tuple[object, ...]]]:
    planner = ReplicaPlanner(SCALES[scale])
    tree = planner.tree()
    cwc = planner.worker_coop(data.CWC.code, data.CWC_MEMBERS, "C", 7)
    ngt = planner.worker_coop(data.NGT.code, data.NGT.members, "NGT", 6)
    people = [
        (p.row, p.kind, p.member_number, p.joined_on, p.left_on, p.contract_start, p.minutes_per_week, p.weekdays)
        for p in [*cwc.people, *ngt.people]
    ]
    return tree, people


def test_two_plans_of_the_replica_are_identical():
    assert plan_of("small") == plan_of("small")


def test_the_tree_is_the_same_at_every_scale_but_for_delegate_meetings():
    small, _people = plan_of("small")
    full = ReplicaPlanner(SCALES["full"]).tree()
    assert small.centres == full.centres  # type: ignore[attr-defined]
    assert [c["code"] for c in small.coops] == [c["code"] for c in full.coops]  # type: ignore[attr-defined]


def test_cwc_has_324_centres_open_on_31_march_2015_in_15_regions_across_all_prefectures():
    tree = ReplicaPlanner(SCALES["small"]).tree()
    cwc = [c for c in tree.centres if c.coop == "cwc"]
    open_ = [c for c in cwc if c.opened_on <= data.AS_OF and (c.closed_on is None or c.closed_on > data.AS_OF)]
    assert len(open_) == 324
    assert len({c.region for c in open_}) == 15
    assert len({c.prefecture_code for c in open_}) == 47
    assert len(cwc) > 324  # some closed before, some opened after
    assert len({(c.coop, c.code) for c in tree.centres}) == len(tree.centres)


def test_working_members_have_realistic_contracts():
    _tree, people = plan_of("small")
    contracted = [p for p in people if p[5] is not None]
    assert contracted
    assert all(1200 <= p[6] <= 2400 for p in contracted)
    assert all(len(p[7]) in (3, 4, 5) for p in contracted)


def test_allocate_splits_a_total_exactly_in_proportion():
    assert _allocate(10, [1, 1, 1]) == [4, 3, 3]
    assert sum(_allocate(5_965, [1.5, 2.25, 0.3, 7.0])) == 5_965
    assert _allocate(0, [1, 2]) == [0, 0]


def test_the_progress_bar_shows_the_phase_and_percent():
    stream = io.StringIO()
    progress = Progress(200, stream=stream)
    progress.advance("People of CWC", 50)
    assert progress.render() == "[" + "#" * 7 + "." * 23 + "]  25%  People of CWC"
    progress.finish("Done")
    lines = stream.getvalue().splitlines()
    assert lines[0].endswith("25%  People of CWC") and lines[-1].endswith("100%  Done")


def test_a_disabled_progress_bar_writes_nothing():
    stream = io.StringIO()
    progress = Progress(10, stream=stream, enabled=False)
    progress.advance("Registry", 5)
    progress.finish("Done")
    assert stream.getvalue() == ""
