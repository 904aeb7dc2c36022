"""The engine serves any registered document type and knows no domain by name."""

import ast
from pathlib import Path

import pytest

from search import service
from search.registry import DocumentType, Keyword, Text, register, unregister

pytestmark = pytest.mark.both_backends  # the engine contract: each backend

MEMOS = {
    1: {"title": "Gunmetal finish guide", "topic": "finishes", "status": "live"},
    2: {"title": "Brass prices this spring", "topic": "markets", "status": "live"},
    3: {"title": "Gunmetal draft notes", "topic": "finishes", "status": "hidden"},
}


PROJECT = Path(__file__).resolve().parents[2]
DOMAINS = ("catalog", "news", "search", "web")


def imported_packages(package: str, root: Path = PROJECT) -> dict[str, set[str]]:
    """The top-level packages each module of `package` imports, by module path (never empty)."""
    modules = sorted((root / package).rglob("*.py"))
    assert modules, f"no modules found under {root / package}"
    imports = {}
    for module in modules:
        names = set()
        for node in ast.walk(ast.parse(module.read_text(), filename=str(module))):
            if isinstance(node, ast.Import):
                names |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module)
        imports[module.relative_to(root).as_posix()] = {name.split(".")[0] for name in names}
    return imports


def domain_imports(package: str, forbidden: tuple[str, ...]) -> dict[str, set[str]]:
    """The modules of `package` that import one of `forbidden`, with what they import."""
    found = {module: names & set(forbidden) for module, names in imported_packages(package).items()}
    return {module: names for module, names in found.items() if names}


def test_the_import_check_sees_imports_anywhere_in_a_package(tmp_path):
    (tmp_path / "engine" / "inner").mkdir(parents=True)
    (tmp_path / "engine" / "inner" / "wiring.py").write_text(
        "import os.path\n"
        "from . import sibling\n"
        "def wire():\n"
        "    from catalog.routes import blueprints\n"
        "    if True:\n"
        "        import web.site as site, news\n"
    )
    assert imported_packages("engine", tmp_path) == {
        "engine/inner/wiring.py": {"os", "catalog", "web", "news"}
    }
    assert imported_packages("search")["search/analysis.py"] >= {"whoosh"}


def test_the_search_package_never_imports_a_domain_or_the_pages():
    assert domain_imports("search", ("catalog", "news", "web")) == {}


def test_the_core_package_never_imports_a_domain_or_the_engine():
    assert domain_imports("core", DOMAINS) == {}


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
