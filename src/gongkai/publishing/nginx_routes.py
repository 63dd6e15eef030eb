"""Which URL paths nginx hands to the app, derived from the URLconf (static publishing, issue 13).

Rule owned here: a URL pattern is *published* (nginx serves it from the tree, falling back to the app
for what is not written yet) only when its name is in `PUBLISHED_URL_NAMES`; every other pattern of
the URLconf is *dynamic* and always proxied. A new app's URLs are therefore dynamic until the publisher
says otherwise, so nothing breaks silently. The patterns are grouped by their first literal path
segment: a segment whose patterns are all dynamic becomes one prefix location (`^~ /foi/`), a lone
literal path an exact one (`= /healthz`); a mixed segment is split by its next literal segment
(`/api/v1/records/` dynamic next to the published `/api/v1/schemas/catalog.json`), and what stays mixed
(`/b/<code>/foi/apply/` next to the published `/b/<code>/`) goes into one regular expression built
from Django's own pattern regexes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern

# Pages the publisher writes to the tree (namespace:name). Everything else in the URLconf is dynamic.
PUBLISHED_URL_NAMES = frozenset(
    {
        "portal:home",
        "portal:bureau",
        "portal:guide",
        "portal:rules",
        "portal:statutory",
        "portal:annual_reports",
        "records:detail",
        "records:attachment",
        "records:bureau_records",
        "records:bureau_feed_rss",
        "records:bureau_feed_atom",
        "records:item_records",
        "records:item_feed_rss",
        "records:item_feed_atom",
        "records:sitemap",
        "records:sitemap_section",
        "catalogs:catalog",
        "catalogs:version",
        "catalogs:diff",
        "catalogs:status",
        "catalogs:guidelines",
        "catalogs:download",
        "api:catalog-schema",
        "service_items:list",
        "service_items:item",
        "service_items:notice",
        "service_items:notice_pdf",
        "powerlists:lists",
        "new_media:city",
        "new_media:bureau",
        "supervision:bulletins",
        # public participation (participation_pages); the forms (comment, register, answer, ask) stay dynamic
        "participation:index",
        "participation:catalog",
        "participation:consultation",
        "participation:summary",
        "participation:hearing",
        "surveys:list",
        "surveys:results",
        "inquiries:list",
        "inquiries:detail",
        "concerns:list",
    }
)

# Intake forms published for first visitors (core.form_pages): nginx answers a GET without a session or
# message cookie from the tree, with `ssi on` (the per-visitor client_token); everything else (the POST,
# a signed-in applicant) goes to the app. Not in PUBLISHED_URL_NAMES: they get their own location.
FORM_URL_NAMES = frozenset({"foi:apply", "participation:comment"})

_SPECIAL = set(".^$*+?{}[]()|")


@dataclass(frozen=True)
class Leaf:
    """One URL pattern of the URLconf, flattened: its full regex (no anchors) and its name."""

    regex: str
    name: str
    localized: bool  # inside i18n_patterns: also answered under a language prefix (/en/...)


@dataclass
class Routes:
    """The dynamic paths, in the three kinds of nginx location that serve them."""

    prefixes: dict[str, list[str]] = field(default_factory=dict)  # "/foi/" -> URL names
    exact: dict[str, list[str]] = field(default_factory=dict)  # "/healthz" -> URL names
    regex_parts: list[tuple[str, str]] = field(default_factory=list)  # (regex without anchors, name)
    language_prefixes: tuple[str, ...] = ("",)

    def regex(self) -> str:
        """One anchored expression for the dynamic patterns of mixed segments ('' when there are none)."""
        if not self.regex_parts:
            return ""
        languages = "|".join(re.escape(p) for p in self.language_prefixes if p)
        lang = f"(?:{languages})?" if languages else ""
        return "^/" + lang + "(?:" + "|".join(sorted({part for part, _ in self.regex_parts})) + ")$"


def _fragment(pattern) -> str:
    text = pattern.regex.pattern
    text = text.removeprefix("^")
    if text.endswith(r"\Z"):
        text = text[:-2] + "$"
    return text


def _leaves(patterns, prefix: str = "", namespace: str = "", localized: bool = False):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if isinstance(entry.pattern, LocalePrefixPattern):
                inner_prefix, inner_localized = prefix, True
            else:
                inner_prefix, inner_localized = prefix + _fragment(entry.pattern), localized
            inner_namespace = f"{namespace}:{entry.namespace}".strip(":") if entry.namespace else namespace
            yield from _leaves(entry.url_patterns, inner_prefix, inner_namespace, inner_localized)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}".strip(":") if entry.name else f"{namespace}:(unnamed)".strip(":")
            yield Leaf(prefix + _fragment(entry.pattern), name, localized)


def _literal_prefix(regex: str) -> tuple[str, bool]:
    """The literal text a regex starts with, and whether that literal is the whole (end-anchored) regex."""
    out, i = [], 0
    while i < len(regex):
        char, step = regex[i], 1
        if char == "\\" and i + 1 < len(regex) and not regex[i + 1].isalnum():
            char, step = regex[i + 1], 2
        elif char in _SPECIAL:
            return "".join(out), regex[i:] == "$"
        if i + step < len(regex) and regex[i + step] in "*?{":
            break  # a quantifier makes this character optional or repeated
        out.append(char)
        i += step
    return "".join(out), False


def _nginx_regex(regex: str) -> str:
    """Django's regex as PCRE without named groups (one alternation may repeat a group name)."""
    return re.sub(r"\(\?P<\w+>", "(?:", regex).removesuffix("$")


