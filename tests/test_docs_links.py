"""Every link between the pages of README.md, CONTRIBUTING.md and docs/ leads somewhere: to a file of
the repository and, when it names an anchor, to a heading of that page (as GitHub makes anchors)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from tests.support import REPO

PAGES = [REPO / "README.md", REPO / "CONTRIBUTING.md", *sorted((REPO / "docs").rglob("*.md"))]
FENCE = re.compile(r"^( *)```.*?^\1```$", re.MULTILINE | re.DOTALL)
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
HEADING = re.compile(r"^#{1,6} +(.+?) *$", re.MULTILINE)


def anchor(heading: str) -> str:
    """GitHub's anchor of a heading: lower case, punctuation dropped (but `-` and `_`), spaces as `-`."""
    return re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")


def anchors(text: str) -> set[str]:
    """The anchors of a page's headings; a repeated one gets -1, -2… as on GitHub."""
    seen: Counter[str] = Counter()
    found = set()
    for heading in HEADING.findall(FENCE.sub("", text)):
        name = anchor(heading)
        found.add(f"{name}-{seen[name]}" if seen[name] else name)
        seen[name] += 1
    return found


def broken_links(page: Path, root: Path = REPO) -> list[str]:
    """The links of `page` that lead nowhere, each as `page: target` (the page named from `root`)."""
    wrong = []
    for target in LINK.findall(FENCE.sub("", page.read_text(encoding="utf-8"))):
        if re.match(r"[a-z]+:", target):
            continue
        path, _, name = target.partition("#")
        linked = (page.parent / path).resolve() if path else page
        if not linked.exists() or (
            name and linked.suffix == ".md" and name not in anchors(linked.read_text(encoding="utf-8"))
        ):
            wrong.append(f"{page.relative_to(root)}: {target}")
    return wrong


def test_every_link_between_the_pages_leads_somewhere():
    assert [wrong for page in PAGES for wrong in broken_links(page)] == []


def test_a_link_to_a_missing_page_or_heading_is_found(tmp_path: Path):
    (tmp_path / "a.md").write_text("# A page\n\n## Two `words`\n\n## Two words\n", encoding="utf-8")
    page = tmp_path / "b.md"
    page.write_text(
        "[ok](a.md#two-words) [ok](a.md#two-words-1) [ok](#b) [no](a.md#three) [no](c.md)\n\n# B\n\n"
        "```text\n[in a block](nowhere.md)\n```\n[web](https://example.org/x.md)\n",
        encoding="utf-8",
    )
    assert broken_links(page, tmp_path) == ["b.md: a.md#three", "b.md: c.md"]
