"""Check (and optionally compile) the zh_Hans translation catalog.

Run as ``python -m gongkai.core.i18n_check [--compile]`` from the repository root
(``make messages-check`` and ``make messages`` do this). Checks:

1. every entry of ``src/gongkai/locale/zh_Hans/LC_MESSAGES/django.po`` is translated and none is fuzzy;
2. placeholders (``%(name)s``, ``%s``, ``{name}``) in each translation match the source string;
3. the committed ``django.mo`` holds exactly the translations of the ``.po`` (compared entry by
   entry, so a ``.mo`` built by ``msgfmt``/``compilemessages`` passes too);
4. ``makemessages`` would neither add nor remove an entry: it is run on a temporary copy of
   ``src/gongkai`` and the msgid sets are compared. Needs GNU gettext's ``xgettext``; without it
   this step is skipped with a message, except when ``CI`` is set, where it fails.

With ``--compile`` the ``.mo`` is first written from the ``.po`` (with polib), then the checks run
and are reported, but only a broken catalog makes the command fail: ``make messages`` uses this
right after ``makemessages`` so that new, still untranslated strings are listed, not fatal.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

import polib

SRC_DIR = Path(__file__).resolve().parents[1]  # src/gongkai
LOCALE = "zh_Hans"
PO_PATH = SRC_DIR / "locale" / LOCALE / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")
# Kept in step with the `messages` target of the Makefile.
MAKEMESSAGES_IGNORE = ["static/*", "locale/*", "*/data/*", "__pycache__/*"]

_PERCENT = re.compile(r"%(?:\((?P<name>[^)]+)\))?[-#0 +]*\d*(?:\.\d+)?(?P<kind>[sdifrxXeEgGc%])")
_BRACE = re.compile(r"(?<!\{)\{(?P<name>[A-Za-z_][A-Za-z0-9_]*|\d*)(?:[!:][^{}]*)?\}(?!\})")

Key = tuple[str | None, str, str | None]


def _key(entry: polib.POEntry | polib.MOEntry) -> Key:
    return (entry.msgctxt or None, entry.msgid, entry.msgid_plural or None)


def _label(key: Key) -> str:
    msgctxt, msgid, _plural = key
    text = msgid if len(msgid) <= 70 else msgid[:67] + "..."
    return f"[{msgctxt}] {text!r}" if msgctxt else repr(text)


def _placeholders(text: str, flags: list[str]) -> list[str]:
    """Return the distinct placeholders of `text`, sorted (a translation may reorder or repeat them)."""
    found = set()
    if "python-format" in flags:
        found |= {
            f"%({m['name']}){m['kind']}" if m["name"] else f"%{m['kind']}"
            for m in _PERCENT.finditer(text)
            if m["kind"] != "%"
        }
    if "python-brace-format" in flags:
        found |= {"{" + m["name"] + "}" for m in _BRACE.finditer(text)}
    return sorted(found)


def check_entries(po: polib.POFile) -> list[str]:
    """Return one problem line per untranslated, fuzzy or placeholder-mismatched entry."""
    problems = []
    for entry in po:
        if entry.obsolete:
            continue
        key = _key(entry)
        if entry.fuzzy:
            problems.append(f"fuzzy: {_label(key)}")
        elif not entry.translated():
            problems.append(f"untranslated: {_label(key)}")
            continue
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        expected = _placeholders(entry.msgid, entry.flags)
        if entry.msgid_plural:
            # A plural translation may use the count in any form; only named placeholders must match.
            expected = sorted(set(expected) | set(_placeholders(entry.msgid_plural, entry.flags)))
            expected = [p for p in expected if "(" in p or p.startswith("{")]
        for text in translations:
            got = _placeholders(text, entry.flags)
            if entry.msgid_plural:
                got = sorted({p for p in got if "(" in p or p.startswith("{")})
            if got != expected:
                problems.append(f"placeholders differ ({expected} vs {got}): {_label(key)}")
    return problems


def _catalog(entries) -> dict[Key, str | tuple[str, ...]]:
    result: dict[Key, str | tuple[str, ...]] = {}
    for entry in entries:
        if not entry.msgid:  # the header
            continue
        if entry.msgid_plural:
            result[_key(entry)] = tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
        else:
            result[_key(entry)] = entry.msgstr
    return result


def check_mo(po: polib.POFile) -> list[str]:
    """Return problems if the committed .mo does not hold exactly the .po's translations."""
    if not MO_PATH.exists():
        return [f"{MO_PATH.relative_to(SRC_DIR.parents[1])} is missing: run `make messages`"]
    expected = _catalog(po.translated_entries())
    actual = _catalog(polib.mofile(str(MO_PATH)))
    problems = [f".mo lacks {_label(key)}" for key in sorted(expected.keys() - actual.keys(), key=str)]
    problems += [
        f".mo has an entry the .po does not translate: {_label(key)}"
        for key in sorted(actual.keys() - expected.keys(), key=str)
    ]
    problems += [
        f".mo translation differs from the .po: {_label(key)}"
        for key in sorted(expected.keys() & actual.keys(), key=str)
        if expected[key] != actual[key]
    ]
    if problems:
        problems.append(
            "the compiled .mo is out of date: run `make messages` (or `python -m gongkai.core.i18n_check --compile`)"
        )
    return problems


