"""Descriptions are Markdown, rendered safely: raw HTML is shown as text, never run."""

from __future__ import annotations

from markdown_it import MarkdownIt
from markupsafe import Markup

# CommonMark without raw HTML; markdown-it refuses javascript:, vbscript: and data: links.
_renderer = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_renderer.disable("image")  # photos go through the photo upload, which strips metadata


def render_markdown(text: str) -> Markup:
    html = _renderer.render(text or "")
    # Links written by residents open as plain links but are not endorsed for search engines.
    html = html.replace("<a href=", '<a rel="nofollow ugc" href=')
    return Markup(html)
