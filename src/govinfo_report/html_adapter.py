"""Saved web pages → report text (extra ``html``: beautifulsoup4 + lxml).

Government sites wrap the report in navigation, share bars, scripts and
footers, publish tables with ``rowspan``/``colspan``, and still serve many pages
in GB2312/GBK. This module finds the article body, keeps paragraph breaks and
turns every ``<table>`` into pipe rows (one ``<tr>`` a line, each ``<td>`` once,
in document order), which is what the table reader places values from.
"""

from __future__ import annotations

import codecs
import itertools
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from .adapters import least_replaced, table_lines
from .errors import require

__all__ = [
    "MAX_DEPTH",
    "cell_text",
    "declared_charset",
    "decode_html",
    "find_article",
    "html_to_text",
    "markup_from_script",
]

#: Elements nested deeper than this are flattened into their ancestor (their text kept, a block
#: boundary kept as a line break). Real pages nest 10–30 deep; 1,000 unclosed ``<b>`` or 100,000
#: ``<div>`` would otherwise make every walk of the tree quadratic or overflow the stack.
MAX_DEPTH = 64

# ------------------------------------------------------------------ decoding
_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
#: Chinese legacy encodings all decode as their superset GB18030 (GB2312 pages use GBK characters).
_GB_FAMILY = frozenset(
    {
        "gb2312",
        "gbk",
        "gb18030",
        "hz-gb-2312",
        "x-gbk",
        "cp936",
        "ms936",
        "euc-cn",
        "gb_2312-80",
        "csgb2312",
        "chinese",
        "iso-ir-58",
        "windows-936",
    }
)


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares (XML declaration or ``<meta>``), as a Python codec name."""
    head = data[:8192]
    for rx in (_XML_ENCODING, _META_CHARSET):
        for m in rx.finditer(head):
            name = m.group(1).decode("ascii", "replace").strip().lower()
            if name in _GB_FAMILY:
                return "gb18030"
            if name in ("big5", "big5-hkscs", "x-x-big5", "cn-big5"):
                return "big5hkscs"
            try:
                return codecs.lookup(name).name
            except LookupError:
                continue
    return None


def decode_html(data: bytes) -> str:
    """Text of a page: BOM first, then UTF-8 when the bytes are valid UTF-8 (browsers
    re-save GBK pages as UTF-8 and keep the old ``<meta>``), then the declared charset,
    then GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    charset = declared_charset(data)
    for name in (charset, "gb18030"):
        if not name:
            continue
        try:
            return data.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
    # a few bad bytes: the encoding that needs the fewest replacements (the parser reports them)
    return least_replaced(data, tuple(dict.fromkeys([charset or "gb18030", "utf-8", "gb18030"])))


# ------------------------------------------------------------------ HTML held in a JavaScript string
_QUOTES = re.compile(r"""["'`]""")
_MARKUP_IN_STRING = re.compile(r"<(?:p|table|div|span|br|tr|td)\b", re.IGNORECASE)
_JS_ESCAPE = re.compile(r"""\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|\r?\n|.)""", re.DOTALL)
_SURROGATE = re.compile("[\ud800-\udfff]")
_JS_SIMPLE = {"n": "\n", "t": "\t", "r": "", "b": "", "f": "", "v": "", "0": ""}