def language_prefixes() -> tuple[str, ...]:
    """'' and the URL prefix of every language that has one (the default language has none)."""
    resolver_patterns = get_resolver().url_patterns
    locale = next(
        (
            p.pattern
            for p in resolver_patterns
            if isinstance(p, URLResolver) and isinstance(p.pattern, LocalePrefixPattern)
        ),
        None,
    )
    prefixed_default = bool(locale and locale.prefix_default_language)
    codes = [code for code, _ in settings.LANGUAGES if prefixed_default or code != settings.LANGUAGE_CODE]
    return ("", *(f"{code}/" for code in codes)) if locale else ("",)


def dynamic_routes(published: frozenset[str] = PUBLISHED_URL_NAMES | FORM_URL_NAMES) -> Routes:
    """Walk the URLconf and sort its dynamic patterns into nginx locations (see the module docstring)."""
    routes = Routes(language_prefixes=language_prefixes())
    members = []
    for leaf in _leaves(get_resolver().url_patterns):
        literal, whole = _literal_prefix(leaf.regex)
        members.append((leaf, literal, whole, leaf.name not in published))
    _place(routes, members, "")
    return routes


def _place(routes: Routes, members: list, prefix: str) -> None:
    """Group `members` by their next literal path segment after `prefix`; a mixed group is split again."""
    groups: dict[str, list] = {}
    for member in members:
        literal = member[1]
        end = literal.find("/", len(prefix))
        groups.setdefault(literal[: end + 1] if end >= 0 else literal, []).append(member)
    for key, group in sorted(groups.items()):
        dynamic = [m for m in group if m[3]]
        if not dynamic:
            continue
        if len(dynamic) < len(group) and key.endswith("/") and key != prefix:
            _place(routes, group, key)  # e.g. /api/v1/schemas/ published, /api/v1/records/ dynamic
            continue
        for leaf, literal, whole, _ in dynamic:
            languages = routes.language_prefixes if leaf.localized else ("",)
            if len(dynamic) == len(group) and key.endswith("/") and key != prefix:
                for lang in languages:
                    routes.prefixes.setdefault(f"/{lang}{key}", []).append(leaf.name)
            elif len(dynamic) == len(group) and whole and literal == key:
                for lang in languages:
                    routes.exact.setdefault(f"/{lang}{key}", []).append(leaf.name)
            else:
                routes.regex_parts.append((_nginx_regex(leaf.regex), leaf.name))


def url_regex(*names: str) -> str:
    """The anchored nginx regex of URL patterns (by namespace:name), under every language prefix."""
    leaves = [leaf for leaf in _leaves(get_resolver().url_patterns) if leaf.name in names]
    languages = "|".join(re.escape(p) for p in language_prefixes() if p) if any(x.localized for x in leaves) else ""
    body = "|".join(_nginx_regex(leaf.regex) for leaf in leaves)
    return "^/" + (f"(?:{languages})?" if languages else "") + (f"(?:{body})" if len(leaves) > 1 else body) + "$"
