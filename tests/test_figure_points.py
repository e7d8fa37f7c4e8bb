"""`regain kb check` holds every trigger point to the body outline and to the right side.

The figures draw the knowledge base's trigger points on the outline's box and
mirror them for a left-sided problem, so a point off the outline, or given on
the left, would be drawn on no body or on the wrong side.
"""

from __future__ import annotations

import dataclasses

import pytest

from regain.knowledge import KnowledgeBase
from regain.knowledge.consistency import check_consistency, trigger_point_problems
from regain.knowledge.models import MapPoint


def _with_point(kb: KnowledgeBase, muscle: str, point: MapPoint) -> KnowledgeBase:
    m = kb.muscles[muscle]
    changed = dataclasses.replace(m, trigger_points=(point,))
    return dataclasses.replace(kb, muscles={**kb.muscles, muscle: changed})


def test_the_knowledge_base_trigger_points_pass(kb: KnowledgeBase) -> None:
    assert trigger_point_problems(kb) == []


@pytest.mark.parametrize(
    ("point", "expected"),
    [
        (MapPoint(view="front", x=101, y=120), "person's left side"),
        (MapPoint(view="back", x=99, y=120), "person's left side"),
        (MapPoint(view="front", x=20, y=120), "outside the body outline"),
        (MapPoint(view="back", x=120, y=437), "outside the body outline"),
        (MapPoint(view="back", x=120, y=120, r=4), "only regions have a radius"),
    ],
)
def test_a_trigger_point_off_the_outline_or_on_the_left_is_reported(
    kb: KnowledgeBase, point: MapPoint, expected: str
) -> None:
    [problem] = trigger_point_problems(_with_point(kb, "deltoid", point))
    assert problem.startswith("muscles.yaml: muscles.deltoid.trigger_points[0]") and expected in problem


@pytest.mark.parametrize(
    "point",
    [
        MapPoint(view="front", x=100, y=120),  # on the midline
        MapPoint(view="back", x=100, y=120),
        MapPoint(view="front", x=24, y=9),  # the outline's corner
        MapPoint(view="back", x=176, y=435),
    ],
)
def test_a_trigger_point_on_the_edge_passes(kb: KnowledgeBase, point: MapPoint) -> None:
    assert trigger_point_problems(_with_point(kb, "deltoid", point)) == []


def test_kb_check_reports_it(kb: KnowledgeBase) -> None:
    """The check is part of the consistency checks `regain kb check` and every load run."""
    problems = check_consistency(_with_point(kb, "deltoid", MapPoint(view="front", x=130, y=104)))
    assert [p for p in problems if "trigger_points" in p] == [
        "muscles.yaml: muscles.deltoid.trigger_points[0]: x 130 on the front view is the person's left "
        "side; give trigger points on the right side (front x <= 100, back x >= 100), the plan mirrors them"
    ]
