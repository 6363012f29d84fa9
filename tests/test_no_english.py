"""No English reaches a user: a crawl of the demo data as each role of the app.

Loads the demo data (``seed_demo``) and builds a report, then, logged in as community staff, the
civil-affairs officer and a town official, requests every page reachable from the home page
(same-origin links, breadth first) and every URL pattern of the URLconf with objects of the demo
data, and every export (``?export=xlsx``). It reads what a person sees — the text of a page (not
its attributes, scripts or styles), every cell and sheet title of a workbook, the text of a PDF —
and lists each Latin word that is not on the short allowlist below (docs/i18n.md explains it).

Nothing here names a page: pages come from the links and the URLconf, so a page added tomorrow is
crawled too. Each URL pattern is requested for at most ``PER_PATTERN`` objects, and each set of
query-string keys once per pattern, to keep the crawl to a few minutes on SQLite.
"""

import io
import re
import shutil
import subprocess
import tempfile
from collections import defaultdict, deque
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import Resolver404, resolve, reverse
from openpyxl import load_workbook

from tests.conftest import require_service
from tests.scope_walk import ALL_PATTERNS, allowed_methods, model_for

ROLES = {
    "community staff": "staff_ehe",
    "civil-affairs officer": "minzheng",
    "town official": "official",
}
PER_PATTERN = 3
SKIPPED_PREFIXES = ("/admin/", "/accounts/logout/", "/static/")

# The allowlist (docs/i18n.md). Words: file formats and the one key the offices call by their
# Latin name, and MB. Everything else Latin a page may show is data, allowed by its format here or
# by its value in ``data_identifiers``, never by a word.
ALLOWED_WORDS = {"xlsx", "xls", "pdf", "csv", "jpg", "jpeg", "png", "excel", "mb", "tab"}
DATA_FORMATS = re.compile(
    "|".join(
        [
            r"[\d*]{17}[\dX]",  # 身份证号, full or masked (6543**********123X)
            r"[0-9A-HJ-NPQRTUWXY]{18}",  # 统一社会信用代码 (GB 32100)
            r"[2-9A-HJ-NP-Z]{10}",  # a payment's 参考号 (welfare.models.REFERENCE_ALPHABET)
            r"\d{4}-H[12]",  # a half-year period as typed into the report form (2026-H1)
        ]
    )
)
TOKEN = re.compile(r"[A-Za-z0-9_*]+(?:-[A-Za-z0-9_*]+)*")
LATIN = re.compile(r"[A-Za-z]")


def data_identifiers() -> set[str]:
    """Latin text that is data of the demo town, shown as it is stored: program codes (项目代码,
    typed into imports; listed on the catalogue page), residents' names in pinyin and their
    initials (the search hint and the resident page), training certificate numbers."""
    model = apps.get_model
    values = set(model("welfare", "Program").objects.values_list("code", flat=True))
    for name, initials in model("communities", "Resident").objects.values_list(
        "name_pinyin", "name_initials"
    ):
        values |= {name, initials}
    values |= set(model("employment", "Trainee").objects.values_list("certificate_no", flat=True))
    return {value for value in values if value}


def english_words(text: str, identifiers: set[str]) -> set[str]:
    """The tokens of a text that hold a Latin letter and are neither data nor on the allowlist."""
    return {
        token
        for token in TOKEN.findall(text)
        if LATIN.search(token)
        and token not in identifiers
        and token.lower() not in ALLOWED_WORDS
        and not DATA_FORMATS.fullmatch(token)
    }


