"""Reading a page as its user does: a table's cells, an element by its id, the text without tags."""

import html as htmllib
import re


def cells(html: str, table_id: str) -> list[list[str]]:
    """The text of each row's cells in one table, as a user reads it."""
    table = re.search(rf'<table[^>]*id="{table_id}".*?</table>', html, re.S).group(0)
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)
    out = []
    for row in rows:
        texts = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        out.append([re.sub(r"\s+", " ", t) for t in texts])
    return out


def fragment(html: str, element_id: str) -> str:
    """The element with that id, to its closing tag (tags of its own kind are not nested in the grid)."""
    match = re.search(rf'<(\w+)[^>]*\bid="{element_id}"[^>]*>.*?</\1>', html, re.S)
    assert match, f"no element with id {element_id}"
    return match.group(0)


def text(response) -> str:
    """The page as a reader sees it: tags dropped, spaces collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", "", html, flags=re.S)
    return htmllib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace(" .", ".").strip())


def hidden_fields(response) -> dict[str, str]:
    """Every named input of the page's form and its value, as the browser would send it."""
    html = response.content.decode()
    return dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html))
