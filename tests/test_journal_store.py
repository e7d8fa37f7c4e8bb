"""The journal store keeps what it is given, whole and in order, on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import pytest
from journal_helpers import ASSESSMENT, BACKENDS, CASE, START, checkin, database_url, decision, new_journal

from regain.journal import JournalError, JournalRecord, Store, open_store


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    with open_store(database_url(request, tmp_path)) as opened:
        yield opened


def test_a_new_journal_reads_back_as_given(store: Store) -> None:
    journal_id = new_journal(store)
    record = store.get(journal_id)
    assert (record.id, record.case_id, record.name) == (journal_id, "ann", "Ann")
    assert (record.case, record.assessment, record.start) == (CASE, ASSESSMENT, START)
    assert list(record.case) == list(CASE)  # the keys keep their order
    assert record.started == datetime.date(2026, 11, 30)
    assert record.knowledge_version == "kb-1"
    assert record.entries == ()
    age = datetime.datetime.now(datetime.UTC) - record.created_at
    assert record.created_at.tzinfo == datetime.UTC
    assert datetime.timedelta(0) <= age < datetime.timedelta(minutes=1)


def test_a_journal_without_a_name(store: Store) -> None:
    assert store.get(new_journal(store, name=None)).name is None


def test_ids_are_short_url_safe_and_different(store: Store) -> None:
    ids = {new_journal(store) for _ in range(20)}
    assert len(ids) == 20
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{12}", i) for i in ids)


def test_entries_are_numbered_in_order_and_see_the_earlier_ones(store: Store) -> None:
    journal_id = new_journal(store)
    seen: list[int] = []

    def make(day: int):  # type: ignore[no-untyped-def]
        def made(record: JournalRecord) -> tuple[dict[str, Any], dict[str, Any]]:
            seen.append(len(record.entries))
            return checkin(day), decision("advance" if day == 21 else "stay")

        return made

    first = store.add_entry(journal_id, make(7))
    second = store.add_entry(journal_id, make(21))
    assert (first.seq, second.seq) == (1, 2) and seen == [0, 1]
    assert second.date == datetime.date(2026, 12, 21) and second.recorded_at.tzinfo == datetime.UTC
    record = store.get(journal_id)
    assert record.entries == (first, second)
    assert [e.checkin for e in record.entries] == [checkin(7), checkin(21)]


def test_make_failing_stores_nothing(store: Store) -> None:
    journal_id = new_journal(store)
    store.add_entry(journal_id, lambda r: (checkin(7), decision()))

    def fails(record: JournalRecord) -> tuple[dict[str, Any], dict[str, Any]]:
        raise ValueError("the check-in is invalid")

    with pytest.raises(ValueError, match="the check-in is invalid"):
        store.add_entry(journal_id, fails)
    assert [e.seq for e in store.get(journal_id).entries] == [1]
    # the near miss: the next good entry takes the next number, as if nothing had happened
    assert store.add_entry(journal_id, lambda r: (checkin(8), decision())).seq == 2


@pytest.mark.parametrize(
    "made",
    [
        (checkin(7, when=datetime.date(2026, 12, 7)), decision()),  # not JSON
        (checkin(7), {"kind": "stay", "score": float("nan")}),  # NaN is not JSON either
        (checkin(7), {"kind": "stay", "sessions": {1: 30}}),  # would read back as {"1": 30}
        (checkin(7), ["stay"]),  # not a dict
        (checkin(7),),  # not a pair
    ],
)
def test_what_json_cannot_hold_is_refused_and_nothing_stored(store: Store, made: Any) -> None:
    journal_id = new_journal(store)
    with pytest.raises(TypeError):
        store.add_entry(journal_id, lambda r: made)
    assert store.get(journal_id).entries == ()


@pytest.mark.parametrize("date", [None, "7 December", "2026-13-01", 20261207])
def test_a_checkin_needs_an_iso_date(store: Store, date: Any) -> None:
    journal_id = new_journal(store)
    with pytest.raises(ValueError, match="ISO date"):
        store.add_entry(journal_id, lambda r: ({"date": date}, decision()))
    assert store.get(journal_id).entries == ()


def test_tuples_are_kept_as_json_lists(store: Store) -> None:
    journal_id = new_journal(store)
    entry = store.add_entry(journal_id, lambda r: (checkin(7), {"kind": "stay", "steps": ("a", "b")}))
    assert entry.decision["steps"] == ["a", "b"] == store.get(journal_id).entries[0].decision["steps"]


def test_make_may_read_the_store_while_it_holds_the_lock(store: Store) -> None:
    journal_id = new_journal(store)

    def make(record: JournalRecord) -> tuple[dict[str, Any], dict[str, Any]]:
        assert store.get(journal_id) == record  # another connection reads what make() was given
        return checkin(7, journals=len(store.list())), decision()

    assert store.add_entry(journal_id, make).checkin["journals"] == 1


def test_unknown_ids_are_a_journal_error(store: Store) -> None:
    journal_id = new_journal(store)
    for wrong in ("nope", journal_id.upper() + "x", "", "a'; DROP TABLE journals; --", "bad\nid"):
        with pytest.raises(JournalError, match="no journal with id") as raised:
            store.get(wrong)
        assert "\n" not in str(raised.value)
        with pytest.raises(JournalError):
            store.add_entry(wrong, lambda r: (checkin(7), decision()))
        with pytest.raises(JournalError):
            store.delete(wrong)
    assert store.get(journal_id).id == journal_id  # the near miss


def test_list_summarises_every_journal_oldest_first(store: Store) -> None:
    assert store.list() == []
    first = new_journal(store, name="First")
    second = new_journal(store, case_id="bob", name=None)
    store.add_entry(second, lambda r: (checkin(7), decision("stay")))
    store.add_entry(second, lambda r: (checkin(14), decision("step_back")))
    summaries = store.list()
    assert [s.id for s in summaries] == [first, second]
    assert (summaries[0].checkins, summaries[0].last_decision, summaries[0].last_date) == (0, "advance", None)
    assert (summaries[1].case_id, summaries[1].name, summaries[1].checkins) == ("bob", None, 2)
    assert (summaries[1].last_decision, summaries[1].last_date) == ("step_back", datetime.date(2026, 12, 14))


def test_delete_removes_a_journal_and_its_entries_only(store: Store) -> None:
    kept, gone = new_journal(store), new_journal(store)
    for journal_id in (kept, gone):
        store.add_entry(journal_id, lambda r: (checkin(7), decision()))
    store.delete(gone)
    with pytest.raises(JournalError):
        store.get(gone)
    assert [s.id for s in store.list()] == [kept]
    assert len(store.get(kept).entries) == 1


def test_a_reopened_store_holds_the_same(store: Store) -> None:
    journal_id = new_journal(store)
    store.add_entry(journal_id, lambda r: (checkin(7), decision()))
    before = store.get(journal_id)
    where = store.url
    store.close()
    with open_store(where) as again:
        assert again.get(journal_id) == before


def test_a_journal_id_never_starts_like_an_option(monkeypatch: pytest.MonkeyPatch) -> None:
    """About 1 in 32 token_urlsafe ids starts with '-' or '_'; 'regain track checkin -x...' would fail."""
    from regain.journal import store

    drawn = iter(["-starts_dash", "_underscore1", "Abc-def_ghij"])
    monkeypatch.setattr(store.secrets, "token_urlsafe", lambda n: next(drawn))
    assert store.new_journal_id() == "Abc-def_ghij"
    monkeypatch.undo()
    ids = [store.new_journal_id() for _ in range(500)]  # the real generator, drawn many times
    assert all(i[0].isalnum() and len(i) == 12 for i in ids)
