"""The board's reach: every /screening/ URL a board member can get to by following links."""

import re
from collections.abc import Callable


def crawl_screening(client, starts: list[str], read: Callable) -> dict:
    """``{url: read(response)}`` for every /screening/ URL reachable by links from ``starts``
    (each must answer 200). ``read`` keeps what the test searches: text, bytes, a workbook's
    cells."""
    seen: dict = {}
    queue = list(starts)
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        response = client.get(url)
        assert response.status_code == 200, url
        is_html = response.get("Content-Type", "").startswith("text/html")
        seen[url] = read(response)
        if is_html:
            for href in re.findall(r'href="([^"]+)"', response.content.decode()):
                href = href.replace("&amp;", "&")
                if href.startswith("?"):
                    href = url.split("?")[0] + href
                if href.startswith("/screening/"):
                    queue.append(href)
    return seen
