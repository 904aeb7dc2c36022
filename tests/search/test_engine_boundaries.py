"""The engine serves any registered document type and knows no domain by name."""

import ast
from pathlib import Path

import pytest

from search import service
from search.registry import DocumentType, Keyword, Text, register, unregister

MEMOS = {
    1: {"title": "Gunmetal finish guide", "topic": "finishes", "status": "live"},
    2: {"title": "Brass prices this spring", "topic": "markets", "status": "live"},
    3: {"title": "Gunmetal draft notes", "topic": "finishes", "status": "hidden"},
}


def test_the_search_package_never_imports_a_domain():
    for module in Path("search").glob("*.py"):
        tree = ast.parse(module.read_text())
        for node in ast.walk(tree):
            names = [alias.name for alias in getattr(node, "names", [])]
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            for name in names if isinstance(node, ast.Import | ast.ImportFrom) else []:
                assert not name.startswith(("catalog", "news")), (module, name)


@pytest.fixture
def memo_type(app, now):
    """A throwaway document type kept in memory, registered for one test."""
    register(
        app,
        DocumentType(
            name="memo",
            fields=(Text("title", boost=3.0, highlight=True, suggest=True), Keyword("topic")),
            statuses=("live", "hidden"),
            public_statuses=("live",),
            load=lambda session, ids: {
                i: {**MEMOS[i], "published_at": now, "listing": {"title": MEMOS[i]["title"]}}
                for i in ids
                if i in MEMOS
            },
            all_ids=lambda session: list(MEMOS),
            public_ids=lambda ids: {i for i in ids if MEMOS[i]["status"] == "live"},
        ),
    )
    yield
    unregister(app, "memo")


def test_a_new_type_is_indexed_and_searched_beside_products(app, catalogue, memo_type):
    with app.app_context():
        assert service.reindex(["memo"]) == {"memo": 3}
        both = service.search("gunmetal", per_page=10)
        kinds = {(hit.type, hit.id) for hit in both.hits}
        assert ("memo", 1) in kinds and ("memo", 3) not in kinds
        assert any(kind == "product" for kind, _ in kinds)
        assert both.total == len(both.hits)
        scores = [hit.score for hit in both.hits]
        assert scores == sorted(scores, reverse=True)
        memos = service.search("gunmetal", types=["memo"], filters={"topic": ["finishes"]})
        assert [hit.id for hit in memos.hits] == [1]
        assert memos.facets["topic"] == [{"value": "finishes", "label": "finishes", "count": 1}]
        assert service.present(memos)[0]["document"] == {"title": "Gunmetal finish guide"}
        # A filter only products understand leaves the memos out of a search of everything.
        products_only = service.search("gunmetal", filters={"finish": ["chrome"]})
        assert {hit.type for hit in products_only.hits} == {"product"}