class VisibleText(HTMLParser):
    """The text a browser shows: text nodes outside <script>, <style> and <template>, plus the
    labels of buttons given as ``value`` and the placeholders of fields (shown in the field)."""

    HIDDEN = {"script", "style", "template"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.links, self._hidden = [], [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in self.HIDDEN:
            self._hidden += 1
        elif tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.parts.append(attrs["value"])
        if attrs.get("placeholder"):
            self.parts.append(attrs["placeholder"])

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def content_of(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return bytes(response.content)


def workbook_texts(content: bytes) -> list[str]:
    """Every sheet title and text cell, less the cells of a column headed …代码 (a code column of
    an import template or export: 社区代码, 项目代码 — identifiers typed into imports)."""
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    texts = []
    for sheet in workbook.worksheets:
        texts.append(sheet.title)
        codes = set()
        for number, row in enumerate(sheet.iter_rows(values_only=True)):
            if number == 0:
                codes = {i for i, v in enumerate(row) if isinstance(v, str) and v.endswith("代码")}
            texts += [v for i, v in enumerate(row) if isinstance(v, str) and i not in codes]
    return texts


def pdf_text(content: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(content)
        pdf.flush()
        return subprocess.run(
            ["pdftotext", "-enc", "UTF-8", pdf.name, "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout


def pattern_of(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.namespace == "admin":
        return None
    return match.view_name


class Crawl:
    """One role's walk: the queue of URLs, what was requested per pattern, what was found."""

    def __init__(self, client, role, identifiers):
        self.client, self.role, self.identifiers = client, role, identifiers
        self.seen_urls, self.per_pattern = set(), defaultdict(int)
        self.seen_queries = set()
        self.queue = deque()
        self.hits = defaultdict(set)  # url → words
        self.kinds = defaultdict(int)  # html / xlsx / pdf → how many were read
        self.files = set()  # the URL patterns whose workbook or PDF was read

    def add(self, url: str):
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            return
        if parts.path.startswith(SKIPPED_PREFIXES):
            return
        name = pattern_of(parts.path)
        if name is None:
            return
        url = parts.path + (f"?{parts.query}" if parts.query else "")
        if url in self.seen_urls:
            return
        if parts.query:
            keys = (name, frozenset(k for k, _v in parse_qsl(parts.query, keep_blank_values=True)))
            if keys in self.seen_queries:
                return
            self.seen_queries.add(keys)
        else:
            if self.per_pattern[name] >= PER_PATTERN:
                return
            self.per_pattern[name] += 1
        self.seen_urls.add(url)
        self.queue.append(url)

    def run(self):
        while self.queue:
            self.visit(self.queue.popleft())

    def visit(self, url: str):
        response = self.client.get(url)
        if response.status_code in (301, 302, 303):
            self.add(response["Location"])
            return
        assert response.status_code < 500, f"{self.role}: GET {url} answered {response.status_code}"
        if response.status_code != 200:
            return
        content_type = response.get("Content-Type", "")
        content = content_of(response)
        if content.startswith(b"PK\x03\x04"):
            self.kinds["xlsx"] += 1
            self.files.add(pattern_of(urlsplit(url).path))
            self.check(url, "\n".join(workbook_texts(content)))
        elif content.startswith(b"%PDF"):
            self.kinds["pdf"] += 1
            self.files.add(pattern_of(urlsplit(url).path))
            self.check(url, pdf_text(content))
        elif "html" in content_type:
            self.kinds["html"] += 1
            parser = VisibleText()
            parser.feed(content.decode(response.charset or "utf-8"))
            self.check(url, " ".join(parser.parts))
            for link in parser.links:
                self.add(link)
            self.add(_with_query(url, {"export": "xlsx"}))

    def check(self, url: str, text: str):
        words = english_words(text, self.identifiers)
        if words:
            self.hits[url] |= words


def _with_query(url: str, query: dict) -> str:
    parts = urlsplit(url)
    pairs = parse_qsl(parts.query, keep_blank_values=True) + list(query.items())
    return f"{parts.path}?{urlencode(pairs)}"


def pattern_urls(user) -> list[str]:
    """Every URL pattern that answers GET, resolved with up to ``PER_PATTERN`` objects of the
    demo data that the user may see (the newest ones)."""
    urls = []
    for name, pattern in ALL_PATTERNS:
        if "GET" not in (allowed_methods(pattern.callback) or {"GET"}):
            continue
        converters = pattern.pattern.converters
        if not converters:
            urls.append(reverse(name))
            continue
        label = model_for(name)
        if label is None:
            continue
        manager = apps.get_model(label)._default_manager
        queryset = manager.visible_to(user) if hasattr(manager, "visible_to") else manager.all()
        for pk in queryset.order_by("-pk").values_list("pk", flat=True)[:PER_PATTERN]:
            urls.append(reverse(name, kwargs=dict.fromkeys(converters, pk)))
    return urls


@pytest.fixture
def demo_town(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=io.StringIO())
    month = (
        apps.get_model("welfare", "Disbursement")
        .objects.order_by("-period")
        .values_list("period", flat=True)
        .first()
    )
    call_command("build_report", f"{month:%Y-%m}", stdout=io.StringIO())
    call_command("build_report", f"{month:%Y-%m}", community="ehe", stdout=io.StringIO())


def test_no_page_export_or_report_shows_english_to_any_role(client, demo_town):
    require_service(bool(shutil.which("pdftotext")), "pdftotext (poppler-utils) reads the PDFs")
    identifiers = data_identifiers()
    found, counted, files = [], {}, {}
    for role, username in ROLES.items():
        user = get_user_model().objects.get(username=username)
        client.force_login(user)
        crawl = Crawl(client, role, identifiers)
        crawl.add("/")
        crawl.run()
        for url in pattern_urls(user):
            crawl.add(url)
            crawl.add(_with_query(url, {"export": "xlsx"}))
        crawl.run()
        counted[role] = dict(crawl.kinds, urls=len(crawl.seen_urls))
        files[role] = crawl.files
        found += [f"{role}: {url}: {' '.join(sorted(words))}" for url, words in crawl.hits.items()]
        client.logout()
    print(counted)
    # The crawl reaches every kind of thing it reads, for every role.
    for role, kinds in counted.items():
        assert kinds.get("html", 0) > 50 and kinds.get("xlsx", 0) > 5, (role, kinds)
    # The built report's XLSX and PDF, and the list exports, are among the files read.
    assert {"reports:report_xlsx", "reports:report_pdf"} <= files["town official"], files
    assert {"communities:resident_list", "community_services:servicerecord_list"} <= files[
        "community staff"
    ], files
    assert not found, f"{len(found)} pages show English:\n" + "\n".join(sorted(found))


def test_the_check_lets_data_and_file_formats_through_and_nothing_else():
    page = (
        "<html><head><title>服务记录</title><style>.a{color:red}</style></head><body>"
        '<a href="/x" title="Edit">编辑</a><script>var x = "hidden";</script>'
        "<p>free: 190 low_fee: 105 paid: 13</p><p>导出（XLSX）、PDF · .xlsx · 5 MB · Tab 键</p>"
        "<p>6543**********123X 654321196610264354 91654321MA79XKQ12B 参考号 L7SB9J6UDW 2026-H1</p>"
        "<p>dibao_urban zhangsan 60 h</p><input type=submit value='Save'>"
        "<input name=q placeholder='Search'></body></html>"
    )
    parser = VisibleText()
    parser.feed(page)
    words = english_words(" ".join(parser.parts), {"dibao_urban", "zhangsan"})
    assert words == {"free", "low_fee", "paid", "h", "Save", "Search"}
    assert parser.links == ["/x"]
