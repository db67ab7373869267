"""Saved web pages → report text (extra ``html``: beautifulsoup4 + lxml).

Government sites wrap the report in navigation, share bars, scripts and
footers, publish tables with ``rowspan``/``colspan``, and still serve many pages
in GB2312/GBK. This module finds the article body, keeps paragraph breaks and
turns every ``<table>`` into pipe rows (one ``<tr>`` a line, each ``<td>`` once,
in document order), which is what the table reader places values from.

The page is read with lxml: its parser builds the tree in C and its iterators walk it. The text
is, byte for byte, the one this module gave when BeautifulSoup built and walked the tree (from
the same lxml parser's events); see the notes above :func:`_parse` for what that takes.
"""

from __future__ import annotations

import codecs
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


@lru_cache(maxsize=1)
def _etree() -> Any:
    return require("lxml.etree", "html", "lxml")


# ------------------------------------------------------------------ the tree
# The page is parsed by lxml into its own tree (C code, no Python object per node) and read with
# lxml's iterators. The text is the one the BeautifulSoup version of this module gave, byte for
# byte, so the tree is made to hold what BeautifulSoup kept of the same lxml parse:
#
# * a string of ASCII whitespace only becomes one "\n" (if it has one) or one " ", outside
#   <pre>/<textarea>;
# * strings inside <rt>, <rp>, <style>, <script> and <template> are not the page's text to
#   ``get_text()`` (but are walked, as bs4's were);
# * class="a  b" reads "a b"; an attribute named ``{ns}name`` is ``name``;
# * elements below MAX_DEPTH are flattened while parsing (:class:`_CappedTarget`).
#
# lxml's own tree differs from what BeautifulSoup built from lxml's events in a few places, and
# there the page is parsed again through :class:`_CappedTarget` (events, like bs4, but into an
# lxml tree): a tree deeper than MAX_DEPTH (libxml2 also stops a tree at 256 levels, and a text
# node at 10 MB, where events go on), a <!DOCTYPE> after the start (bs4 kept it as a string
# that splits the text around it), and an attribute whose name starts with "{".
_ASCII_SPACES = " \n\t\x0c\r"
_STRING_CONTAINERS = frozenset({"rt", "rp", "style", "script", "template"})
_PRESERVE_WS = frozenset({"pre", "textarea"})
#: The element standing for the document when a page has several top-level elements (content
#: after ``</html>``) or was parsed through events; no parsed tag is upper case.
_DOC = "DOCUMENT"
_XML_NS = "http://www.w3.org/XML/1998/namespace"
_NONWS = re.compile(r"\S+")
_DOCTYPE = re.compile(r"<!doctype", re.IGNORECASE)
#: What may come before a <!DOCTYPE> that is still at the top of the document.
_PROLOG = re.compile(r"(?:[ \t\n\r\x0c]+|<!--[^<>-]*-->|<\?[^<>]*>)*\Z")
#: Characters past which a text node could pass libxml2's 10,000,000 bytes (4 bytes a character).
_TREE_TEXT_CHARS = 2_400_000
_TOO_DEEP = "boolean(" + "/*" * (MAX_DEPTH + 1) + ")"
#: An attribute named ``{namespace}local`` is ``local`` to bs4 (read here: class, id, style and spans).
_NS_ATTR = re.compile(r"\}(?:class|id|style|rowspan|colspan)", re.IGNORECASE)
#: Tag names lxml will not make (libxml2 will): renamed, as none of them is a name read here.
_BAD_NAME = re.compile("[&<>/\"'\x00-\x20\ud800-\udfff\ufffe\uffff]")
#: Characters an lxml tree takes from its parser but not from Python (not XML characters). In a tree
#: built from Python they stand in for themselves as :func:`_xml_safe` says.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NOT_XML_BLANK = "\x0b\x0c\x1c\x1d\x1e\x1f"
_NOT_XML_OTHER = [*range(0x00, 0x09), *range(0x0E, 0x1C), *range(0xD800, 0xE000), 0xFFFE, 0xFFFF]
#: The attribute of a tree's top element that says which characters stand in for others there.
_STAND_INS = "STAND-INS"  # upper case: no parsed attribute's name
#: The attributes read here (kept when lxml refuses another one's name).
_READ_ATTRS = frozenset({"class", "id", "style", "rowspan", "colspan"})
#: A CDATA section copied from BeautifulSoup: text to ``get_text()``, not to a walk.
_CDATA = "CDATA"


