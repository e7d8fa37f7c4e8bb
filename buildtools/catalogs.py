"""The build step that compiles the message catalogs: ``locale/<lang>/LC_MESSAGES/regain.po`` -> ``.mo``.

setuptools runs it as ``build_py`` (``[tool.setuptools.cmdclass]`` in
pyproject.toml), so a plain ``pip install .`` puts the compiled catalogs in the
wheel (``regain/locale/...``), and an editable install (``make setup``) compiles
them in place, beside their ``.po``. ``make test`` compiles them again when a
``.po`` is newer (``python -m buildtools.catalogs``). Not part of the installed
package: it runs only at build time, with Babel.

``python -m buildtools.catalogs extract`` writes ``locale/regain.pot`` (every
marked string, as ``babel.cfg`` finds them) and adds the new ones to each
``.po`` for its translator (see ``locale/README.md``).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent.parent
LOCALE = "locale"


def catalogs(root: Path = ROOT) -> list[Path]:
    """Every message catalog (``.po``) of the source tree."""
    return sorted((root / LOCALE).glob("*/LC_MESSAGES/*.po"))


def _searched(path: str) -> bool:
    """Folders extraction looks into: not hidden ones, caches or builds (``_partials`` is searched)."""
    name = Path(path).name
    return not name.startswith(".") and name not in ("__pycache__", "build", "tests", "benchmarks")


def extract(root: Path = ROOT) -> Any:
    """Every marked string of the source tree, as a Babel catalog (``babel.cfg`` says where to look)."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    with (root / "babel.cfg").open(encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f)
    catalog = Catalog(project="regain", charset="utf-8")
    found = extract_from_dir(root, method_map, options_map, directory_filter=_searched)
    for filename, lineno, message, comments, context in found:
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def update(root: Path = ROOT) -> None:
    """Write ``locale/regain.pot`` and bring every ``.po`` up to date with it (new strings untranslated)."""
    from babel.messages.pofile import read_po, write_po

    template = extract(root)
    with (root / LOCALE / "regain.pot").open("wb") as f:
        write_po(f, template, omit_header=True, no_location=True, sort_output=True, width=100)
    for po in catalogs(root):
        with po.open("rb") as f:
            catalog = read_po(f, locale=po.parent.parent.name)
        catalog.update(template, no_fuzzy_matching=True)
        with po.open("wb") as f:
            write_po(f, catalog, no_location=True, sort_output=True, width=100, ignore_obsolete=True)


def compile_catalog(po: Path, mo: Path) -> None:
    """``po`` compiled to ``mo``; a fuzzy or untranslated message is left out (English is shown)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as f:
        catalog = read_po(f, locale=po.parent.parent.name)
    mo.parent.mkdir(parents=True, exist_ok=True)
    with mo.open("wb") as f:
        write_mo(f, catalog, use_fuzzy=False)


class BuildPy(build_py):
    """setuptools' ``build_py``, then the catalogs compiled into the build (or in place, editable)."""

    def run(self) -> None:
        super().run()
        for po in catalogs():
            relative = po.relative_to(ROOT).with_suffix(".mo")
            if getattr(self, "editable_mode", False):
                compile_catalog(po, ROOT / relative)
            else:
                compile_catalog(po, Path(self.build_lib) / "regain" / relative)


def main(argv: list[str]) -> int:
    """``extract``: update the template and catalogs; else compile every catalog that is out of date."""
    if argv[1:] == ["extract"]:
        update()
        return 0
    for po in catalogs():
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            compile_catalog(po, mo)
            print(f"compiled {mo.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
