"""The check-in as a web form (web/checkin_form.py): its view, and a posted form read back.

A posted form becomes the same check-in the terminal would build: its answers go
through ``raw_checkin`` and the engine's validation. Each problem stays by its input.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from web_journals import STARTED, TP, journey, start
from werkzeug.datastructures import MultiDict

from regain.engine.checkin import CheckInError, parse_checkin
from regain.journal import Store, open_store
from regain.knowledge import KnowledgeBase
from regain.tracking import CheckinField, Journey, checkin_fields, raw_checkin
from regain.web.checkin_form import NONE_NEW, checkin_form, problems_by_field, read_checkin_form

TODAY = STARTED + datetime.timedelta(days=14)


@pytest.fixture
def journal(tmp_path: Path, kb: KnowledgeBase) -> Iterator[tuple[Journey, list[CheckinField]]]:
    store: Store = open_store(str(tmp_path / "journal.db"))
    j = journey(store, kb, start(store, kb, range_measured={"shoulder_abduction": 95}))
    yield j, checkin_fields(kb, j, TODAY)
    store.close()


def post(**values: Any) -> MultiDict[str, str]:
    """A form as a browser posts it; ``__`` in a keyword stands for ``.``; lists for checkboxes."""
    form: MultiDict[str, str] = MultiDict()
    for key, value in values.items():
        for v in value if isinstance(value, list) else [value]:
            form.add(key.replace("__", "."), v)
    return form


GOOD = {
    "date": TODAY.isoformat(),
    f"sessions__{TP}": "about 12",
    "pain_at_rest": "2",
    "pain_on_movement": "4",
    f"felt__{TP}__felt": "better",
    "tender_spots_reproduce_pain": "yes",
    "new_red_flags": [NONE_NEW],
    "notes": "slept better",
}


def test_a_good_form_is_the_check_in_the_engine_takes(kb: KnowledgeBase, journal: Any) -> None:
    j, fields = journal
    answers, errors = read_checkin_form(kb, fields, post(**GOOD), TODAY)
    assert errors == {}
    raw = raw_checkin(kb, fields, answers)
    checkin = parse_checkin(kb, j.baseline, j.entries, raw, "check-in")
    assert checkin.sessions == {TP: 12} and (checkin.pain_at_rest, checkin.pain_on_movement) == (2, 4)
    assert checkin.new_red_flags == [] and checkin.tender_spots_reproduce_pain == "yes"
    assert checkin.felt[TP].felt == "better" and checkin.notes == "slept better"
    assert "range_measured" not in raw  # left empty: not measured this time


def test_each_problem_is_kept_by_its_input(kb: KnowledgeBase, journal: Any) -> None:
    _, fields = journal
    bad = {**GOOD, "pain_at_rest": "11", "pain_on_movement": "", f"felt__{TP}__felt": "awful"}
    _, errors = read_checkin_form(kb, fields, post(**bad), TODAY)
    assert set(errors) == {"pain_at_rest", "pain_on_movement", f"felt.{TP}.felt"}
    assert "11" in errors["pain_at_rest"]
    assert errors["pain_on_movement"] == kb.wording.progress.web_answer_needed
    assert errors[f"felt.{TP}.felt"] == kb.wording.progress.web_not_listed


def test_the_warning_signs_need_an_answer_either_way(kb: KnowledgeBase, journal: Any) -> None:
    _, fields = journal
    w = kb.wording.progress
    flag = next(iter(kb.red_flags))
    for picked, expected in (([], w.web_flags_needed), ([NONE_NEW, flag], w.web_flags_and_none)):
        _, errors = read_checkin_form(kb, fields, post(**{**GOOD, "new_red_flags": picked}), TODAY)
        assert errors == {"new_red_flags": expected}
    answers, errors = read_checkin_form(kb, fields, post(**{**GOOD, "new_red_flags": [flag]}), TODAY)
    assert errors == {} and raw_checkin(kb, fields, answers)["new_red_flags"] == [flag]
    _, errors = read_checkin_form(kb, fields, post(**{**GOOD, "new_red_flags": ["no_such_flag"]}), TODAY)
    assert errors == {"new_red_flags": w.web_not_listed}


def test_the_next_day_is_read_only_after_worse_and_unsure_means_raised(
    kb: KnowledgeBase, journal: Any
) -> None:
    _, fields = journal
    raised = f"felt__{TP}__raised_next_day"
    worse = {**GOOD, f"felt__{TP}__felt": "worse"}
    for form, expected in (
        (worse, True),  # unanswered: don't know, the safer reading
        ({**worse, raised: "no"}, False),
        ({**GOOD, raised: "yes"}, False),  # it made the pain better: the question does not apply
    ):
        answers, errors = read_checkin_form(kb, fields, post(**form), TODAY)
        assert errors == {}
        assert raw_checkin(kb, fields, answers)["felt"][TP]["raised_next_day"] is expected


def test_the_view_asks_the_terminals_questions(kb: KnowledgeBase, journal: Any) -> None:
    _, fields = journal
    form = checkin_form(kb, fields, STARTED, TODAY)
    assert [f.name for f in form.fields] == [".".join(f.key) for f in fields]
    assert [f.text for f in form.fields] == [f.question.text for f in fields]
    by_name = {f.name: f for f in form.fields}
    assert by_name["date"].value == TODAY.isoformat() and by_name["date"].kind == "date"
    assert (by_name["pain_at_rest"].min, by_name["pain_at_rest"].max, by_name["pain_at_rest"].step) == (
        "0",
        "10",
        "1",
    )
    assert (
        by_name["range_measured.shoulder_abduction"].unit
        and not by_name["range_measured.shoulder_abduction"].required
    )
    flags = [o.value for g in by_name["new_red_flags"].groups for o in g.options]
    assert flags == list(kb.red_flags) and by_name["new_red_flags"].none_option is not None
    assert by_name[f"felt.{TP}.raised_next_day"].lead and not by_name["pain_at_rest"].lead
    assert not form.has_errors and not any(f.error for f in form.fields)


def test_a_refused_form_comes_back_as_it_was_sent(kb: KnowledgeBase, journal: Any) -> None:
    _, fields = journal
    flag = list(kb.red_flags)[1]
    sent = post(**{**GOOD, "pain_at_rest": "lots", "new_red_flags": [flag]})
    _, errors = read_checkin_form(kb, fields, sent, TODAY)
    form = checkin_form(kb, fields, STARTED, TODAY, sent, errors)
    by_name = {f.name: f for f in form.fields}
    assert by_name["pain_at_rest"].value == "lots" and by_name["pain_at_rest"].error
    assert [o.value for g in by_name["new_red_flags"].groups for o in g.options if o.checked] == [flag]
    assert [o.value for o in by_name[f"felt.{TP}.felt"].options if o.checked] == ["better"]
    assert form.has_errors and by_name["notes"].value == "slept better" and not by_name["notes"].error


def test_the_engines_problems_go_beside_their_inputs(kb: KnowledgeBase, journal: Any) -> None:
    j, fields = journal
    early = (STARTED - datetime.timedelta(days=3)).isoformat()
    answers, errors = read_checkin_form(kb, fields, post(**{**GOOD, "date": early}), TODAY)
    assert errors == {}
    with pytest.raises(CheckInError) as refused:
        parse_checkin(kb, j.baseline, j.entries, raw_checkin(kb, fields, answers), "check-in")
    beside, apart = problems_by_field(fields, refused.value.problems, "check-in")
    assert list(beside) == ["date"] and early in beside["date"] and apart == []
    beside, apart = problems_by_field(fields, ["check-in: shoe_size: unknown field"], "check-in")
    assert beside == {} and apart == ["shoe_size: unknown field"]
