"""Listings are read from each segment's column file, not unpickled from Whoosh's stored fields;
a directory nobody may write keeps them in memory instead, with the same text; a segment another
process merged away is reported gone, never read as empty."""

import numpy as np
import pytest
from whoosh import index

from search.registry import document_type
from search.segments import load_columns
from search.store import WRITER_OPTIONS, IndexStore
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


def test_a_segment_merged_away_before_its_columns_are_read_is_gone_not_misread(app, catalogue):
    # A view reads the table of contents, then each segment's files; a merge in another worker
    # can delete a segment's files in between. Whoosh answers a missing column with defaults.
    with app.app_context():
        kind = document_type("product")
    directory = product_index_dir(app)
    for columns in directory.glob("*.cols"):
        columns.unlink()
    stale = index.open_dir(str(directory)).searcher()
    try:
        readers = [reader for reader, _ in stale.reader().leaf_readers() if reader.doc_count_all()]
        current = index.open_dir(str(directory))
        current.writer(**WRITER_OPTIONS).commit(optimize=True)  # as another worker's merge
        remaining = {segment.segment_id() for segment in current._segments()}
        merged_away = [r for r in readers if r.segment().segment_id() not in remaining]
        assert len(readers) > 1 and len(merged_away) == len(readers)
        for reader in merged_away:
            with pytest.raises(FileNotFoundError, match="has gone"):
                load_columns(reader, directory, kind)
    finally:
        stale.close()
    with app.app_context(), app.extensions["search"].store.view(kind) as view:
        assert len(listings_by_docnum(view)) == len(catalogue)