def _parse(markup: str) -> Any:
    """The page's tree: the element standing for the document (``<html>``, or a :data:`_DOC` holding
    the top-level elements), or None for a page with no element."""
    etree = _etree()
    if markup[:1] == "\ufeff":
        markup = markup[1:]
    m = _DOCTYPE.search(markup)
    if (
        len(markup) <= _TREE_TEXT_CHARS
        and (m is None or (_PROLOG.match(markup, 0, m.start()) and _DOCTYPE.search(markup, m.end()) is None))
        and _NS_ATTR.search(markup) is None
    ):
        parser = etree.HTMLParser(recover=True)  # bs4's parser: recover=True, huge_tree=False
        try:
            parser.feed(markup)
            root = parser.close()
        except etree.LxmlError:  # (none seen): read through events, as bs4 did
            root = False
        if root is None:
            return None
        if root is not False and not root.xpath(_TOO_DEEP):
            tops = root.xpath("/node()")
            if len(tops) > 1 and sum(isinstance(t.tag, str) for t in tops) > 1:
                doc = etree.Element(_DOC)
                for node in tops:
                    doc.append(node)
                root = doc
            _collapse_blank_strings(root)
            return root
    target = _CappedTarget(etree, markup)
    parser = etree.HTMLParser(target=target, recover=True)
    parser.feed(markup)
    return parser.close()


def _collapse_blank_strings(root: Any) -> None:
    """Each string of ASCII whitespace only as one "\\n" (if it holds one) or one " ", outside
    <pre> and <textarea>: what BeautifulSoup stored."""
    keep: set[Any] | None = None
    for pre in root.iter(*_PRESERVE_WS):
        if keep is None:
            keep = set()
        keep.update(pre.iter())
    spaces = _ASCII_SPACES
    for el in root.iter():
        if keep is not None and el in keep:
            if el.getparent() not in keep:
                t = el.tail  # its text is inside a <pre>, its tail is not
                if t and t != " " and t != "\n" and not t.strip(spaces):
                    el.tail = "\n" if "\n" in t else " "
            continue
        if isinstance(el.tag, str):
            t = el.text
            if t and t != " " and t != "\n" and not t.strip(spaces):
                el.text = "\n" if "\n" in t else " "
        t = el.tail
        if t and t != " " and t != "\n" and not t.strip(spaces):
            el.tail = "\n" if "\n" in t else " "


def _attr_name(name: str) -> str:
    """An attribute's name as bs4 stored it: ``{namespace}local`` is ``local`` (``xml:local`` in the
    XML namespace)."""
    if name[:1] == "{" and "}" in name:
        namespace, local = name[1:].split("}", 1)
        prefix = "xml" if namespace == _XML_NS else None
        if not local:
            return str(prefix)
        return f"{prefix}:{local}" if prefix else local
    return name


def _stand_in_base(text: str) -> int:
    """The start of the private-use plane whose characters stand in for the non-XML ones in a tree
    built from Python (the first whose stand-ins the page does not use)."""
    for base in (0x100000, 0xF0000, 0xE0000):
        if _stand_ins(base)[1].search(text) is None:
            return base
    raise ValueError("the page uses every private-use character a stand-in could be")


@lru_cache(maxsize=4)
def _stand_ins(base: int) -> tuple[dict[int, str], re.Pattern[str]]:
    """(there, back): a string of whitespace that is not XML becomes U+0085 (whitespace to every
    pattern here, and never printed: lines keep only " "); any other becomes ``base`` + its code;
    ``back`` finds those."""
    there = {ord(c): "\x85" for c in _NOT_XML_BLANK}
    there.update((c, chr(base + c)) for c in _NOT_XML_OTHER)
    spans = ((0x00, 0x08), (0x0E, 0x1B), (0xD800, 0xDFFF), (0xFFFE, 0xFFFF))
    return there, re.compile("[" + "".join(f"{chr(base + a)}-{chr(base + b)}" for a, b in spans) + "]")


def _xml_safe(text: str, there: dict[int, str]) -> str:
    return _NOT_XML.sub(lambda m: there[ord(m.group())], text)


def _stood_in(top: Any, text: str) -> str:
    """``text`` read from the tree of ``top`` with the characters its stand-ins stand for."""
    base = top.get(_STAND_INS)
    if not base:
        return text
    offset = int(base)
    return _stand_ins(offset)[1].sub(lambda m: chr(ord(m.group()) - offset), text)


