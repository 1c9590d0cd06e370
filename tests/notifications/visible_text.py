"""What a person reads on a page: the text between the tags, without attribute values and
without what the page tucks away for auditors (the body of a ``<details>`` element, its
``<summary>`` still counting), nor scripts and styles."""

import re
from html.parser import HTMLParser

# A code as the portal stores it: ``routing_answered``, ``lab.closed``, ``labs.lab #2``.
SNAKE_CODE = re.compile(r"\b[a-z]+_[a-z_]+\b")
DOTTED_CODE = re.compile(r"\b[a-z]+\.[a-z_]+\b")
HASH_ID = re.compile(r"#\d+")
EMAIL = re.compile(r"[\w.+-]+@[\w.-]+")


class _Text(HTMLParser):
    HIDDEN = {"script", "style", "template"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in {"br", "hr", "img", "input", "meta", "link", "col", "source", "wbr"}:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def _tucked_away(self) -> bool:
        if self.HIDDEN.intersection(self.stack):
            return True
        if "details" not in self.stack:
            return False
        return self.stack[-1] != "summary" and "summary" not in self.stack

    def handle_data(self, data):
        if not self._tucked_away():
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return " ".join(" ".join(parser.parts).split())


def raw_codes(html: str, codes=()) -> list[str]:
    """The internal codes a person would read on the page (empty when there are none)."""
    text = EMAIL.sub(" ", visible_text(html))  # an address is not a code
    found = [code for code in codes if re.search(rf"(?<![\w.]){re.escape(code)}(?![\w.])", text)]
    found += SNAKE_CODE.findall(text) + DOTTED_CODE.findall(text) + HASH_ID.findall(text)
    return found
