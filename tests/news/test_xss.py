"""No Markdown or HTML an editor writes ever reaches readers as script, in the API or the feeds."""

import xml.etree.ElementTree as ET

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.fields import MULTI_LINE_REFUSED
from core.markup import markdown_to_text, render_markdown, strip_markup
from tests.news.html_safety import unsafe_parts, unsafe_strings

ATTACKS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "<svg onload=alert(1)>",
    "<iframe src=javascript:alert(1)>",
    "<<script>script>alert(1)<</script>/script>",
    '"><script>alert(1)</script>',
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](java\tscript:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](javascript&colon;alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![i](javascript:alert(1))",
    '![i](x "onerror=alert(1)")',
    "<javascript:alert(1)>",
    "[ref]\n\n[ref]: javascript:alert(1)",
    "[x](https://ok.example/ onmouseover=alert(1))",
    "`<script>`",
    "```\n<script>alert(1)</script>\n```",
    "    <script>alert(1)</script>",
    "<a href='https://ok.example' onclick='alert(1)'>ok</a>",
    "<style>body{background:url(javascript:alert(1))}</style>",
    "\x00<script>",
    "<scr\x00ipt>",
]
GLUE = [
    "\n",
    "\n\n",
    " ",
    "*",
    "_",
    "[",
    "]",
    "(",
    ")",
    "<",
    ">",
    '"',
    "'",
    "&",
    "#",
    ":",
    "`",
    "!",
]

markdown_sources = st.lists(
    st.one_of(st.sampled_from(ATTACKS), st.sampled_from(GLUE), st.text(max_size=20)),
    max_size=12,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(markdown_sources)
def test_rendered_markdown_never_contains_script_handlers_or_script_urls(source):
    html = render_markdown(source)
    assert unsafe_parts(html) == [], html
    assert "<script" not in html.lower()


@settings(max_examples=200, deadline=None)
@given(st.one_of(markdown_sources, st.text()))
def test_plain_text_made_from_markdown_or_html_holds_no_markup(source):
    for text in (markdown_to_text(source), strip_markup(source)):
        assert unsafe_parts(text) == [], text
        assert "<script" not in text.lower()


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=markdown_sources.map(lambda source: MULTI_LINE_REFUSED.sub("", source)))
def test_articles_built_from_attacks_are_safe_in_every_response_and_feed(client, editor, body):
    created = client.post(
        "/api/v1/articles",
        json={"title": "Attack", "body": body, "status": "published", "tags": ["Security"]},
        headers=editor,
    )
    assert created.status_code == 201, created.json
    slug = created.json["slug"]
    for response in (
        client.get(f"/api/v1/articles/{slug}"),
        client.get("/api/v1/articles?tag=security"),
    ):
        assert response.status_code == 200
        assert unsafe_strings(response.json) == []
        assert "<script" not in response.text.lower()
    for feed_url in ("/news/feed.xml", "/news/atom.xml"):
        document = ET.fromstring(client.get(feed_url).data)  # noqa: S314  (our own feed)
        for element in document.iter():
            assert unsafe_parts(element.text or "") == [], (feed_url, element.tag)


def test_a_hostile_article_renders_inert(client, editor):
    body = (
        "\n\n".join(ATTACKS).replace("\x00", "")
        + "\n\n[safe](https://example.com) [home](/api/v1/articles)"
    )
    created = client.post(
        "/api/v1/articles", json={"title": "Hostile", "body": body}, headers=editor
    ).json
    html = created["body_html"]
    assert unsafe_parts(html) == []
    assert '<a href="https://example.com" rel="noopener nofollow">safe</a>' in html
    assert '<a href="/api/v1/articles">home</a>' in html, "internal links keep no rel"
    assert "<script" not in created["summary"]