class _CappedTarget:
    """lxml's parse events into an lxml tree, as BeautifulSoup's tree builder kept them, nesting at
    most :data:`MAX_DEPTH` elements deep.

    Deeper elements are not made: their text goes to the deepest element kept, a block element's
    start and end become a ``<br>`` (so its lines stay lines), and what a dropped element holds
    (a script, a style) stays dropped. Done while parsing, so it is linear. Strings end where bs4's
    did (at every element kept, comment and declaration), and a string of ASCII whitespace only is
    stored as bs4 stored it; comments are not kept (nothing reads them).
    """

    def __init__(self, etree: Any, markup: str) -> None:
        self._tb = etree.TreeBuilder(parser=etree.HTMLParser())  # HTML names: lenient
        base = _stand_in_base(markup)
        self._there = _stand_ins(base)[0]
        self._tb.start(_DOC, {_STAND_INS: str(base)})
        self._names: list[str] = []  # the elements kept and open
        self._open: list[int] = []  # per open element: 0 made, 1 flattened, 2 flattened and muted
        self._made = 0
        self._muted = 0
        self._broke = False
        self._pre = 0
        self._buf: list[str] = []

    def _flush(self) -> None:
        if self._buf:
            s = "".join(self._buf)
            self._buf = []
            if not self._pre and not s.strip(_ASCII_SPACES):
                s = "\n" if "\n" in s else " "
            self._tb.data(_xml_safe(s, self._there))

    def _start(self, tag: str, attrib: Any) -> None:
        self._flush()
        attrs: dict[str, str] = {}
        for k, v in attrib.items():
            attrs[_attr_name(k)] = _xml_safe(v, self._there)
        name = "x-bad-name" if not tag or _BAD_NAME.search(tag) else tag
        try:
            self._tb.start(name, attrs)
        except ValueError:  # an attribute name lxml will not make: only the ones read here are kept
            self._tb.start(name, {k: v for k, v in attrs.items() if k in _READ_ATTRS})
        self._names.append(tag)
        if tag in _PRESERVE_WS:
            self._pre += 1

    def _end(self, tag: str) -> None:
        """bs4's end tag: close up to the latest element of that name, if one is open."""
        self._flush()
        if tag not in self._names:
            return
        while self._names:
            name = self._names.pop()
            self._tb.end("x-bad-name" if not name or _BAD_NAME.search(name) else name)
            if name in _PRESERVE_WS:
                self._pre -= 1
            if name == tag:
                break

    def start(self, tag: str, attrib: Any, nsmap: Any = None) -> None:
        if self._made < MAX_DEPTH:
            self._open.append(0)
            self._made += 1
            self._start(tag, attrib)
            return
        name = str(tag).lower()
        if self._muted or name in _DROP_TAGS:
            self._open.append(2)
            self._muted += 1
            return
        self._open.append(1)
        if name in _BLOCK_TAGS or name == "br":
            self._break()

    def end(self, tag: str) -> None:
        state = self._open.pop() if self._open else 0
        if state == 0:
            self._made -= 1
            self._end(tag)
        elif state == 2:
            self._muted -= 1
        elif str(tag).lower() in _BLOCK_TAGS:
            self._break()

    def data(self, data: str) -> None:
        if not self._muted:
            self._broke = False
            self._buf.append(data)

    def comment(self, text: str) -> None:
        self._flush()

    def pi(self, target: str, data: str | None = None) -> None:
        self._flush()

    def doctype(self, *args: Any) -> None:
        self._flush()

    def _break(self) -> None:
        if not self._broke:  # one break for a run of empty blocks
            self._flush()
            self._tb.start("br", {})
            self._tb.end("br")
            self._broke = True

    def close(self) -> Any:
        self._flush()
        while self._names:
            self._end(self._names[-1])
        self._tb.end(_DOC)
        return self._tb.close()


class _Copy:
    """An lxml copy of a BeautifulSoup tree: the public functions still take bs4 elements.

    ``back``: each copied element → its bs4 element. ``own``: per element, the comments,
    declarations and CDATA directly in it (bs4 counts them among an element's own strings, lxml
    keeps none of them as text; they are left out of the copy, which keeps the text around them
    together, and a CDATA section is also kept as a :data:`_CDATA` element for ``get_text()``).
    Exact for trees from an HTML builder (whose string kinds are the ones :class:`_Texts` knows).
    """

    def __init__(self, node: Any, whole: bool) -> None:
        etree = _etree()
        import bs4

        top = node
        while whole and top.parent is not None:
            top = top.parent
        tb = etree.TreeBuilder(parser=etree.HTMLParser())
        base = _stand_in_base(str(top))
        there = _stand_ins(base)[0]
        self.back: dict[Any, Any] = {}
        self.own: dict[Any, str] = {}
        self.node: Any = None
        other = (bs4.element.Comment, bs4.element.Doctype, bs4.element.ProcessingInstruction, bs4.element.Declaration)
        stack: list[Iterator[Any]] = [iter([top])]
        made: list[Any] = [None]
        while stack:
            child = next(stack[-1], None)
            if child is None:
                stack.pop()
                if len(made) > 1:
                    tb.end(made.pop().tag)
                continue
            if isinstance(child, bs4.element.NavigableString):
                text = _xml_safe(str(child), there)
                if isinstance(child, (*other, bs4.element.CData)):
                    self.own[made[-1]] = self.own.get(made[-1], "") + text
                    if isinstance(child, bs4.element.CData):
                        tb.start(_CDATA, {})
                        tb.data(text)
                        tb.end(_CDATA)
                else:
                    tb.data(text)
                continue
            name = _DOC if isinstance(child, bs4.BeautifulSoup) else (child.name or "x-bad-name")
            if _BAD_NAME.search(name):
                name = "x-bad-name"
            attrs = {
                str(k): _xml_safe(" ".join(v) if isinstance(v, list) else str(v), there) for k, v in child.attrs.items()
            }
            if child is top:
                attrs[_STAND_INS] = str(base)
            try:
                el = tb.start(name, attrs)
            except ValueError:
                el = tb.start(name, {k: v for k, v in attrs.items() if k in _READ_ATTRS or k == _STAND_INS})
            self.back[el] = child
            if child is node:
                self.node = el
            made.append(el)
            stack.append(iter(child.contents))
        tb.close()


