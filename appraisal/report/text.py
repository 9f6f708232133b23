"""Report sections are Markdown written by officers: turned into HTML, then sanitised to an allow-list of tags.

`markdown` (Python-Markdown) does not strip raw HTML typed into the text, so `nh3` (the Rust ammonia sanitiser)
removes anything that is not plain document structure: no scripts, styles, images or event handlers.
"""

import markdown
import nh3

ALLOWED_TAGS = {"p", "ol", "ul", "li", "strong", "em", "a", "br", "h3", "h4", "table", "thead", "tbody", "tr", "th",
                "td", "blockquote", "code"}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href"}, "th": {"scope"}, "ol": {"start"}}


def markdown_to_html(text: str) -> str:
    html = markdown.markdown(text or "", extensions=["tables", "sane_lists"], output_format="html")
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes={"https", "http", "mailto"})
