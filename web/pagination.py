"""The pager under listings, built in Python like the cards: a link per nearby page, each the
current address with another page number."""

from markupsafe import Markup

from web.fragments import text
from web.site import site
from web.urls import changed_url

NEARBY = 2  # pages linked on each side of the current one


@site.app_template_global()
def pagination(page: dict) -> Markup:
    """Previous, the pages around the current one and Next, for a `page` envelope's meta
    (nothing when everything fits on one page)."""
    current, last = page["page"], page["pages"]
    if last <= 1:
        return Markup("")

    def link(number: int) -> str:
        return text(changed_url(page=number))

    items = []
    if current > 1:
        items.append(f'<li><a href="{link(current - 1)}" rel="prev">Previous</a></li>')
    for number in range(max(1, current - NEARBY), min(last, current + NEARBY) + 1):
        if number == current:
            items.append(f'<li><span aria-current="page">{number}</span></li>')
        else:
            items.append(f'<li><a href="{link(number)}">{number}</a></li>')
    if current < last:
        items.append(f'<li><a href="{link(current + 1)}" rel="next">Next</a></li>')
    return Markup(  # noqa: S704 (every link is escaped)
        '<nav class="pagination" aria-label="Pages">\n<ul>\n' + "\n".join(items) + "\n</ul>\n</nav>"
    )
