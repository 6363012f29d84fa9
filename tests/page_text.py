"""What a reader sees of a page: its visible text (not attributes, scripts or styles) and the
links a crawl follows. Shared by the people-by-name walk and the admin's Chinese crawl."""

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

INVISIBLE = {"script", "style", "template", "noscript"}
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z_'-]*[A-Za-z]|[A-Za-z]")


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.links: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in INVISIBLE:
            self._hidden += 1
        elif tag == "a":
            if attrs.get("href"):
                self.links.append(attrs["href"])
        elif tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.text.append(attrs["value"].strip())  # a button's label (as test_no_english)
        if attrs.get("placeholder") and not self._hidden:
            self.text.append(attrs["placeholder"].strip())  # shown in the empty field

    def handle_endtag(self, tag):
        if tag in INVISIBLE and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.text.append(data.strip())


def visible_text(html: str) -> str:
    """The page's text as a reader sees it, one piece per line: text nodes outside scripts,
    styles and templates, buttons' values and fields' placeholders (what the no-English crawl,
    tests/test_no_english.py, reads too)."""
    page = _Page()
    page.feed(html)
    return "\n".join(page.text)


# Identifiers, not words: anything with a digit in it (6543**********123X, 2026-H1, a unified
# social credit code) and references of eight or more capitals and digits.
IDENTIFIER = re.compile(r"[A-Za-z0-9_*-]*\d[A-Za-z0-9_*-]*|\b[A-Z0-9]{8,}\b")


def latin_words(html: str, allowed=frozenset()) -> set[str]:
    """The Latin words of the visible text that are not identifiers nor in ``allowed``
    (compared lower-case)."""
    allowed = {word.lower() for word in allowed}
    text = IDENTIFIER.sub(" ", visible_text(html))
    return {w for w in LATIN_WORD.findall(text) if w.lower() not in allowed}


def local_links(html: str, base: str) -> list[str]:
    """The page's links to the app itself, absolute paths with their query, without fragments."""
    page = _Page()
    page.feed(html)
    found = []
    for href in page.links:
        url = urlsplit(urljoin(base, href))
        if url.scheme not in ("", "http") or url.netloc not in ("", "testserver"):
            continue
        found.append(url.path + (f"?{url.query}" if url.query else ""))
    return found
