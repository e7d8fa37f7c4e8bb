"""A journal's reasoning and progress page from many threads at once, as ``regain serve``'s threads.

The engines that assess a journal's case and decide a check-in are built once
and kept, per thread: an experta engine runs one inference at a time, so two
threads sharing one crashed or mixed their facts. Decided in parallel, every
result must be the one decided alone.
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import yaml
from journey_helpers import START, checkin
from progress_journals import Journal, load_journal

from regain.engine.assess import Assessor
from regain.engine.followup import decide
from regain.engine.journey import Baseline, assessment_at
from regain.knowledge import KnowledgeBase
from regain.reports.progress_html import render_progress_html

CASES = sorted((Path(__file__).parent / "cases").glob("*.yaml"))[:10]


def _baselines(kb: KnowledgeBase) -> list[Baseline]:
    out = []
    for path in CASES:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        out.append(Baseline(dict(data.get("case", data)), START, kb.version))
    return out


def test_journals_reasoned_in_parallel_match_each_alone(kb: KnowledgeBase) -> None:
    baselines = _baselines(kb)

    def reason(base: Baseline) -> str:
        plan = assessment_at(kb, base, [])
        steps = [s.kind for s in plan.plan][:1]
        raw = {"day": 14, "pain_at_rest": 2, "pain_on_movement": 4, "sessions": dict.fromkeys(steps, 20)}
        decision = decide(kb, base, [], checkin(kb, base, [], raw))
        return json.dumps([plan.to_dict(), decision.to_dict()], sort_keys=True, default=str)

    alone = [reason(b) for b in baselines]
    assert len(set(alone)) > 3  # the cases differ, so a mix-up would show
    with ThreadPoolExecutor(8) as pool:
        for _ in range(4):
            assert list(pool.map(reason, baselines)) == alone


def test_progress_pages_drawn_in_parallel_match_each_alone(kb: KnowledgeBase, assessor: Assessor) -> None:
    """matplotlib's settings are global; the plots' style is set for one drawing at a time."""
    journals = [load_journal(name, assessor) for name in ("classic", "red_flag")] * 3

    def page(j: Journal) -> str:
        return render_progress_html(kb, j.journal_id, j.baseline, j.start, j.entries, j.assessment)

    alone = [page(j) for j in journals]
    with ThreadPoolExecutor(6) as pool:
        for _ in range(2):
            assert list(pool.map(page, journals)) == alone
