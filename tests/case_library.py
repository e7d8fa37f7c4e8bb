"""Every case the test data holds, as raw cases: the examples and the golden cases.

For tests that must hold for all of them at once (for instance, that a shortcut
through experta changes no assessment).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from regain.engine.case_reader import RawCase, read_case_path

TESTS = Path(__file__).parent
ROOT = TESTS.parent


def library_raw_cases() -> list[RawCase]:
    """Each case of ``examples/`` (YAML, JSON and CSV rows), then each ``tests/cases/*.yaml``."""
    raws = [
        raw
        for path in sorted((ROOT / "examples").iterdir())
        if path.is_file()
        for raw in read_case_path(str(path))
    ]
    for path in sorted((TESTS / "cases").glob("*.yaml")):
        case = yaml.safe_load(path.read_text(encoding="utf-8"))["case"]
        raws.append(RawCase(str(path), path.stem, {"format": "regain-case/2", "id": path.stem, **case}))
    return raws
