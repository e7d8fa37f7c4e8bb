"""What a check-in shows against the baseline and the journal so far: the numbers the rules test.

Pain and range against the start (by the minimal important changes of
``followup.yaml``), the share of the dose's sessions done, and whether a step
meets its structured ``advance_when``. An unanswered pain or range never
meets a test and never counts as an improvement: the safer reading.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from regain.knowledge import KnowledgeBase
from regain.knowledge.followup_models import AdvanceCondition

from .journey import Baseline, CheckIn, Entry
from .plan import PlanStep

PAIN_FIELDS = ("pain_at_rest", "pain_on_movement")


def weeks_between(a: datetime.date, b: datetime.date) -> float:
    return round((b - a).days / 7, 2)


def expected_sessions(dose: Mapping[str, float], days: int) -> float:
    """Sessions a step's dose asks for over ``days`` (0 when the dose counts none)."""
    if "sessions_per_day" in dose:
        return float(dose["sessions_per_day"]) * days
    if "sessions_per_week" in dose:
        return float(dose["sessions_per_week"]) * days / 7
    return 0.0


def session_share(
    doses: Mapping[str, Mapping[str, float]], steps: Sequence[str], sessions: Mapping[str, int], days: int
) -> tuple[float, float]:
    """(sessions done, sessions asked) of ``steps`` over ``days``; each step counts at most its dose."""
    done = asked = 0.0
    for kind in steps:
        want = expected_sessions(doses.get(kind, {}), days)
        if want > 0:
            asked += want
            done += min(float(sessions.get(kind, 0)), want)
    return done, asked


@dataclass(frozen=True)
class Measures:
    """One check-in read against the start (``answers``: the baseline's validated answers)."""

    kb: KnowledgeBase
    baseline: Baseline
    answers: Mapping[str, Any]
    entries: Sequence[Entry]
    checkin: CheckIn
    plan: Sequence[PlanStep]
    first_steps: tuple[str, ...]  # phase 1's steps: what the first check-in reports on

    # -- pain -------------------------------------------------------------------------------
    def start_pain(self, name: str) -> int | None:
        value = self.answers.get(name)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        for entry in self.entries:  # no pain at the start: the first check-in that gave one
            later = getattr(entry.checkin, name)
            if later is not None:
                return int(later)
        return None

    def pain_worse(self, checkin: CheckIn) -> bool:
        """Rest or movement pain at least the minimal important change above the start."""
        change = self.kb.followup.thresholds.pain_change
        for name in PAIN_FIELDS:
            start, now = self.start_pain(name), getattr(checkin, name)
            if start is not None and now is not None and now - start >= change:
                return True
        return False

    def worse_in_row(self) -> int:
        """Check-ins in a row, this one last, with pain clearly worse; a clearance restarts the count."""
        run = [*(e.checkin for e in self.entries), self.checkin]
        count = 0
        for checkin in reversed(run):
            if not self.pain_worse(checkin):
                break
            count += 1
            if checkin.cleared_by_doctor:
                break
        return count

    # -- progress ---------------------------------------------------------------------------
    def improved(self) -> bool:
        """Pain down, or a range up, by at least the minimal important change since the start."""
        t = self.kb.followup.thresholds
        for name in PAIN_FIELDS:
            start, now = self.start_pain(name), getattr(self.checkin, name)
            if start is not None and now is not None and start - now >= t.pain_change:
                return True
        start_range = self.answers.get("range_measured") or {}
        return any(
            mv in start_range and degrees - start_range[mv] >= t.range_change_deg
            for mv, degrees in self.checkin.range_measured.items()
        )

    def doses(self) -> dict[str, dict[str, float]]:
        return {s.kind: {k: float(v) for k, v in s.dose.items()} for s in self.plan}

    def adherence_since_last(self) -> float | None:
        """Share of the asked sessions done since the last check-in (``None``: none were asked)."""
        previous = self.entries[-1] if self.entries else None
        since = previous.checkin.date if previous else self.baseline.started
        steps = previous.decision.steps if previous else self.first_steps
        done, asked = session_share(
            self.doses(), steps, self.checkin.sessions, (self.checkin.date - since).days
        )
        return done / asked if asked else None

    def adherence_overall(self) -> float | None:
        """Share of the asked sessions done over the whole journal, this check-in included."""
        doses = self.doses()
        since, steps = self.baseline.started, self.first_steps
        total_done = total_asked = 0.0
        for checkin, decision_steps in [
            *((e.checkin, e.decision.steps) for e in self.entries),
            (self.checkin, ()),
        ]:
            done, asked = session_share(doses, steps, checkin.sessions, (checkin.date - since).days)
            total_done, total_asked = total_done + done, total_asked + asked
            since, steps = checkin.date, decision_steps
        return total_done / total_asked if total_asked else None

    # -- advance_when -----------------------------------------------------------------------
    def range_back_to_normal(self) -> bool:
        measured = self.answers.get("range_measured") or {}
        if not measured:
            return False
        margin = self.kb.followup.thresholds.range_change_deg
        now = self.checkin.range_measured
        return all(
            mv in now and now[mv] >= self.kb.movements[mv].normal_range_deg - margin for mv in measured
        )

    def range_unchanged(self, weeks: float, since: datetime.date) -> bool:
        """No measured range gained ``range_change_deg`` over the last ``weeks`` (within this phase)."""
        now = self.checkin.range_measured
        if not now:
            return False
        cutoff = self.checkin.date - datetime.timedelta(days=round(weeks * 7))
        earlier = [
            e.checkin
            for e in self.entries
            if since <= e.checkin.date <= cutoff and set(now) & set(e.checkin.range_measured)
        ]
        if not earlier:
            return False
        then = earlier[-1].range_measured
        margin = self.kb.followup.thresholds.range_change_deg
        return all(now[mv] - then[mv] < margin for mv in now if mv in then)

    def met(self, kind: str, cond: AdvanceCondition, since: datetime.date) -> bool:
        """Whether step ``kind`` meets ``cond`` at this check-in (``since``: the phase's start)."""
        c = self.checkin
        form = cond.form()
        if form == "all_":
            return all(self.met(kind, child, since) for child in cond.children())
        if form == "any_":
            return any(self.met(kind, child, since) for child in cond.children())
        if form == "always":
            return True
        if form in ("pain_on_movement_at_most", "pain_at_rest_at_most"):
            now = c.pain_on_movement if form == "pain_on_movement_at_most" else c.pain_at_rest
            return now is not None and now <= getattr(cond, form)
        if form == "tender_spots_reproduce_pain":
            return c.tender_spots_reproduce_pain == cond.tender_spots_reproduce_pain
        if form == "sessions_at_least":
            assert cond.sessions_at_least is not None
            return c.sessions.get(kind, 0) >= cond.sessions_at_least
        if form == "not_flared":
            felt = c.felt.get(kind)
            return not (felt is not None and felt.felt == "worse" and felt.raised_next_day)
        if form == "range_back_to_normal":
            return self.range_back_to_normal()
        if form == "range_unchanged_weeks":
            assert cond.range_unchanged_weeks is not None
            return self.range_unchanged(cond.range_unchanged_weeks, since)
        if form == "dose_weeks_done":
            dose = next((s.dose for s in self.plan if s.kind == kind), self.kb.steps[kind].dose)
            weeks = dose.get("weeks")
            return weeks is not None and weeks_between(since, c.date) >= weeks
        raise AssertionError(f"unhandled advance_when test {form}")  # pragma: no cover
