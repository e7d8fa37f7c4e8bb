"""The prompts of ``regain ask``: one question asked until it gets an answer it can use.

A mixin of the session (:class:`regain.interactive.Session`): how each type of
question is asked (yes/no, a choice, a number, a date, the warning-sign
checklist by group, movements and places by body area, measured ranges), the
commands every prompt understands (``?``, ``why``, ``back``) and the parsing
of answers. Every prompt asks again on any input it cannot use: numbers are
ASCII digits only (``²`` and ``①`` are digits to :meth:`str.isdigit`, not to
:func:`int`).
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

import click

from .engine.case import UNKNOWN
from .engine.case_validation import format_bound
from .engine.display_text import one_line
from .knowledge.models import Question

if TYPE_CHECKING:
    from .engine.questionnaire import Questionnaire
    from .knowledge import KnowledgeBase

YES = {"y", "yes", "true", "1"}
NO = {"n", "no", "false", "0"}
DONT_KNOW = {"u", "unknown", "dk", "don't know", "dont know", "not sure"}
NONE_WORDS = {"0", "none", "no", "n"}
NUMBER = re.compile(r"[+-]?[0-9]{1,9}(?:[.,][0-9]{1,9})?")
WHOLE = re.compile(r"[0-9]{1,6}")


class GoBack(Exception):
    """The person typed ``back``."""


class Skipped:
    """A sentinel: the question was left unanswered."""


SKIP = Skipped()


class Prompts:
    """Asking questions; the session supplies the knowledge base, answers and history."""

    kb: KnowledgeBase
    answers: dict[str, Any]
    history: list[str]
    questionnaire: Questionnaire

    def ask(self, qid: str) -> Any:
        """Ask one question until it gets a valid answer; return it (or :data:`SKIP`)."""
        q = self.kb.questions[qid]
        click.echo("")
        click.echo(f"Q{len(self.history) + 1}. {q.text}")
        match q.type:
            case "red_flags":
                return self._ask_red_flags(qid, q)
            case "movements":
                return self._ask_by_area(qid, q, self.kb.movements, "movements")
            case "regions":
                return self._ask_by_area(qid, q, self.kb.regions, "places")
            case "range_map":
                return self._ask_ranges(qid, q)
            case "date":
                return self._ask_date(qid, q)
            case "tri_state":
                return self._ask_tri_state(qid, q)
            case "choice":
                return self._ask_choice(qid, q)
            case _:
                return self._ask_number(qid, q)

    def _read(
        self, qid: str, q: Question, allowed: str, help_extra: Callable[[str], str | None] | None = None
    ) -> str:
        """One line of input; handles ``?``, ``why`` and ``back`` itself."""
        while True:
            try:
                line = click.prompt(f"  [{allowed}]\n", prompt_suffix="> ", default="", show_default=False)
            except UnicodeDecodeError:  # a stream that could not be made tolerant
                click.echo("  That line could not be read as text; please type it again.")
                continue
            text = line.strip()
            word = text.lower()
            if word in ("?", "help"):
                click.echo(_indent(q.help))
                if help_extra is not None:
                    extra = help_extra("")
                    if extra:
                        click.echo(extra)
                continue
            if word.startswith("?") and help_extra is not None:
                extra = help_extra(word[1:].strip())
                click.echo(extra or _indent(q.help))
                continue
            if word == "why":
                click.echo(self.why(qid))
                continue
            if word == "back":
                raise GoBack
            return text

    def _invalid(self, text: str, allowed: str) -> None:
        click.echo(f"  '{one_line(_clip(text))}' is not an answer here. Allowed: {allowed}.")

    def _ask_tri_state(self, qid: str, q: Question) -> Any:
        allowed = "y = yes, n = no, u or Enter = don't know; ?, why, back"
        while True:
            word = self._read(qid, q, allowed).lower()
            if word in YES:
                return True
            if word in NO:
                return False
            if word == "" or word in DONT_KNOW:
                return UNKNOWN
            self._invalid(word, "y, n, u (or Enter), ?, why, back")

    def _ask_choice(self, qid: str, q: Question) -> Any:
        for i, opt in enumerate(q.options, 1):
            click.echo(f"  {i}. {opt.label}")
        allowed = f"a number 1-{len(q.options)}, Enter to skip; ?, why, back"
        while True:
            text = self._read(qid, q, allowed)
            if text == "":
                return SKIP
            word = text.lower()
            for i, opt in enumerate(q.options, 1):
                if word in (str(i), opt.value, opt.label.lower()):
                    return opt.value
            self._invalid(text, allowed)

    def _ask_number(self, qid: str, q: Question) -> Any:
        integer = q.type == "integer"
        lo, hi = format_bound(q.min), format_bound(q.max)
        unit = f" {q.unit}" if q.unit else ""
        kind = "a whole number" if integer else "a number"
        allowed = f"{kind} from {lo} to {hi}{unit}, Enter to skip; ?, why, back"
        while True:
            text = self._read(qid, q, allowed)
            if text == "":
                return SKIP
            value = _parse_number(text, integer, q.min, q.max)
            if value is None:
                self._invalid(text, allowed)
                continue
            return value

    def _ask_date(self, qid: str, q: Question) -> Any:
        allowed = "a date such as 2026-11-30, Enter to skip; ?, why, back"
        while True:
            text = self._read(qid, q, allowed)
            if text == "":
                return SKIP
            try:
                return datetime.strptime(text, "%Y-%m-%d").date().isoformat()
            except ValueError:
                self._invalid(text, allowed)

    def _ask_red_flags(self, qid: str, q: Question) -> Any:
        # In the file's order, under the heading of each group (wording.yaml), numbered throughout.
        groups = self.kb.wording.flag_groups
        flags = list(self.kb.red_flags.items())
        current = None
        for i, (_, flag) in enumerate(flags, 1):
            if flag.group != current:
                current = flag.group
                click.echo(f"  {groups.get(current, current)}:")
            click.echo(f"  {i:>2}. {flag.sign}")
        allowed = f"numbers 1-{len(flags)} such as 1,3 or 0 for none; ?, why, back"
        while True:
            text = self._read(qid, q, allowed)
            if text.lower() in NONE_WORDS:
                return []
            picked = _parse_numbers(text, len(flags))
            if not picked:
                self._invalid(text, allowed)
                continue
            return [flags[i - 1][0] for i in picked]

    def _ask_by_area(self, qid: str, q: Question, items: Mapping[str, Any], what: str) -> Any:
        areas = [a for a in self.kb.areas if any(it.area == a for it in items.values())]
        click.echo("  First the body area(s):")
        for i, area in enumerate(areas, 1):
            click.echo(f"  {i}. {self.kb.areas[area]}")
        optional = "" if q.required else ", Enter to skip"
        allowed = f"numbers 1-{len(areas)} such as 1,3{optional}; ?, why, back"
        while True:
            text = self._read(qid, q, allowed)
            if text == "" and not q.required:
                return SKIP
            picked = _parse_numbers(text, len(areas))
            if not picked:
                self._invalid(text, allowed)
                continue
            chosen = [areas[i - 1] for i in sorted(picked)]
            listed = [(iid, it) for area in chosen for iid, it in items.items() if it.area == area]
            result = self._pick_items(qid, q, chosen, listed, what)
            if result is not None:
                return result

    def _pick_items(
        self, qid: str, q: Question, chosen: list[str], listed: list[tuple[str, Any]], what: str
    ) -> Any:
        """The numbered list of one or more areas; ``None`` goes back to the areas."""
        number = 0
        for area in chosen:
            click.echo(f"  {self.kb.areas[area]}:")
            for _iid, it in listed:
                if it.area == area:
                    number += 1
                    click.echo(f"  {number:>3}. {it.name}")
        is_movement = what == "movements"

        def test_help(arg: str) -> str | None:
            if not is_movement:
                return None
            picked = _parse_numbers(arg, len(listed)) if arg else list(range(1, len(listed) + 1))
            if not picked:
                return None
            return "\n".join(
                _indent(f"{i}. {listed[i - 1][1].name}: {listed[i - 1][1].how_to_test}") for i in picked
            )

        optional = "" if q.required else ", Enter for none of these"
        extra = ", ?3 = how to test no. 3" if is_movement else ""
        allowed = (
            f"numbers 1-{len(listed)} such as 1,3{optional}, 'areas' to pick other areas; ?{extra}, why, back"
        )
        while True:
            text = self._read(qid, q, allowed, test_help)
            if text.lower() == "areas":
                return None
            if text == "" and not q.required:
                return SKIP
            picked = _parse_numbers(text, len(listed))
            if not picked:
                self._invalid(text, allowed)
                continue
            return [listed[i - 1][0] for i in picked]

    def _ask_ranges(self, qid: str, q: Question) -> Any:
        movements = [m for m in self.answers.get("restricted_movements", []) if m in self.kb.movements]
        if not movements:
            return SKIP
        click.echo("  One movement at a time; Enter if you have not measured it.")
        lo, hi = format_bound(q.min), format_bound(q.max)
        allowed = f"degrees from {lo} to {hi}, Enter to skip; ?, why, back"
        out: dict[str, float | int] = {}
        for mv in movements:
            movement = self.kb.movements[mv]
            click.echo(f"  {movement.name} (normal: about {movement.normal_range_deg}°)")
            while True:
                text = self._read(qid, q, allowed)
                if text == "":
                    break
                value = _parse_number(text, False, q.min, q.max)
                if value is None:
                    self._invalid(text, allowed)
                    continue
                out[mv] = value
                break
        return out or SKIP

    # -- why -------------------------------------------------------------------------
    def why(self, qid: str) -> str:
        """The ``why`` explanation: MYCIN-style, from the rules that read the question."""
        ex = self.questionnaire.explain(qid, self.answers)
        lines: list[str] = []
        if ex.purpose:
            lines.append(ex.purpose)
        if ex.informs:
            names = ", ".join(self._conclusion_name(c) for c in ex.informs)
            lines.append(f"This answer is evidence about: {names}.")
        inference = self.questionnaire.infer(self.answers)
        shown: set[str] = set()
        for e in ex.effects:
            name = self._conclusion_name(e.conclusion)
            if e.conclusion not in shown:
                w = inference.conclusions[e.conclusion]
                lines.append(f"Now {name} is {w.level} ({w.certainty:.0%}).")
                shown.add(e.conclusion)
            sign = "for" if e.cf >= 0 else "against"
            change = f"would become {e.would_become}" if e.changes else f"would stay {e.level_now}"
            lines.append(
                f'  If the answer shows that "{e.text}", that speaks {sign} {name} ({e.cf:+g}): it {change}.'
            )
        if not lines:
            lines.append("This answer is kept on your plan; it does not change a conclusion.")
        return "\n".join(_indent(line, "  ", "      ") for line in lines)

    def _conclusion_name(self, conclusion: str) -> str:
        causes = self.kb.wording.causes
        if conclusion in causes:
            return causes[conclusion].name.lower()
        return self.kb.other_causes[conclusion].name.lower()


def _parse_numbers(text: str, count: int) -> list[int]:
    """``"1,3"`` or ``"1 3"`` -> ``[1, 3]``; an empty list if anything is out of range."""
    parts = [p for p in re.split(r"[,\s;]+", text.strip()) if p]
    out: list[int] = []
    for part in parts:
        if WHOLE.fullmatch(part) is None:  # not isdigit(): '²' and '①' are digits to it
            return []
        n = int(part)
        if not 1 <= n <= count:
            return []
        if n not in out:
            out.append(n)
    return out


def _parse_number(text: str, integer: bool, lo: float | None, hi: float | None) -> int | float | None:
    if NUMBER.fullmatch(text.strip()) is None:  # ASCII digits only, and not too many
        return None
    value = float(text.strip().replace(",", "."))
    if value != value or value in (float("inf"), float("-inf")):
        return None
    if integer:
        if not value.is_integer():
            return None
        value = int(value)
    elif value.is_integer():
        value = int(value)
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        return None
    return value


def _clip(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


def _indent(text: str, first: str = "  ", rest: str = "  ") -> str:
    return "\n".join(textwrap.wrap(text, 78, initial_indent=first, subsequent_indent=rest)) or first
