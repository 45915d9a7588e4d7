"""Compare HTML by structure: tags, attributes (classes as a set) and text,
ignoring indentation and attribute order."""

from html.parser import HTMLParser


class _Tokens(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tokens = []

    def handle_starttag(self, tag, attrs):
        normal = {}
        for name, value in attrs:
            if name == "class":
                value = " ".join(sorted(value.split()))
            normal[name] = value
        self.tokens.append(("<", tag, tuple(sorted(normal.items()))))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_endtag(self, tag):
        self.tokens.append((">", tag))

    def handle_data(self, data):
        text = " ".join(data.split())
        if text:
            self.tokens.append(("text", text))


def normalise(html: str) -> list:
    parser = _Tokens()
    parser.feed(str(html))
    parser.close()
    return parser.tokens


def pretty(html: str) -> str:
    return "\n".join(repr(token) for token in normalise(html))
