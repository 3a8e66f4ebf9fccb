"""Finding executable markup in a page, with the standard library's HTML parser.

A page may load the app's own scripts from ``/static/``; anything else that a browser would run
is reported: inline scripts, event handler attributes, ``javascript:``/``vbscript:``/``data:``
URLs, frames and plug-ins, a ``<base>`` or a refresh.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "background",
    "srcset",
    "ping",
    "cite",
    "srcdoc",
}
FORBIDDEN_TAGS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base"}
# Browsers ignore whitespace and control characters inside a URL's scheme ("jav\tascript:").
_IGNORED = re.compile(r"[\x00-\x20\x7f]+")
_BAD_SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:")


def dangerous_url(value: str) -> bool:
    squeezed = _IGNORED.sub("", value).lower()
    if squeezed.startswith("data:image/") and not squeezed.startswith("data:image/svg"):
        return False  # a picture, allowed by the CSP's img-src
    return squeezed.startswith(_BAD_SCHEMES)


class _Finder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "script":
            self._in_script = True
            if not values.get("src", "").startswith("/static/"):
                self.problems.append(f"<script> not from /static/: {attrs}")
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}> {attrs}")
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            self.problems.append(f"<meta refresh> {attrs}")
        for name, value in values.items():
            if name.startswith("on") or (name in URL_ATTRIBUTES and dangerous_url(value)):
                self.problems.append(f"<{tag} {name}={value!r}>")
            elif name == "style" and ("expression(" in value or "url(" in value):
                self.problems.append(f"<{tag} style={value!r}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self._in_script = False

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.problems.append(f"inline script: {data.strip()[:80]!r}")


def executable_markup(html: str) -> list[str]:
    """Everything in ``html`` a browser would execute, other than the app's own scripts."""
    finder = _Finder()
    finder.feed(html)
    finder.close()
    return finder.problems
