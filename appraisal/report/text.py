"""Report sections are Markdown written by officers: turned into HTML, then sanitised to an allow-list of tags.

`markdown` (Python-Markdown) does not strip raw HTML typed into the text, so `nh3` (the Rust ammonia sanitiser)
removes anything that is not plain document structure: no scripts, styles, images or event handlers.

Links: only absolute http(s) and mailto links keep their address. A relative or scheme-relative one (`.`, `foo.pdf`,
`//host/x`) would be resolved by WeasyPrint against the folder the app runs from and become a `file://` link in
the PDF, showing the server's path (issue 13); it stays as plain text instead.

A section is also kept to a size a cabinet report can hold (MAX_SECTION_CHARS, MAX_TABLE_ROWS): an 8,000-row
Markdown table took WeasyPrint 58 s and 880 MB to lay out (issue 13). The form and the service both check it.
"""

import re
from urllib.parse import urlsplit

import markdown
import nh3
from django.core.exceptions import ValidationError

ALLOWED_TAGS = {"p", "ol", "ul", "li", "strong", "em", "a", "br", "h3", "h4", "table", "thead", "tbody", "tr", "th",
                "td", "blockquote", "code"}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href"}, "th": {"scope"}, "ol": {"start"}}

# About six pages of text; the longest generated section is some 1,200 characters.
MAX_SECTION_CHARS = 20_000
# A table of a hundred rows is two or three pages; anything longer belongs in a separate appendix.
MAX_TABLE_ROWS = 100
TOO_LONG = "Keep this section to {limit:,} characters or fewer: it has {count:,}. Put long material in an appendix."
TOO_MANY_ROWS = (
    "Keep tables in this section to {limit:,} rows or fewer: it has {count:,}. Put long tables in an appendix."
)

# A table row in Markdown is a line with a pipe in it (the tables extension needs one on every row); the line of
# dashes under the header row is not a row.
_TABLE_LINE = re.compile(r"^.*\|.*$", re.M)
_RULE_LINE = re.compile(r"^[\s|:-]*-[\s|:-]*$")


def _safe_href(value: str) -> str | None:
    """The link's address if it is an absolute http(s) link to a host, or a mailto link; None drops it."""
    if any(c.isspace() or c == "\\" or ord(c) < 32 for c in value):
        return None
    try:
        url = urlsplit(value)
    except ValueError:
        return None
    scheme = url.scheme.lower()
    if scheme in {"http", "https"} and url.netloc and value.lower().startswith(f"{scheme}://"):
        return value
    if scheme == "mailto" and url.path:
        return value
    return None


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "a" and attribute == "href":
        return _safe_href(value)
    return value


def markdown_to_html(text: str) -> str:
    html = markdown.markdown(text or "", extensions=["tables", "sane_lists"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"https", "http", "mailto"},
        attribute_filter=_attribute_filter,
    )


def validate_section(text: str) -> None:
    """Raise ValidationError if the section is longer than a cabinet report can hold."""
    text = text or ""
    problems = []
    if len(text) > MAX_SECTION_CHARS:
        problems.append(ValidationError(TOO_LONG.format(limit=MAX_SECTION_CHARS, count=len(text)), code="too_long"))
    rows = sum(1 for line in _TABLE_LINE.findall(text) if not _RULE_LINE.match(line))
    if rows > MAX_TABLE_ROWS:
        problems.append(ValidationError(TOO_MANY_ROWS.format(limit=MAX_TABLE_ROWS, count=rows), code="too_many_rows"))
    if problems:
        raise ValidationError(problems)