def _lxml_node(node: Any, whole: bool = False) -> tuple[Any, _Copy | None]:
    """``node`` as an lxml element (a bs4 element is copied), and the copy, if it was one."""
    if hasattr(node, "contents"):  # bs4
        copy = _Copy(node, whole)
        return copy.node, copy
    return node, None


# ------------------------------------------------------------------ text, as bs4's get_text() read it
class _Texts:
    """Where in a tree bs4's string kinds make ``get_text()`` differ from lxml's text.

    Strings inside a string container (:data:`_STRING_CONTAINERS`) are of that container's kind;
    ``get_text()`` keeps only plain ones (or, on a container, those of its kind). Elements that
    hold no container and sit in none read their text at C speed; the others (a <body> holding
    scripts before they are removed, a ruby annotation) are walked, or, while the tree does not
    change (``fixed``), measured as their text less the containers' text under them.
    """

    def __init__(self, node: Any, fixed: bool = False) -> None:
        self._tostring = _etree().tostring
        top = node.getroottree().getroot()
        self.slow: set[Any] = set()  # elements whose text is not lxml's text
        self.minus: dict[Any, int] = {}  # per element: the length of the containers' text under it
        self.fixed = fixed
        seen: set[Any] = set()
        for c in top.iter(*_STRING_CONTAINERS):
            if c in seen:
                continue
            inner = list(c.iter())
            seen.update(inner)
            self.slow.update(inner)
            n = len(_WS.sub("", self._tostring(c, method="text", encoding=str, with_tail=False)))
            for a in c.iterancestors():
                if a in seen:
                    break
                self.slow.add(a)
                self.minus[a] = self.minus.get(a, 0) + n
        self.inside = seen  # containers and what they hold
        self.own: dict[Any, str] = {}  # a copy's comments, per element (see _Copy)
        self.in_links: set[Any] = set()  # the elements inside an <a>
        for a in top.iter("a"):
            self.in_links.update(a.iterdescendants())

    def text(self, el: Any) -> str:
        if el not in self.slow:
            return str(self._tostring(el, method="text", encoding=str, with_tail=False))
        return _kind_text(el)

    def length(self, el: Any) -> int:
        """``len(_WS.sub("", get_text()))``."""
        if el not in self.slow:
            return len(_WS.sub("", self._tostring(el, method="text", encoding=str, with_tail=False)))
        if self.fixed and el not in self.inside:
            whole = len(_WS.sub("", self._tostring(el, method="text", encoding=str, with_tail=False)))
            return whole - self.minus.get(el, 0)
        return len(_WS.sub("", _kind_text(el)))


def _kind_text(el: Any) -> str:
    """``get_text()`` by a walk of ``el``, following each string's kind."""
    want = el.tag if el.tag in _STRING_CONTAINERS else None
    if want is None and any(a.tag in _STRING_CONTAINERS for a in el.iterancestors()):
        return ""  # every string in it is of its container's kind
    parts: list[str] = [el.text] if el.text else []  # of el's own kind, the one wanted
    stack: list[tuple[Iterator[Any], str | None]] = [(iter(el), want)]
    while stack:
        it, kind = stack[-1]
        child = next(it, None)
        if child is None:
            stack.pop()
            continue
        tag = child.tag
        if isinstance(tag, str):
            inner = tag if tag in _STRING_CONTAINERS else kind
            if child.text and inner == want:
                parts.append(child.text)
            if child.tail:  # after the child's strings: queued behind them
                stack.append((iter([_Tail(child.tail, kind)]), kind))
            stack.append((iter(child), inner))
        elif isinstance(child, _Tail):
            if child.kind == want:
                parts.append(child.text)
        elif child.tail and kind == want:  # a comment: its tail only
            parts.append(child.tail)
    return "".join(parts)


