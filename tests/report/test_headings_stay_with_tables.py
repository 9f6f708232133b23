"""The cabinet report PDF never leaves a heading, or a table's caption, alone at the foot of a page.

A new-user review found "Implementation costs" and its table's caption alone at the foot of page 13 of the
Darlington & Hartlepool report, the table starting on page 14. Here each heading of the report and the table it
introduces, in the report's own HTML and stylesheet, is laid out after a spacer that puts the foot of the page in the
middle of the table's first row: the heading, the caption and that row go over to the next page together. Only those
parts are laid out (not the whole report), so the test is quick.
"""

import re

import pytest
from weasyprint import HTML

from appraisal.report.render import report_html
from appraisal.report.selectors import cabinet_report_data

pytestmark = pytest.mark.django_db

# The test's own page geometry, after the report's stylesheet: A4, so the foot of the page is 297 - 20 mm down.
PAGE = "<style>@page { size: A4; margin: 20mm; }</style>"
FOOT_PX = (297 - 20) * 96 / 25.4
HEADING = re.compile(r"<h([34])\b[^>]*>(.*?)</h\1>", re.S)
# What ends the part of the report a heading introduces: the next heading, a chart or the end of its section.
SECTION_END = re.compile(r"<h[234][\s>]|<figure|</?section")


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).replace("&#x27;", "'").replace("&amp;", "&").strip()


def _with_id(opening_tag: str, new_id: str) -> tuple[str, str]:
    """The tag with an id (its own if it has one: the stylesheet styles some tables by id) and that id."""
    own = re.search(r'\sid="([^"]+)"', opening_tag)
    if own:
        return opening_tag, own.group(1)
    return opening_tag[:-1] + f' id="{new_id}">', new_id


def heading_parts(html: str) -> list[dict]:
    """Each h3/h4 followed by a table before the next heading or chart: the heading's text, whether the table
    follows it directly (no paragraph between), and the markup from the heading to the end of the table with an id
    on the heading, the element after it, the caption and the table's first and last rows."""
    body = html[html.index("<body") :]
    parts = []
    for n, m in enumerate(HEADING.finditer(body)):
        rest = body[m.end() :]
        end = SECTION_END.search(rest)
        rest = rest[: end.start() if end else len(rest)]
        if "<table" not in rest:
            continue
        between = rest[: rest.index("<table")]
        rest = rest[: rest.index("</table>") + len("</table>")]
        ids = {}
        heading, ids["heading"] = re.sub(r"^<h([34])[^>]*>", rf'<h\1 id="h{n}">', m.group(0)), f"h{n}"
        after = re.search(r"<(?!/)[^>]+>", rest)
        tag, ids["after"] = _with_id(after.group(0), f"a{n}")
        rest = rest[: after.start()] + tag + rest[after.end() :]
        for key, pattern in (("caption", r"<caption[^>]*>"), ("first_row", r"<tbody[^>]*>\s*(<tr[^>]*>)")):
            found = re.search(pattern, rest)
            start, stop = found.span(found.lastindex or 0)
            tag, ids[key] = _with_id(rest[start:stop], f"{key}{n}")
            rest = rest[:start] + tag + rest[stop:]
        last = rest.rindex("<tr")
        tag, ids["last_row"] = _with_id(rest[last : rest.index(">", last) + 1], f"last{n}")
        rest = rest[:last] + tag + rest[rest.index(">", last) + 1 :]
        markup = heading + rest + "</div>" * (rest.count("<div") - rest.count("</div>"))
        direct = re.fullmatch(r'\s*(<div class="keep">)?\s*', between) is not None
        parts.append({"name": _text(m.group(2)), "markup": markup, "ids": ids, "direct": direct})
    return parts


def layout(head: str, parts: list[dict], spacers: list[float]) -> dict[str, tuple[int, float, float]]:
    """Each part on a page of its own after a spacer (px): every marked element's page, top and bottom."""
    body = "".join(
        f'<div style="break-before: page; height: {spacer}px"></div>{part["markup"]}'
        for part, spacer in zip(parts, spacers, strict=True)
    )
    document = HTML(string=f'{head}{PAGE}</head><body><section class="section">{body}</section></body></html>')
    where: dict[str, tuple[int, float, float]] = {}
    for number, page in enumerate(document.render().pages):
        for anchor, (_, top, _, bottom) in page.anchors.items():
            where.setdefault(anchor, (number, top, bottom))
    return where


def pages_with_foot_in_first_row(html: str) -> dict[str, dict[str, int]]:
    """For each heading, the pages of its marked elements when the page's foot falls in its table's first row."""
    parts = heading_parts(html)
    head = html[: html.index("</head>")]
    at_top = layout(head, parts, [0] * len(parts))
    spacers = []
    for part in parts:
        _, top, bottom = at_top[part["ids"]["first_row"]]
        spacers.append(max(0.0, FOOT_PX - (top + bottom) / 2))
    placed = layout(head, parts, spacers)
    return {
        part["name"]: {key: placed[anchor][0] for key, anchor in part["ids"].items()} | {"direct": part["direct"]}
        for part in parts
    }


_REPORT: dict[str, str] = {}


@pytest.fixture
def report(dh_appraisal) -> str:
    """The demo report's HTML as the PDF is made from it, worked out once per test worker."""
    if "html" not in _REPORT:
        _REPORT["html"] = report_html(cabinet_report_data(appraisal=dh_appraisal), for_pdf=True)
    return _REPORT["html"]


def test_no_heading_or_caption_is_left_alone_at_the_foot_of_a_page(report):
    pages = pages_with_foot_in_first_row(report)
    # The review's case, and a heading with a short paragraph introducing its table.
    assert pages["Implementation costs"]["heading"] == pages["Implementation costs"]["first_row"]
    plan = pages["Against each council's medium-term financial plan"]
    assert plan["heading"] == plan["after"] == plan["first_row"]
    assert len(pages) >= 10, sorted(pages)
    for name, p in pages.items():
        assert p["caption"] == p["first_row"], f"{name}: the table's caption is alone at the foot of a page"
        assert p["heading"] == p["after"], f"{name}: the heading is alone at the foot of a page"
        if p["direct"]:
            assert p["heading"] == p["first_row"], f"{name}: the heading and its table are on different pages"


def test_a_table_longer_than_the_space_left_starts_under_its_heading_and_breaks_between_rows(report):
    """Keeping a heading with its table does not make a long table unbreakable (which would leave most of a page
    empty): with the foot of the page half-way down the table, it starts on the heading's page and ends on the next."""
    (part,) = [p for p in heading_parts(report) if p["name"] == "Against each council's medium-term financial plan"]
    head = report[: report.index("</head>")]
    at_top = layout(head, [part], [0])
    first, last = at_top[part["ids"]["first_row"]], at_top[part["ids"]["last_row"]]
    assert first[0] == last[0] == 0
    placed = layout(head, [part], [FOOT_PX - (first[1] + last[2]) / 2])
    pages = {key: placed[anchor][0] for key, anchor in part["ids"].items()}
    assert pages == {"heading": 0, "after": 0, "caption": 0, "first_row": 0, "last_row": 1}