def run_makemessages(destination: Path) -> Path:
    """Run Django's makemessages on a copy of src/gongkai inside `destination`; return the new .po path."""
    import django
    from django.core.management import call_command
    from django.test.utils import override_settings

    copy = destination / "gongkai"
    shutil.copytree(
        SRC_DIR,
        copy,
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "locale", "static", "data", "*.json", "*.mo", "*.po"),
    )
    (copy / "locale").mkdir()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.conf.settings")
    django.setup()
    cwd = Path.cwd()
    try:
        os.chdir(copy)
        with override_settings(LOCALE_PATHS=[copy / "locale"]):
            call_command(
                "makemessages",
                locale=[LOCALE],
                no_obsolete=True,
                no_location=True,
                ignore_patterns=MAKEMESSAGES_IGNORE,
                verbosity=0,
            )
    finally:
        os.chdir(cwd)
    return copy / "locale" / LOCALE / "LC_MESSAGES" / "django.po"


def check_makemessages(po: polib.POFile) -> tuple[list[str], str | None]:
    """Compare the msgids makemessages extracts now with the committed .po. Returns (problems, skip note)."""
    if shutil.which("xgettext") is None:
        note = "xgettext (GNU gettext) is not installed: skipped the makemessages comparison (apt-get install gettext)."
        if os.environ.get("CI"):
            return [note.replace("skipped", "cannot run")], None
        return [], note
    with tempfile.TemporaryDirectory(prefix="gongkai-i18n-") as tmp:
        fresh = polib.pofile(str(run_makemessages(Path(tmp))))
    extracted = {_key(e) for e in fresh if not e.obsolete and e.msgid}
    committed = {_key(e) for e in po if not e.obsolete and e.msgid}
    problems = [f"not in django.po yet: {_label(k)}" for k in sorted(extracted - committed, key=str)]
    problems += [f"no longer in the code: {_label(k)}" for k in sorted(committed - extracted, key=str)]
    if problems:
        problems.append("django.po is out of step with the code: run `make messages`, translate, commit .po and .mo")
    return problems, None


def compile_mo(po: polib.POFile) -> None:
    po.save_as_mofile(str(MO_PATH))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--compile", action="store_true", help="write django.mo from django.po first")
    parser.add_argument("--skip-makemessages", action="store_true", help="do not run the makemessages comparison")
    args = parser.parse_args(argv)

    if not PO_PATH.exists():
        print(f"error: {PO_PATH} does not exist: run `make messages`", file=sys.stderr)
        return 1
    po = polib.pofile(str(PO_PATH))
    if args.compile:
        compile_mo(po)
        print(f"compiled {MO_PATH.relative_to(SRC_DIR.parents[1])} ({len(po.translated_entries())} translations)")

    sections = {"translations": check_entries(po), "compiled .mo": check_mo(po)}
    note = None
    if not args.skip_makemessages and not args.compile:
        sections["makemessages"], note = check_makemessages(po)

    total = sum(len(p) for p in sections.values())
    for name, problems in sections.items():
        for line in problems:
            print(f"{name}: {line}")
    if note:
        print(f"note: {note}")
    entries = len([e for e in po if not e.obsolete and e.msgid])
    summary = f"{LOCALE}: {entries} entries, {len(po.translated_entries())} translated, {len(po.fuzzy_entries())} fuzzy"
    if args.compile:
        # After `makemessages`, untranslated entries are expected: list them, do not fail.
        print(summary + ("" if not total else f" — {total} entries still need work (see above)"))
        return 0
    if total:
        print(f"FAILED: {summary}; {total} problems (see above)")
        return 1
    print(f"OK: {summary}; .mo up to date" + ("" if note else "; makemessages adds nothing"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
