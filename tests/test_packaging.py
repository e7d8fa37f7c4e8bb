"""The installed package holds all of regain: every sub-package and data file.

``pyproject.toml`` lists the packages explicitly (the repository's top level
is mapped to ``regain``); a new sub-package missing from that list would work
in an editable install and break a plain ``pip install .``.
"""

from __future__ import annotations

import gettext
import io
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_every_subpackage_is_listed() -> None:
    listed = set(_pyproject()["tool"]["setuptools"]["packages"])
    found = {"regain"}
    for top in ("knowledge", "engine", "reports", "batch", "journal"):
        for init in (ROOT / top).rglob("__init__.py"):
            rel = init.parent.relative_to(ROOT)
            found.add(".".join(("regain", *rel.parts)))
    assert found <= listed, f"add to pyproject.toml [tool.setuptools] packages: {found - listed}"


def test_the_wheel_holds_every_module_data_file_and_template(tmp_path: Path) -> None:
    """Build the wheel a plain ``pip install .`` installs and look inside it."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "--wheel-dir",
            str(tmp_path),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    [wheel] = tmp_path.glob("regain-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    wanted = {
        "regain/" + str(p.relative_to(ROOT))
        for top in ("knowledge", "engine", "reports", "batch", "journal")
        for p in (ROOT / top).rglob("*")
        if p.is_file()
        and p.suffix in (".py", ".yaml", ".lock", ".html", ".css", ".txt", ".mako")
        and "__pycache__" not in p.parts
    }
    wanted |= {f"regain/{p.name}" for p in ROOT.glob("*.py")}
    # the message catalogs, compiled by the build (buildtools/catalogs.py), not kept in git
    wanted |= {
        "regain/" + str(p.relative_to(ROOT).with_suffix(".mo")) for p in (ROOT / "locale").rglob("*.po")
    }
    assert "regain/locale/de/LC_MESSAGES/regain.mo" in wanted
    assert sorted(wanted - names) == []
    assert not [n for n in names if n.startswith(("regain/buildtools", "buildtools"))]  # build time only
    with zipfile.ZipFile(wheel) as zf:
        compiled = gettext.GNUTranslations(io.BytesIO(zf.read("regain/locale/de/LC_MESSAGES/regain.mo")))
    assert compiled.gettext("For:") == "Für:"
