"""Fail when an environment variable read by the settings is missing from .env.example or docs/configuration.md.

Run from the repository root: `python .ci/env_documented.py`. Looks for `env.<type>("NAME"` and
`Env().<type>("NAME"` in src/gongkai/conf/*.py.
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PATTERN = re.compile(r"""(?:\benv|Env\(\))(?:\.\w+)?\(\s*["']([A-Z][A-Z0-9_]*)["']""")


def main() -> int:
    names = set()
    for path in sorted((ROOT / "src" / "gongkai" / "conf").glob("*.py")):
        names |= set(PATTERN.findall(path.read_text(encoding="utf-8")))
    example = (ROOT / ".env.example").read_text(encoding="utf-8") if (ROOT / ".env.example").exists() else ""
    doc = (
        (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
        if (ROOT / "docs" / "configuration.md").exists()
        else ""
    )
    listed = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", example, re.MULTILINE))
    problems = [f".env.example does not list {name}" for name in sorted(names - listed)]
    problems += [f"docs/configuration.md does not mention {name}" for name in sorted(names) if f"`{name}`" not in doc]
    for line in problems:
        print(line)
    if problems:
        print(
            "FAILED: document every environment variable that the settings read (.env.example, docs/configuration.md)"
        )
        return 1
    print(f"OK: {len(names)} environment variables, all in .env.example and docs/configuration.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
