"""The prompts of ``regain ask``: one question asked until it gets an answer it can use.

A mixin of the session (:class:`regain.interactive.Session`): how each type of
question is asked (yes/no, a choice, a number, a date, the warning-sign
checklist by group, movements and places by body area, measured ranges, and
the optional name for the plan) and the commands every prompt understands
(``?``, ``why``, ``back``; the words of each language are in ``answers.yaml``,
and the English ones work in every language). What a typed line means ("2 years", "about 5",
"nope", "none") is read by :mod:`regain.engine.natural_answers`; a line it
cannot read is answered with one line saying what would be accepted, with an
example, and the question is asked again. After ``back`` a question shows
the earlier answer, and Enter keeps it.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import click

from .engine.amount_reading import fold
from .engine.natural_answers import SKIPPED, AnswerReader, NotUnderstood, Reading, Understood
from .knowledge.messages import _
from .knowledge.models import Question
from .reports.why_text import why_lines

if TYPE_CHECKING:
    from .engine.questionnaire import Questionnaire
    from .knowledge import KnowledgeBase

#: The question was left unanswered (Enter, "skip"); the same object the parser returns.
SKIP = SKIPPED


class GoBack(Exception):
    """The person typed ``back``."""


class Prompts:
    """Asking questions; the session supplies the knowledge base, answers and history."""

    kb: KnowledgeBase
    answers: dict[str, Any]
    history: list[str]
    questionnaire: Questionnaire
    reader: AnswerReader
    #: answers taken back by ``back``: shown when the question comes again, kept on Enter
    earlier: dict[str, Any]

    def ask(self, qid: str) -> Any:
        """Ask one question until it gets a valid answer; return it (or :data:`SKIP`)."""
        q = self.kb.questions[qid]
        click.echo("")
        click.echo(_("Q{number}. {question}").format(number=len(self.history) + 1, question=q.text))
        keep = self.earlier.get(qid, SKIP)
        if keep is not SKIP:
            shown = self.reader.describe(q, keep)
            click.echo(f"  {self.kb.answers.messages['earlier'].format(value=shown)}")
        match q.type:
            case "red_flags":
                return self._ask_red_flags(qid, q, keep)
            case "movements":
                return self._ask_by_area(qid, q, self.kb.movements, "movements", keep)
            case "regions":
                return self._ask_by_area(qid, q, self.kb.regions, "places", keep)
            case "range_map":
                return self._ask_ranges(qid, q, keep)
            case "choice":
                for i, opt in enumerate(q.options, 1):
                    click.echo(f"  {i}. {opt.label}")
        enter = "keep" if keep is not SKIP else "unknown" if q.type == "tri_state" else "skip"
        allowed = self._allowed(self.reader.accepted(q), enter)
        return self._until_read(qid, q, allowed, lambda text: self.reader.read(qid, text), keep)

    def ask_name(self) -> str | None:
        """The optional name the plan shows (``None``: left out); ``back`` raises :class:`GoBack`."""
        words = self.kb.answers
        click.echo("")
        click.echo(words.name.text)
        allowed = f"{words.accepted['name']}; {commands_hint(self.kb)}"
        while True:
            text = self._read(allowed, words.name.help, lambda: _indent(words.name.why))
            reading = self.reader.read_name(text)
            if isinstance(reading, NotUnderstood):
                click.echo(f"  {reading.line}")
                continue
            return None if reading.value is SKIP else str(reading.value)

    # -- reading a line ------------------------------------------------------------
    def _allowed(self, accepted: str, enter: str | None, extra: str = "") -> str:
        """The line above a prompt: what it accepts, what Enter does, the commands."""
        words = self.kb.answers
        parts = [accepted, *([words.enter[enter]] if enter else []), commands_hint(self.kb) + extra]
        return "; ".join(parts)

    def _read(
        self,
        allowed: str,
        help_text: str,
        why: Callable[[], str],
        help_extra: Callable[[str], str | None] | None = None,
    ) -> str:
        """One line of input; handles ``?``, ``why`` and ``back`` (in any of their words) itself."""
        commands = command_words(self.kb)
        while True:
            try:
                line = click.prompt(f"  [{allowed}]\n", prompt_suffix="> ", default="", show_default=False)
            except UnicodeDecodeError:  # a stream that could not be made tolerant
                click.echo("  " + _("That line could not be read as text; please type it again."))
                continue
            text = line.strip()
            word = fold(text)
            command = commands.get(word)
            if command == "help":
                click.echo(_indent(help_text))
                if help_extra is not None:
                    extra = help_extra("")
                    if extra:
                        click.echo(extra)
                continue
            if word.startswith("?") and help_extra is not None:
                extra = help_extra(word[1:].strip())
                click.echo(extra or _indent(help_text))
                continue
            if command == "why":
                click.echo(why())
                continue
            if command == "back":
                raise GoBack
            return text

    def _read_q(
        self, qid: str, q: Question, allowed: str, help_extra: Callable[[str], str | None] | None = None
    ) -> str:
        return self._read(allowed, q.help, lambda: self.why(qid), help_extra)

    def _until_read(
        self, qid: str, q: Question, allowed: str, read: Callable[[str], Reading], keep: Any = SKIP
    ) -> Any:
        """Read lines until one is an answer: Enter keeps ``keep`` if there is one."""
        while True:
            text = self._read_q(qid, q, allowed)
            if text == "" and keep is not SKIP:
                return keep
            reading = read(text)
            if isinstance(reading, NotUnderstood):
                click.echo(f"  {reading.line}")
                continue
            assert isinstance(reading, Understood)
            if reading.note:
                click.echo(f"  {reading.note}")
            return reading.value

    # -- lists -----------------------------------------------------------------------
    def _ask_red_flags(self, qid: str, q: Question, keep: Any) -> Any:
        echo_red_flags(self.kb)
        flags = list(self.kb.red_flags.items())
        allowed = self._allowed(self.reader.accepted(q), "keep" if keep is not SKIP else None)
        ids = list(self.kb.red_flags)
        before = SKIP if keep is SKIP else [ids.index(f) + 1 for f in keep]

        def read(text: str) -> Reading:
            return self.reader.read_picks(text, len(ids), "red_flags", optional=False)

        picked = self._until_read(qid, q, allowed, read, before)
        return [flags[i - 1][0] for i in picked]

    def _ask_by_area(self, qid: str, q: Question, items: Mapping[str, Any], what: str, keep: Any) -> Any:
        areas = [a for a in self.kb.areas if any(it.area == a for it in items.values())]
        click.echo("  " + _("First the body area(s):"))
        for i, area in enumerate(areas, 1):
            click.echo(f"  {i}. {self.kb.areas[area]}")
        enter = "keep" if keep is not SKIP else None if q.required else "skip"
        allowed = self._allowed(self.reader.accepted(q), enter)
        while True:
            text = self._read_q(qid, q, allowed)
            if text == "" and keep is not SKIP:
                return keep
            reading = self.reader.read_picks(text, len(areas), "areas", optional=not q.required)
            if isinstance(reading, NotUnderstood):
                click.echo(f"  {reading.line}")
                continue
            if reading.value is SKIP:
                return SKIP
            chosen = [areas[i - 1] for i in sorted(reading.value)]
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
        words = self.kb.answers

        def test_help(arg: str) -> str | None:
            if not is_movement:
                return None
            if arg:
                reading = self.reader.read_picks(arg, len(listed), "items", optional=False)
                picked = reading.value if isinstance(reading, Understood) else []
            else:
                picked = list(range(1, len(listed) + 1))
            if not picked:
                return None
            return "\n".join(
                _indent(f"{i}. {listed[i - 1][1].name}: {listed[i - 1][1].how_to_test}") for i in picked
            )

        extra = ", " + words.test_command.format(number=3) if is_movement else ""
        other_areas = words.other_areas.format(word=words.commands.areas[0])
        accepted = f"{words.accepted['items'].format(count=len(listed))}, {other_areas}"
        allowed = self._allowed(accepted, None if q.required else "none", extra)
        while True:
            text = self._read_q(qid, q, allowed, test_help)
            if command_words(self.kb).get(fold(text)) == "areas":
                return None
            reading = self.reader.read_picks(text, len(listed), "items", optional=not q.required)
            if isinstance(reading, NotUnderstood):
                click.echo(f"  {reading.line}")
                continue
            if reading.value is SKIP:
                return SKIP
            return [listed[i - 1][0] for i in reading.value]

    def _ask_ranges(self, qid: str, q: Question, keep: Any) -> Any:
        movements = [m for m in self.answers.get("restricted_movements", []) if m in self.kb.movements]
        if not movements:
            return SKIP
        click.echo("  " + _("One movement at a time; Enter if you have not measured it."))
        earlier = keep if isinstance(keep, dict) else {}
        out: dict[str, float | int] = {}
        for mv in movements:
            movement = self.kb.movements[mv]
            normal = self.reader.amount_text(movement.normal_range_deg, None)
            click.echo(
                "  "
                + _("{movement} (normal: about {degrees}°)").format(movement=movement.name, degrees=normal)
            )
            before = earlier.get(mv, SKIP)
            if before is not SKIP:
                shown = self.reader.amount_text(before, q.unit)
                click.echo(f"  {self.kb.answers.messages['earlier'].format(value=shown)}")
            allowed = self._allowed(self.reader.accepted(q), "keep" if before is not SKIP else "skip")
            value = self._until_read(qid, q, allowed, lambda text: self.reader.read(qid, text), before)
            if value is not SKIP:
                out[mv] = value
        return out or SKIP

    # -- why -------------------------------------------------------------------------
    def why(self, qid: str) -> str:
        """The ``why`` explanation (:mod:`regain.reports.why_text`), wrapped for the terminal."""
        lines = why_lines(self.questionnaire, qid, self.answers)
        return "\n".join(
            _indent(f"  {line.text}" if line.detail else line.text, "  ", "      ") for line in lines
        )


def command_words(kb: KnowledgeBase) -> dict[str, str]:
    """Each word a person may type for a command (as :func:`fold` leaves it) -> the command."""
    commands = kb.answers.commands
    return {fold(w): c for c in ("help", "why", "back", "areas") for w in getattr(commands, c)}


def commands_hint(kb: KnowledgeBase, *names: str) -> str:
    """The commands a prompt shows, each as the first of its words: ``?, why, back``."""
    commands = kb.answers.commands
    return ", ".join(getattr(commands, c)[0] for c in names or ("help", "why", "back"))


def echo_red_flags(kb: KnowledgeBase) -> None:
    """The warning-sign checklist, numbered throughout, under the heading of each group."""
    groups = kb.wording.flag_groups
    current = None
    for i, flag in enumerate(kb.red_flags.values(), 1):
        if flag.group != current:
            current = flag.group
            click.echo(f"  {groups.get(current, current)}:")
        click.echo(f"  {i:>2}. {flag.sign}")


def _indent(text: str, first: str = "  ", rest: str = "  ") -> str:
    return "\n".join(textwrap.wrap(text, 78, initial_indent=first, subsequent_indent=rest)) or first
