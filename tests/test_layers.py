"""The import graph of src/gongkai runs one way: from the top floor down (docs/architecture.md, "App dependencies").

Every `import` and `from … import` statement is read from the source (also those inside functions, which
run later but depend all the same); migrations are left out (they are frozen history). A module may import
a module of its own unit (the longest prefix in FLOORS) or of a unit on a lower floor; never one on its own
floor or above. A lower floor that needs something from above asks through a seam that the upper app fills
in its AppConfig.ready(): `core.access.can` (the permission check), `core.frame.render_private_page` (the
public frame), `catalogs.rendering.register_item_counter`, `search.service.register_default_source`.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"

# Top floor first. Units on one floor are siblings: they do not import each other.
FLOORS: list[tuple[str, ...]] = [
    ("gongkai.demo",),  # the demo data: builds everything through the services; nothing imports it
    ("gongkai.urls", "gongkai.wsgi", "gongkai.api"),  # entry points and the API's URL tree
    ("gongkai.publishing",),  # renders every public page to files; listens to what the apps below publish
    ("gongkai.supervision",),  # campaigns, plans, reports, indicators, evaluation, bulletins, the city dashboard
    ("gongkai.supervision.layout",),  # official documents in the GB/T 9704 layout (for any document app)
    ("gongkai.annual_reports",),  # the annual disclosure report: reads records and table 三 of foi_requests
    # The self-inspection of every bureau's site and accounts: reads records, new media, inquiries.
    ("gongkai.site_inspection",),
    ("gongkai.kiosk",),  # the service hall's touch screen: looks up records, files FOI requests, asks questions
    ("gongkai.applications",),  # application progress: applications of service items, reported by business systems
    # FOI requests; service items; public participation; new-media accounts
    ("gongkai.foi_requests", "gongkai.service_items", "gongkai.participation", "gongkai.new_media"),
    # Public inquiries, responses to public concerns, surveys (one floor below; concerns read the pure
    # rules of gongkai.participation.rules).
    ("gongkai.inquiries", "gongkai.concerns", "gongkai.surveys"),
    ("gongkai.records",),
    ("gongkai.powerlists",),  # the 权责清单 and 公共服务事项清单 behind the catalog (the catalog asks through a seam)
    ("gongkai.catalogs",),
    ("gongkai.portal", "gongkai.workdays", "gongkai.search"),  # the public frame; working days; the index
    # Changing a bureau asks the permission module: the bureau services and their admin sit above accounts.
    ("gongkai.organizations.wagtail_hooks",),
    ("gongkai.organizations.admin_views",),
    ("gongkai.organizations.services",),
    ("gongkai.accounts",),  # users, roles and the permission module
    ("gongkai.organizations",),  # bureaus
    ("gongkai.core",),  # base models, the audit log, the seams
    # Pure modules: no models, no database; they import nothing of gongkai but the floors below.
    # participation.rules: consultation periods and concern deadlines (pure; the concerns app imports it)
    # supervision.indicators: the indicator registry
    ("gongkai.workdays.due", "gongkai.screening", "gongkai.participation.rules", "gongkai.supervision.indicators"),
    ("gongkai.workdays.calendar", "gongkai.search.text", "gongkai.conf", "gongkai"),
]

# Edges that climb on purpose, each with its reason. Keep this empty: add a seam instead.
ALLOWED: dict[tuple[str, str], str] = {}

FLOOR_OF = {unit: floor for floor, units in enumerate(FLOORS) for unit in units}


def _unit(module: str) -> str:
    if module == "gongkai":
        return module
    parts = module.split(".")
    for end in range(len(parts), 1, -1):
        candidate = ".".join(parts[:end])
        if candidate in FLOOR_OF:
            return candidate
    raise AssertionError(f"{module} is on no floor: add it to FLOORS in tests/test_layers.py")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, imported module) of every import statement of the file, relative imports resolved."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
                # `from . import x`: x may be a module of the package.
                found += [(node.lineno, f"{target}.{a.name}") for a in node.names] if not node.module else []
                found.append((node.lineno, target))
            else:
                found.append((node.lineno, node.module))
                found += [(node.lineno, f"{node.module}.{a.name}") for a in node.names]
    return [(line, name) for line, name in found if name == "gongkai" or name.startswith("gongkai.")]


def _source_files() -> list[Path]:
    return sorted(p for p in (SRC / "gongkai").rglob("*.py") if "migrations" not in p.parts)


def _known(module: str) -> bool:
    path = SRC.joinpath(*module.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def climbing_imports() -> list[str]:
    problems = []
    for path in _source_files():
        importer = _module_name(path)
        own = _unit(importer)
        for line, target in _imports(path):
            if not _known(target):  # a name imported from a module, not a module
                continue
            unit = _unit(target)
            if unit == own or FLOOR_OF[unit] > FLOOR_OF[own] or (own, unit) in ALLOWED:
                continue
            where = "its own floor" if FLOOR_OF[unit] == FLOOR_OF[own] else "a higher floor"
            problems.append(f"{path.relative_to(SRC)}:{line} imports {target} ({unit}, {where})")
    return problems


def test_no_import_climbs_to_a_higher_floor():
    assert climbing_imports() == []


def test_no_two_modules_import_each_other():
    graph: dict[str, set[str]] = {}
    for path in _source_files():
        graph[_module_name(path)] = {t for _line, t in _imports(path) if _known(t)}
    pairs = sorted({tuple(sorted((a, b))) for a, targets in graph.items() for b in targets if a in graph.get(b, ())})
    assert [p for p in pairs if p[0] != p[1] and not _is_package_of(*p)] == []


def _is_package_of(a: str, b: str) -> bool:
    return b.startswith(a + ".") or a.startswith(b + ".")


def test_only_the_demo_package_imports_the_demo():
    importers = {
        str(path.relative_to(SRC))
        for path in _source_files()
        if not _module_name(path).startswith("gongkai.demo")
        and any(t == "gongkai.demo" or t.startswith("gongkai.demo.") for _line, t in _imports(path))
    }
    assert importers == set()


def test_no_capability_app_keeps_demo_modules():
    """The demo generators and texts live in gongkai.demo only."""
    strays = [
        str(p.relative_to(SRC))
        for p in _source_files()
        if not _module_name(p).startswith("gongkai.demo") and "demo" in p.stem
    ]
    assert strays == []


@pytest.mark.parametrize(
    ("importer", "target", "climbs"),
    [
        ("gongkai.core.models", "gongkai.accounts.permissions", True),
        ("gongkai.accounts.applicant", "gongkai.portal.responses", True),
        ("gongkai.search.service", "gongkai.records.models", True),
        ("gongkai.catalogs.rendering", "gongkai.records.selectors", True),
        ("gongkai.workdays.calendar", "gongkai.workdays.models", True),
        ("gongkai.records.services", "gongkai.catalogs.models", False),
        ("gongkai.demo.foi_requests", "gongkai.foi_requests.services.workflow", False),
    ],
)
def test_the_floor_rule_refuses_climbing_edges(importer, target, climbs):
    assert (FLOOR_OF[_unit(target)] <= FLOOR_OF[_unit(importer)] and _unit(target) != _unit(importer)) is climbs