def _js_string_spans(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each JavaScript string literal (quotes included), left to right, in linear time.

    A literal runs from a quote to the next quote of the same kind that is not escaped, that is
    not preceded by an odd run of backslashes (the regex this replaces tried every quote against
    the rest of the text, quadratic on ``"\\"\\"\\"…``). An unclosed quote starts nothing.
    """
    closers: dict[str, list[int]] = {'"': [], "'": [], "`": []}
    quotes: list[int] = []
    prev = -1
    for m in _QUOTES.finditer(text):
        j = m.start()
        gap = text[prev + 1 : j]
        if (len(gap) - len(gap.rstrip("\\"))) % 2 == 0:
            closers[text[j]].append(j)
        quotes.append(j)
        prev = j
    nxt = dict.fromkeys(closers, 0)  # per kind: index of the first closer not yet passed
    pos = 0
    for i in quotes:
        if i < pos:
            continue
        q = text[i]
        ends = closers[q]
        k = nxt[q]
        while k < len(ends) and ends[k] <= i:
            k += 1
        nxt[q] = k
        if k < len(ends):
            yield i, ends[k] + 1
            pos = ends[k] + 1


def _code_point(value: int) -> str:
    """A character from an escape; one that is no character (past U+10FFFF) becomes U+FFFD."""
    return chr(value) if value <= 0x10FFFF else "\ufffd"


def _unescape_js(body: str) -> str:
    def repl(m: re.Match[str]) -> str:
        esc = m.group(1)
        if esc.startswith("u{"):
            return _code_point(int(esc[2:-1], 16))
        if esc[0] in "ux" and len(esc) > 1:
            return _code_point(int(esc[1:], 16))
        if esc in ("\n", "\r\n"):
            return ""  # a line continuation
        return _JS_SIMPLE.get(esc, esc)

    out = _JS_ESCAPE.sub(repl, body)
    if _SURROGATE.search(out):
        # JS strings are UTF-16: a pair of escapes is one character, a lone half is none
        out = out.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return out


def markup_from_script(text: str) -> str | None:
    """The HTML a JavaScript data file carries in a string (``let content = "<p…"``).

    Some sites serve the article as a script whose last statement assigns the
    page body to a variable, with quotes escaped; the longest string literal that
    holds markup is the article.
    """
    best: tuple[int, int] | None = None
    for start, end in _js_string_spans(text):
        if end - start - 2 < 200 or (best is not None and end - start <= best[1] - best[0]):
            continue
        if _MARKUP_IN_STRING.search(text, start + 1, end - 1):
            best = (start, end)
    return _unescape_js(text[best[0] + 1 : best[1] - 1]) if best is not None else None


_TAG_AT_START = re.compile(
    r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|div|p|table)\b", re.IGNORECASE | re.DOTALL
)


def _page_markup(text: str) -> str:
    """The page as HTML: itself, or the HTML inside a JavaScript data file."""
    if not _TAG_AT_START.match(text):
        inner = markup_from_script(text)
        if inner is not None:
            return inner
    return text


# ------------------------------------------------------------------ tree helpers
_DROP_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "object",
        "embed",
        "svg",
        "canvas",
        "input",
        "button",
        "select",
        "textarea",
        "nav",
        "footer",
        "aside",
        "head",
        "title",
        "meta",
        "link",
        "map",
        "video",
        "audio",
        "img",
        "xml",  # not <form>: ASP.NET pages wrap the whole page in one
    }
)
_BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "center",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "html",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "ul",
        "caption",
        "table",
        "tr",
        "tbody",
        "thead",
        "tfoot",
        "td",
        "th",
        "form",
    }
)
#: class/id words of page chrome: share bars, breadcrumbs, print/close links, font-size pickers, footers …
_CHROME_WORD = re.compile(
    r"(?:^|[-_\s])(?:share|sharebar|bdshare|jiathis|fenxiang|bshare|social|print|dayin|close|guanbi|"
    r"fontsize|font-size|zihao|zh?size|breadcrumbs?|crumbs?|position|location|weizhi|dqwz|nav|navbar|menu|"
    r"footer|foot|copyright|banquan|sidebar|related|xgwz|xgxx|comment|pinglun|qrcode|erweima|ewm|toolbar|"
    r"pager|pagination|login|search|sousuo|skip|topbar|top-bar|ad|ads|advert|banner|prevnext|prev-next|"
    r"shangxia|wza|barrier|aria)(?:$|[-_\s\d])",
    re.IGNORECASE,
)
_CJK = "\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
#: A source line break between two CJK characters renders as nothing (CSS Text 3 segment-break rules).
_SEGMENT_CJK = re.compile(rf"(?<=[{_CJK}])[ \t]*\n[\s]*(?=[{_CJK}])")
_WS = re.compile(r"[\s\u3000\xa0\u200b\ufeff]+")
_PUNCT = re.compile(r"[,，。.;；:：、!！?？]")


def _require_bs4() -> Any:
    return require("bs4", "html", "beautifulsoup4")


def _parser_name() -> str:
    require("lxml", "html")
    return "lxml"


@lru_cache(maxsize=1)
def _capped_builder() -> type:
    """lxml's HTML tree builder, nesting at most :data:`MAX_DEPTH` elements deep.

    Deeper elements are not made: their text goes to the deepest element kept, a block
    element's start and end become a ``<br>`` (so its lines stay lines), and what a dropped
    element holds (a script, a style) stays dropped. Done while parsing, so it is linear.
    """
    from bs4.builder._lxml import LXMLTreeBuilder  # where it is defined (bs4.builder re-exports it when lxml is there)

    class DepthCappedBuilder(LXMLTreeBuilder):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._open: list[int] = []  # per open element: 0 made, 1 flattened, 2 flattened and muted
            self._made = 0
            self._muted = 0
            self._broke = False

        def start(self, tag: Any, attrib: Any, nsmap: Any = None) -> None:
            if self._made < MAX_DEPTH:
                self._open.append(0)
                self._made += 1
                super().start(tag, attrib, nsmap or {})
                return
            name = str(tag).lower()
            if self._muted or name in _DROP_TAGS:
                self._open.append(2)
                self._muted += 1
                return
            self._open.append(1)
            if name in _BLOCK_TAGS or name == "br":
                self._break()

        def end(self, tag: Any) -> None:
            state = self._open.pop() if self._open else 0
            if state == 0:
                self._made -= 1
                super().end(tag)
            elif state == 2:
                self._muted -= 1
            elif str(tag).lower() in _BLOCK_TAGS:
                self._break()

        def data(self, data: str | bytes) -> None:
            if not self._muted:
                self._broke = False
                super().data(data)

        def _break(self) -> None:
            if not self._broke:  # one break for a run of empty blocks
                super().start("br", {}, {})
                super().end("br")
                self._broke = True

    return DepthCappedBuilder


def _gone(tag: Any) -> bool:
    """Removed from the tree already (inside something decomposed before it).

    Not ``tag.decomposed``: on a live tag that reads ``tag._decomposed``, which bs4 turns into
    ``tag.find("_decomposed")``, a search of the whole subtree for every tag (quadratic).
    """
    return bool(tag.__dict__.get("_decomposed")) or tag.parent is None


def _attr_text(tag: Any, name: str) -> str:
    value = tag.get(name)
    if isinstance(value, list):
        return " ".join(value)
    return str(value) if value else ""


def _is_chrome(tag: Any) -> bool:
    """Page chrome by its class, id or style (share bars, breadcrumbs, hidden elements …)."""
    words = f"{_attr_text(tag, 'class')} {_attr_text(tag, 'id')}"
    if words.strip() and _CHROME_WORD.search(words):
        return True
    style = _attr_text(tag, "style").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


def _holds_article(tag: Any, total: int) -> bool:
    """Too big to be chrome (a ``print-area`` or ``content-ad`` class around the whole article)."""
    return _text_len(tag) > 0.3 * total or len(tag.find_all(["p", "tr"], limit=8)) >= 8


def _strip_chrome(root: Any, bs4: Any) -> None:
    """Remove scripts, navigation, share bars, footers and hidden elements, in place."""
    for node in list(root.descendants):
        if isinstance(
            node,
            bs4.element.Comment
            | bs4.element.Doctype
            | bs4.element.ProcessingInstruction
            | bs4.element.Declaration
            | bs4.element.CData,
        ):
            node.extract()
    total = max(_text_len(root), 1)
    for tag in _elements(root):
        if _gone(tag):
            continue
        if tag.name in ("body", "html"):
            continue
        if tag.name in _DROP_TAGS:
            tag.decompose()
        elif _is_chrome(tag) and not _holds_article(tag, total):
            tag.decompose()
    # lists of links (menus, "related articles", previous/next), innermost first
    linked = _holding_two_links(root)
    for tag in reversed(_elements(root, _LINK_LISTS)):
        if id(tag) not in linked or _gone(tag):
            continue
        if len(tag.find_all("a", limit=2)) == 2 and _link_density(tag) > 0.5:
            tag.decompose()


_LINK_LISTS = frozenset({"ul", "ol", "dl", "div", "table", "section", "td", "p"})


def _holding_two_links(root: Any) -> set[int]:
    """``id`` of every element with two or more ``<a>`` inside, in one pass (searching each
    element's subtree instead is quadratic in the depth of the page).

    Each link counts up its ancestors until one already holds two, whose ancestors then do too,
    so no element is counted more than twice.
    """
    count: dict[int, int] = {}
    for a in _elements(root, _A):
        node = a.parent
        while node is not None:
            k = count.get(id(node), 0)
            if k >= 2:
                break
            count[id(node)] = k + 1
            node = node.parent
    return {k for k, v in count.items() if v >= 2}


# ------------------------------------------------------------------ finding the article
def _text_len(tag: Any) -> int:
    return len(_WS.sub("", tag.get_text()))


def _link_len(tag: Any) -> int:
    return sum(len(_WS.sub("", a.get_text())) for a in _elements(tag, _A))


_PARAGRAPHS = ["p", "td", "th", "li", "pre", "h1", "h2", "h3", "h4", "div", "section", "article", "font", "span"]
_PARAGRAPH_SET = frozenset(_PARAGRAPHS)
_A = frozenset({"a"})


def _elements(tag: Any, names: frozenset[str] | None = None) -> list[Any]:
    """``tag.find_all(names)`` (every element when ``names`` is None) by a plain walk of its
    descendants: bs4 builds a search filter per call, which was most of a page's cost."""
    if names is None:
        return [d for d in tag.descendants if getattr(d, "name", None) is not None and not isinstance(d, str)]
    return [d for d in tag.descendants if getattr(d, "name", None) in names and not isinstance(d, str)]


def _has_descendant(tag: Any, names: frozenset[str]) -> bool:
    """``tag.find(names) is not None`` without building a bs4 search filter (the cost of the page)."""
    return any(getattr(d, "name", None) in names for d in tag.descendants)


def _in_link(tag: Any) -> bool:
    node = tag.parent
    while node is not None:
        if node.name == "a":
            return True
        node = node.parent
    return False


_BLOCKS_IN_CELL = frozenset({"table", "div", "p"})


def _score(tag: Any) -> float:
    """What one paragraph-like element adds: prose by its length and punctuation (menus and
    link lists score little), a table cell a little (a report's tables have hundreds)."""
    if tag.name in ("p", "pre", "li", "h1", "h2", "h3", "h4") or (
        tag.name in ("td", "th") and not _has_descendant(tag, _BLOCKS_IN_CELL)
    ):
        text = tag.get_text()
    else:
        text = "".join(c for c in tag.children if isinstance(c, str))  # its own strings (bs4's are str)
    text = _WS.sub("", text)
    if len(text) < 2 or _in_link(tag):
        return 0.0
    if tag.name in ("td", "th"):
        return 0.5 + min(len(text) / 20.0, 1.0)
    return 1.0 + len(_PUNCT.findall(text)) + min(len(text) / 100.0, 3.0)


def _scores(body: Any, own: dict[int, float] | None = None) -> tuple[dict[int, float], dict[int, Any]]:
    """Container scores: each paragraph's score flows to its container, halved to the next
    and quartered to the third (after readability); rows, tables and inline wrappers pass it
    on, so a body that is mostly tables still wins. ``own`` collects each paragraph's own score."""
    scores: dict[int, float] = {}
    tags: dict[int, Any] = {}
    container: dict[int, bool] = {}  # an ancestor is asked once, not once per paragraph under it
    for tag in _elements(body, _PARAGRAPH_SET):
        score = _score(tag)
        if own is not None:
            own[id(tag)] = score
        if not score:
            continue
        node = tag.parent
        weight = 1.0
        levels = 0
        while node is not None and levels < 3 and node.name not in ("html", "[document]"):
            is_box = container.get(id(node))
            if is_box is None:
                is_box = container[id(node)] = _is_container(node)
            if is_box:
                scores[id(node)] = scores.get(id(node), 0.0) + score * weight
                tags[id(node)] = node
                weight /= 2
                levels += 1
            node = node.parent
    return scores, tags


def _content(tag: Any, own: dict[int, float] | None = None) -> float:
    """All the paragraph scores inside ``tag`` (to compare an article with its siblings)."""
    return sum(_score(t) if own is None or id(t) not in own else own[id(t)] for t in _elements(tag, _PARAGRAPH_SET))


def find_article(body: Any) -> list[Any]:
    """The elements holding the report, in document order: the best-scoring container, and
    its siblings that carry report content too (a site that puts the tables in a ``<div>``
    beside the text), but not link lists."""
    own: dict[int, float] = {}
    scores, tags = _scores(body, own)
    if not scores:
        return [body]
    best_id = _best(scores, tags)
    best = tags[best_id]
    parent = best.parent
    if parent is None or best.name == "body":
        return [best]
    threshold = max(5.0, 0.2 * _content(best, own))
    nodes = []
    for sib in parent.children:
        if sib is best:
            nodes.append(sib)
        elif getattr(sib, "name", None) and _link_density(sib) < 0.3 and _content(sib, own) >= threshold:
            nodes.append(sib)
    return nodes


def _best(scores: dict[int, float], tags: dict[int, Any]) -> int:
    """``max(scores, key=score × (1 − link density))``, measuring link density (a walk of the
    container's whole text) only where the score could still win: highest scores first, until
    a score is below the best product found; ties go to the first in document order, as ``max``'s."""
    product: dict[int, float] = {}
    best = -1.0
    for k in sorted(scores, key=lambda k: -scores[k]):
        if scores[k] < best:
            break
        product[k] = scores[k] * (1.0 - _link_density(tags[k]))
        best = max(best, product[k])
    return next(k for k in scores if product.get(k) == best)


_CONTAINERS = frozenset({"div", "article", "section", "main", "body", "center", "blockquote", "form"})


def _is_container(tag: Any) -> bool:
    """An element that can hold an article: a block container, or a table cell used for
    page layout (one holding a nested table or several paragraphs)."""
    if tag.name in _CONTAINERS:
        return True
    if tag.name in ("td", "th"):
        n = 0
        for d in tag.descendants:
            name = getattr(d, "name", None)
            if name == "table":
                return True
            if name in ("p", "div", "br"):
                n += 1
        return n >= 4
    return False


def _link_density(tag: Any) -> float:
    total = _text_len(tag)
    return _link_len(tag) / total if total else 1.0


# ------------------------------------------------------------------ tree → lines
class _Lines:
    """Accumulates text runs into lines; a block boundary ends the current line."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.buf: list[str] = []

    def text(self, s: str) -> None:
        self.buf.append(s)

    def hard(self, s: str) -> None:
        """Text already normalised (a table row): a line of its own."""
        self.flush()
        self.lines.append(s)

    def flush(self) -> None:
        if self.buf:
            line = _clean_inline("".join(self.buf))
            if line:
                self.lines.append(line)
            self.buf = []


def _clean_inline(s: str) -> str:
    """Whitespace of one rendered line: source breaks between CJK vanish, runs become one space."""
    s = _SEGMENT_CJK.sub("", s)
    return _WS.sub(" ", s).strip()


def _is_layout_table(table: Any) -> bool:
    """A table used to lay out the page (nested tables, or one cell a row holding prose)."""
    if table.find("table") is not None:
        return True
    rows = _rows(table)
    if not rows:
        return True
    widest = max(len(_cells(r)) for r in rows)
    if widest <= 1:
        return True
    return False


def _rows(table: Any) -> list[Any]:
    out = []
    for child in table.children:
        name = getattr(child, "name", None)
        if name == "tr":
            out.append(child)
        elif name in ("tbody", "thead", "tfoot"):
            out.extend(c for c in child.children if getattr(c, "name", None) == "tr")
    return out


def _cells(row: Any) -> list[Any]:
    return [c for c in row.children if getattr(c, "name", None) in ("td", "th")]


def cell_text(cell: Any, bs4: Any) -> str:
    """A cell's text: its paragraphs and line breaks joined with one space."""
    acc = _Lines()
    _walk(cell, acc, bs4)
    acc.flush()
    return " ".join(acc.lines)


_SPAN = re.compile(r"\d+")


def _span(cell: Any, name: str, most: int) -> int:
    """A rowspan/colspan as a number, however it is quoted (``\\"5\\"`` in pages held in scripts),
    at most ``most``: the rows left in the table, or the cells in it (a span past the table's real
    size covers nothing, and ``rowspan=colspan=1000`` on every cell would otherwise fill gigabytes)."""
    m = _SPAN.search(_attr_text(cell, name)[:12])
    return max(1, min(int(m.group()), 1000, most)) if m else 1


def _positioned(table: Any, bs4: Any) -> list[list[tuple[float, float, str]]]:
    """Each row's cells with the grid columns they occupy (the HTML table model: a slot taken
    by a rowspan from above pushes the next cell right)."""
    rows = [_cells(row) for row in _rows(table)]
    n_cells = sum(len(r) for r in rows)
    busy: list[int] = []  # per grid column: the first row no rowspan from above covers
    out = []
    for r, cells_of_row in enumerate(rows):
        c = 0
        cells = []
        for cell in cells_of_row:
            while c < len(busy) and busy[c] > r:
                c += 1
            rs, cs = _span(cell, "rowspan", len(rows) - r), _span(cell, "colspan", n_cells)
            if len(busy) < c + cs:
                busy.extend([0] * (c + cs - len(busy)))
            for dc in range(cs):
                busy[c + dc] = max(busy[c + dc], r + rs)
            cells.append((float(c), float(c + cs), cell_text(cell, bs4)))
            c += cs
        out.append(cells)
    return out


def _table(table: Any, acc: _Lines, bs4: Any) -> None:
    if _is_layout_table(table):
        _walk(table, acc, bs4)
        return
    acc.flush()
    for line in table_lines(_positioned(table, bs4)):
        acc.hard(line)


_FLUSH = object()  # in a walk: end the current line here


def _layout_cells(table: Any) -> Iterator[Any]:
    """A layout table's cells as paragraphs: each cell's contents between two line ends."""
    for row in _rows(table):
        for cell in _cells(row):
            yield _FLUSH
            yield from cell.children
            yield _FLUSH


def _walk(node: Any, acc: _Lines, bs4: Any) -> None:
    """The text under ``node`` into ``acc``: a stack of iterators, not recursion (a page can nest
    deeper than Python's stack; see :data:`MAX_DEPTH`)."""
    skip = (
        bs4.element.Comment,
        bs4.element.Doctype,
        bs4.element.ProcessingInstruction,
        bs4.element.Declaration,
        bs4.element.CData,
    )
    stack: list[Iterator[Any]] = [_layout_cells(node) if node.name == "table" else iter(node.children)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            continue
        if child is _FLUSH:
            acc.flush()
            continue
        if isinstance(child, bs4.element.NavigableString):
            if not isinstance(child, skip):
                acc.text(str(child))
            continue
        name = child.name
        if name in _DROP_TAGS:
            continue
        if name == "br":
            acc.flush()
            continue
        if name == "table":
            if _is_layout_table(child):
                stack.append(_layout_cells(child))
            else:
                acc.flush()
                for line in table_lines(_positioned(child, bs4)):
                    acc.hard(line)
            continue
        if name in _BLOCK_TAGS:
            acc.flush()
            stack.append(itertools.chain(child.children, (_FLUSH,)))
        else:
            stack.append(iter(child.children))


# ------------------------------------------------------------------ the title outside the body
_TITLE_WORDS = re.compile(r"政府信息公开.{0,8}报告|年度报告|年报")
_TITLE_SPLIT = re.compile(r"\s*(?:[-_|—–]{1,2}|_{1,2})\s*")


def _is_title(text: str) -> bool:
    """A short line naming an annual report, not a sentence mentioning one."""
    return 6 <= len(text) <= 80 and bool(_TITLE_WORDS.search(text)) and not _PUNCT.search(text)


def _text_upto(tag: Any, most: int) -> str | None:
    """``tag.get_text()``, or None once it passes ``most`` characters (a title is short; the
    elements before the article are often its ancestors, whose text is the whole page)."""
    parts: list[str] = []
    n = 0
    for piece in tag.strings:
        n += len(piece)
        if n > most:
            return None
        parts.append(piece)
    return "".join(parts)


def _page_title(soup: Any, article: Any, first_lines: list[str]) -> str | None:
    """The report's title when the article body starts below it (an ``<h1>`` above the body
    or the page ``<title>``); None when the body already begins with it."""
    if any(_is_title(line) for line in first_lines[:3]):
        return None
    for h in article.find_all_previous(["h1", "h2", "h3", "h4", "div", "p", "span", "td", "b", "font"], limit=60):
        raw = _text_upto(h, 4096)
        text = _clean_inline(raw) if raw is not None else ""
        if _is_title(text):
            return text
    title = soup.find("title")
    if title is not None:
        for part in _TITLE_SPLIT.split(_clean_inline(title.get_text())):
            if _is_title(part.strip()):
                return part.strip()
    return None


def html_to_text(data: bytes | str) -> str:
    """The report text of a saved web page: paragraphs as lines, tables as pipe rows."""
    bs4 = _require_bs4()
    text = decode_html(data) if isinstance(data, bytes) else data
    markup = _page_markup(text)
    _parser_name()
    soup = bs4.BeautifulSoup(markup, builder=_capped_builder())
    root = soup.body or soup
    _strip_chrome(root, bs4)
    nodes = find_article(root)
    acc = _Lines()
    for node in nodes:
        acc.flush()
        if node.name == "table":
            _table(node, acc, bs4)
        else:
            _walk(node, acc, bs4)
    acc.flush()
    lines = acc.lines
    heading = _page_title(soup, nodes[0], lines)
    if heading:
        lines = [heading, *lines]
    return "\n".join(lines) + "\n"