class _Tail:
    """A tail string waiting in a walk, with the kind of the strings around it."""

    __slots__ = ("kind", "tag", "text")

    def __init__(self, text: str, kind: str | None) -> None:
        self.text = text
        self.kind = kind
        self.tag = None


# ------------------------------------------------------------------ tree helpers
#: The tag of elements about to be removed (no parsed tag is upper case).
_DOOMED = "DOOMED"


def _remove(el: Any) -> None:
    """Take ``el`` out of the tree, keeping the text after it (lxml keeps it on the element)."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail:
        prev = el.getprevious()
        before = (parent.text if prev is None else prev.tail) or ""
        if _NOT_XML.search(tail) or _NOT_XML.search(before):
            # lxml will not set such text from Python: its own stripping moves none (it walks the
            # parent's subtree, so only here)
            el.tag = _DOOMED
            _etree().strip_elements(parent, _DOOMED, with_tail=False)
            return
        if prev is None:
            parent.text = before + tail
        else:
            prev.tail = before + tail
    parent.remove(el)


def _attr_text(tag: Any, name: str) -> str:
    value = tag.get(name)
    if not value:
        return ""
    if name == "class":  # bs4 kept class as a list of words
        return " ".join(_NONWS.findall(value))
    return str(value)


def _is_chrome(tag: Any) -> bool:
    """Page chrome by its class, id or style (share bars, breadcrumbs, hidden elements …)."""
    get = tag.get
    cls, ident = get("class"), get("id")
    if cls or ident:
        words = f"{_attr_text(tag, 'class')} {_attr_text(tag, 'id')}"
        if words.strip() and _CHROME_WORD.search(words):
            return True
    style = get("style")
    if not style:
        return False
    style = style.replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


def _count(it: Iterator[Any], most: int) -> int:
    n = 0
    for _ in it:
        n += 1
        if n >= most:
            break
    return n


def _holds_article(tag: Any, total: int, texts: _Texts) -> bool:
    """Too big to be chrome (a ``print-area`` or ``content-ad`` class around the whole article)."""
    return texts.length(tag) > 0.3 * total or _count(tag.iterdescendants("p", "tr"), 8) >= 8


def _strip_chrome(root: Any) -> None:
    """Remove scripts, navigation, share bars, footers and hidden elements, in place."""
    etree = _etree()
    etree.strip_elements(root, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    texts = _Texts(root, fixed=True)
    total = max(texts.length(root), 1)
    # in document order; what is inside an element dropped already is gone with it (the tree is not
    # changed until all are chosen: each choice reads only the element's own subtree)
    doomed: list[Any] = []
    walker = etree.iterwalk(root, events=("start",))
    next(walker)  # root itself
    for _event, tag in walker:
        name = tag.tag
        if name in _DROP_TAGS or (
            tag.attrib and name not in ("body", "html") and _is_chrome(tag) and not _holds_article(tag, total, texts)
        ):
            doomed.append(tag)
            walker.skip_subtree()
    for tag in doomed:
        tag.tag = _DOOMED
    etree.strip_elements(root, _DOOMED, with_tail=False)
    texts = _Texts(root)
    # lists of links (menus, "related articles", previous/next), innermost first
    linked = _holding_two_links(root)
    if not linked:
        return
    for tag in reversed(list(root.iterdescendants(*_LINK_LISTS))):
        if tag not in linked:
            continue
        if _count(tag.iterdescendants("a"), 2) == 2 and _link_density(tag, texts) > 0.5:
            _remove(tag)


_LINK_LISTS = ("ul", "ol", "dl", "div", "table", "section", "td", "p")


def _holding_two_links(root: Any) -> set[Any]:
    """Every element with two or more ``<a>`` inside, in one pass (searching each element's subtree
    instead is quadratic in the depth of the page).

    Each link counts up its ancestors until one already holds two, whose ancestors then do too,
    so no element is counted more than twice.
    """
    count: dict[Any, int] = {}
    for a in root.iterdescendants("a"):
        node = a.getparent()
        while node is not None:
            k = count.get(node, 0)
            if k >= 2:
                break
            count[node] = k + 1
            node = node.getparent()
    return {k for k, v in count.items() if v >= 2}


# ------------------------------------------------------------------ finding the article
def _link_len(tag: Any, texts: _Texts) -> int:
    return sum(texts.length(a) for a in tag.iterdescendants("a"))


_PARAGRAPHS = ("p", "td", "th", "li", "pre", "h1", "h2", "h3", "h4", "div", "section", "article", "font", "span")
_WHOLE_TEXT = frozenset({"p", "pre", "li", "h1", "h2", "h3", "h4"})
_CELLS = frozenset({"td", "th"})


def _score(tag: Any, texts: _Texts) -> float:
    """What one paragraph-like element adds: prose by its length and punctuation (menus and
    link lists score little), a table cell a little (a report's tables have hundreds)."""
    name = tag.tag
    if name in _WHOLE_TEXT or (name in _CELLS and next(tag.iterdescendants("table", "div", "p"), None) is None):
        text = texts.text(tag)
    else:  # its own strings: bs4's children that are strings
        text = tag.text or ""
        if len(tag):
            text = "".join([text, *[c.tail for c in tag if c.tail]])
        if texts.own:
            text += texts.own.get(tag, "")
    text = _WS.sub("", text) if text else text
    if len(text) < 2 or tag in texts.in_links:
        return 0.0
    if name in _CELLS:
        return 0.5 + min(len(text) / 20.0, 1.0)
    return 1.0 + len(_PUNCT.findall(text)) + min(len(text) / 100.0, 3.0)


def _scores(body: Any, own: dict[Any, float], texts: _Texts) -> dict[Any, float]:
    """Container scores: each paragraph's score flows to its container, halved to the next
    and quartered to the third (after readability); rows, tables and inline wrappers pass it
    on, so a body that is mostly tables still wins. ``own`` collects each paragraph's own score."""
    scores: dict[Any, float] = {}
    boxes: dict[Any, tuple[Any, ...]] = {}  # per element: the first three containers from it up
    for tag in body.iterdescendants(*_PARAGRAPHS):
        score = _score(tag, texts)
        own[tag] = score
        if not score:
            continue
        weight = 1.0
        for node in _boxes(tag.getparent(), boxes):
            scores[node] = scores.get(node, 0.0) + score * weight
            weight /= 2
    return scores


def _boxes(node: Any, boxes: dict[Any, tuple[Any, ...]]) -> tuple[Any, ...]:
    """The first three containers from ``node`` up (``node`` too), below ``<html>``: each element
    is asked once, whatever the number of paragraphs under it."""
    chain = []
    while node is not None and node not in boxes and node.tag not in ("html", _DOC):
        chain.append(node)
        node = node.getparent()
    above = boxes.get(node, ()) if node is not None else ()
    for el in reversed(chain):
        if _is_container(el):
            above = (el, *above[:2])
        boxes[el] = above
    return above


def _content(tag: Any, own: dict[Any, float], texts: _Texts) -> float:
    """All the paragraph scores inside ``tag`` (to compare an article with its siblings)."""
    return sum(own[t] if t in own else _score(t, texts) for t in tag.iterdescendants(*_PARAGRAPHS))


def _find_article(body: Any, copy: _Copy | None = None) -> list[Any]:
    texts = _Texts(body)
    if copy is not None:
        texts.own = copy.own
    own: dict[Any, float] = {}
    scores = _scores(body, own, texts)
    if not scores:
        return [body]
    best = _best(scores, texts)
    parent = best.getparent()
    if parent is None or best.tag == "body":
        return [best]
    threshold = max(5.0, 0.2 * _content(best, own, texts))
    nodes = []
    for sib in parent:
        if sib is best:
            nodes.append(sib)
        elif isinstance(sib.tag, str) and _link_density(sib, texts) < 0.3 and _content(sib, own, texts) >= threshold:
            nodes.append(sib)
    return nodes


def find_article(body: Any) -> list[Any]:
    """The elements holding the report, in document order: the best-scoring container, and
    its siblings that carry report content too (a site that puts the tables in a ``<div>``
    beside the text), but not link lists. ``body`` is an lxml element, or a BeautifulSoup one
    (read through a copy; the elements returned are then BeautifulSoup's)."""
    node, copy = _lxml_node(body, whole=True)
    nodes = _find_article(node, copy)
    return nodes if copy is None else [copy.back[n] for n in nodes]


def _best(scores: dict[Any, float], texts: _Texts) -> Any:
    """``max(scores, key=score × (1 − link density))``, measuring link density (a walk of the
    container's whole text) only where the score could still win: highest scores first, until
    a score is below the best product found; ties go to the first in document order, as ``max``'s."""
    product: dict[Any, float] = {}
    best = -1.0
    for k in sorted(scores, key=lambda k: -scores[k]):
        if scores[k] < best:
            break
        product[k] = scores[k] * (1.0 - _link_density(k, texts))
        best = max(best, product[k])
    return next(k for k in scores if product.get(k) == best)


_CONTAINERS = frozenset({"div", "article", "section", "main", "body", "center", "blockquote", "form"})


def _wraps_one_table(tag: Any) -> bool:
    """A box around one data table and nothing else (Word's ``<div align=center>`` around each
    centred table, an editor's ``<center>``, a one-cell layout table holding a table): the table's
    cells are the article's, not a smaller article of their own."""
    children = [c for c in tag if isinstance(c.tag, str)]
    if len(children) != 1 or children[0].tag != "table" or _is_layout_table(children[0]):
        return False
    return not (tag.text or "").strip() and not (children[0].tail or "").strip()


def _is_container(tag: Any) -> bool:
    """An element that can hold an article: a block container, or a table cell used for
    page layout (one holding a nested table or several paragraphs) — but not a mere wrapper
    of one data table (:func:`_wraps_one_table`)."""
    name = tag.tag
    if name in _CONTAINERS:
        return name == "body" or not _wraps_one_table(tag)
    if name in ("td", "th"):
        if _wraps_one_table(tag):
            return False
        if next(tag.iterdescendants("table"), None) is not None:
            return True
        return _count(tag.iterdescendants("p", "div", "br"), 4) >= 4
    return False


def _link_density(tag: Any, texts: _Texts) -> float:
    total = texts.length(tag)
    return _link_len(tag, texts) / total if total else 1.0


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
            self.buf.clear()  # the same list: a walk holds its append


def _clean_inline(s: str) -> str:
    """Whitespace of one rendered line: source breaks between CJK vanish, runs become one space."""
    if "\n" in s:  # (a segment break is one)
        s = _SEGMENT_CJK.sub("", s)
    return _WS.sub(" ", s).strip()


def _is_layout_table(table: Any) -> bool:
    """A table used to lay out the page (nested tables, or one cell a row holding prose)."""
    if next(table.iterdescendants("table"), None) is not None:
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
    for child in table:
        name = child.tag
        if name == "tr":
            out.append(child)
        elif name in ("tbody", "thead", "tfoot"):
            out.extend(c for c in child if c.tag == "tr")
    return out


def _cells(row: Any) -> list[Any]:
    return [c for c in row if c.tag in ("td", "th")]


def cell_text(cell: Any, bs4: Any = None) -> str:
    """A cell's text: its paragraphs and line breaks joined with one space. ``cell`` is an lxml
    element, or a BeautifulSoup one (``bs4``, the module, is no longer needed)."""
    node, _copy = _lxml_node(cell)
    return _stood_in(node.getroottree().getroot(), _cell_text(node))


def _cell_text(cell: Any) -> str:
    if len(cell) == 0:  # text only: the one line a walk would give
        text = cell.text
        return _clean_inline(text) if text else ""
    # the lines a walk would give, for a cell whose children hold nothing that ends a line (Word's
    # <td><p><span>…</span></p></td>): a block child is a line, a <br> ends one
    tostring = _etree().tostring
    lines: list[str] = []
    run = [cell.text] if cell.text else []
    for child in cell:
        name = child.tag
        if name == "br":
            if run:
                lines.append(_clean_inline("".join(run)))
            run = []
        elif (
            not isinstance(name, str)
            or name in _WALK_SKIPS
            or name == "table"
            or any(d.tag in _LINE_ENDS for d in child.iterdescendants())
        ):
            break
        elif name in _BLOCK_TAGS:
            if run:
                lines.append(_clean_inline("".join(run)))
            lines.append(_clean_inline(tostring(child, method="text", encoding=str, with_tail=False)))
            run = []
        else:
            run.append(tostring(child, method="text", encoding=str, with_tail=False))
        if child.tail:
            run.append(child.tail)
    else:
        if run:
            lines.append(_clean_inline("".join(run)))
        return " ".join(line for line in lines if line)
    acc = _Lines()
    _walk(cell, acc)
    acc.flush()
    return " ".join(acc.lines)


_SPAN = re.compile(r"\d+")


def _span(cell: Any, name: str, most: int) -> int:
    """A rowspan/colspan as a number, however it is quoted (``\\"5\\"`` in pages held in scripts),
    at most ``most``: the rows left in the table, or the cells in it (a span past the table's real
    size covers nothing, and ``rowspan=colspan=1000`` on every cell would otherwise fill gigabytes)."""
    value = cell.get(name)
    m = _SPAN.search(str(value)[:12]) if value else None
    return max(1, min(int(m.group()), 1000, most)) if m else 1


def _positioned(table: Any, bs4: Any = None) -> list[list[tuple[float, float, str]]]:
    """Each row's cells with the grid columns they occupy (the HTML table model: a slot taken
    by a rowspan from above pushes the next cell right). ``table``: lxml or BeautifulSoup."""
    table, _copy = _lxml_node(table)
    top = table.getroottree().getroot()
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
            cells.append((float(c), float(c + cs), _stood_in(top, _cell_text(cell))))
            c += cs
        out.append(cells)
    return out


def _table(table: Any, acc: _Lines) -> None:
    if _is_layout_table(table):
        _walk(table, acc)
        return
    acc.flush()
    for line in table_lines(_positioned(table)):
        acc.hard(line)


#: Blocks that end a line where they end (the dropped ones are not read; a table ends its own).
_BLOCK_ENDS = _BLOCK_TAGS - _DROP_TAGS - {"table"}
_WALK_SKIPS = _DROP_TAGS | {_CDATA}
#: What a walk does more with than read its text.
_LINE_ENDS = _BLOCK_TAGS | _WALK_SKIPS | {"br"}  # (a comment's tag is not a str: none is left here)


def _walk(node: Any, acc: _Lines) -> None:
    """The text under ``node`` into ``acc`` (a table used for layout: its cells as paragraphs).
    lxml's walk of the tree, not recursion (a page can nest deeper than Python's stack; see
    :data:`MAX_DEPTH`); tables recurse, as deep as tables nest in tables."""
    if node.tag == "table":
        for row in _rows(node):  # each cell's contents between two line ends
            for cell in _cells(row):
                acc.flush()
                _walk_in(cell, acc)
                acc.flush()
    else:
        _walk_in(node, acc)


def _walk_in(node: Any, acc: _Lines) -> None:
    """The strings and elements in ``node`` (comments are not there: stripped, or never copied)."""
    push = acc.buf.append
    walker = _etree().iterwalk(node, events=("start", "end"))
    next(walker)  # node itself
    if node.text:
        push(node.text)
    for event, el in walker:
        name = el.tag
        if event == "start":
            if name in _WALK_SKIPS:
                walker.skip_subtree()
            elif name == "br":
                acc.flush()
                walker.skip_subtree()
            elif name == "table":
                walker.skip_subtree()
                if _is_layout_table(el):
                    _walk(el, acc)
                else:
                    acc.flush()
                    for line in table_lines(_positioned(el)):
                        acc.hard(line)
            else:
                if name in _BLOCK_TAGS:
                    acc.flush()
                if el.text:
                    push(el.text)
        elif el is not node:
            if name in _BLOCK_ENDS:
                acc.flush()
            if el.tail:
                push(el.tail)


# ------------------------------------------------------------------ the title outside the body
_TITLE_WORDS = re.compile(r"政府信息公开.{0,8}报告|年度报告|年报")
_TITLE_SPLIT = re.compile(r"\s*(?:[-_|—–]{1,2}|_{1,2})\s*")
_TITLE_TAGS = ("h1", "h2", "h3", "h4", "div", "p", "span", "td", "b", "font")
#: Elements before a node in document order, its ancestors included (bs4's ``find_all_previous``).
_BEFORE = "(ancestor::* | preceding::*)[" + " or ".join(f"self::{t}" for t in _TITLE_TAGS) + "]"


def _is_title(text: str) -> bool:
    """A short line naming an annual report, not a sentence mentioning one."""
    return 6 <= len(text) <= 80 and bool(_TITLE_WORDS.search(text)) and not _PUNCT.search(text)


def _page_title(soup: Any, article: Any, first_lines: list[str]) -> str | None:
    """The report's title when the article body starts below it (an ``<h1>`` above the body
    or the page ``<title>``); None when the body already begins with it."""
    if any(_is_title(line) for line in first_lines[:3]):
        return None
    texts = _Texts(soup)
    for h in article.xpath(_BEFORE)[::-1][:60]:
        raw = texts.text(h)
        text = _clean_inline(raw) if len(raw) <= 4096 else ""  # a title is short
        if _is_title(text):
            return text
    title = next(soup.iter("title"), None)
    if title is not None:
        for part in _TITLE_SPLIT.split(_clean_inline(texts.text(title))):
            if _is_title(part.strip()):
                return part.strip()
    return None


def html_to_text(data: bytes | str) -> str:
    """The report text of a saved web page: paragraphs as lines, tables as pipe rows.

    BeautifulSoup is not used to read the page (lxml's tree is, see :func:`_parse`), but the
    extra still needs it: the public helpers take its elements, and a half-installed extra is
    reported as before (beautifulsoup4 missing → ``pip install 'govinfo-report[html]'``).
    """
    _require_bs4()
    require("lxml.etree", "html", "lxml")  # (asked each time, as bs4 is; the helpers keep the module)
    text = decode_html(data) if isinstance(data, bytes) else data
    soup = _parse(_page_markup(text))
    if soup is None:
        return "\n"
    root = next(soup.iter("body"), None)
    if root is None:
        root = soup
    _strip_chrome(root)
    nodes = _find_article(root)
    acc = _Lines()
    for node in nodes:
        acc.flush()
        if node.tag == "table":
            _table(node, acc)
        else:
            _walk(node, acc)
    acc.flush()
    lines = acc.lines
    heading = _page_title(soup, nodes[0], lines)
    if heading:
        lines = [heading, *lines]
    return _stood_in(soup, "\n".join(lines) + "\n")
