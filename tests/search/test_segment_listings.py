"""Listings are read from each segment's column file, not unpickled from Whoosh's stored fields;
a directory nobody may write keeps them in memory instead, with the same text."""

import numpy as np

from search.registry import document_type
from search.store import IndexStore
from tests.search.indexing import product_index_dir, read_only


def listings_by_docnum(view) -> dict[int, tuple[str, str]]:
    """(listing from the column file, listing Whoosh stores) of every live document."""
    return {
        docnum: (view.listing(docnum), view.searcher.stored_fields(docnum)["listing"])
        for docnum in np.flatnonzero(view.live).tolist()
    }


def test_each_document_s_listing_is_the_one_whoosh_stores_across_segments(app, catalogue):
    with app.app_context(), app.extensions["search"].store.view(document_type("product")) as view:
        assert len(view.segments) > 1  # one commit a product: documents past the first segment
        pairs = listings_by_docnum(view)
    assert len(pairs) == len(catalogue)
    for ours, whoosh in pairs.values():
        assert ours == whoosh
        assert ours.startswith('{"slug"')


def test_an_unwritable_index_keeps_listings_in_memory_with_the_same_text(app, catalogue):
    directory = product_index_dir(app)
    for columns in directory.glob("*.cols"):
        columns.unlink()
    store = IndexStore(app.config["SEARCH_INDEX_DIR"])
    try:
        with read_only(directory), app.app_context():
            with store.view(document_type("product")) as view:
                pairs = listings_by_docnum(view)
            assert not list(directory.glob("*.cols"))  # nothing could be saved
    finally:
        store.close()
    assert len(pairs) == len(catalogue)
    assert all(ours == whoosh for ours, whoosh in pairs.values())
