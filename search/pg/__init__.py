"""The PostgreSQL search backend: documents kept in the database's own full-text index.

Selected with `SEARCH_BACKEND=postgres` for deployments with several app hosts: every host reads
the same rows, and a change is indexed in the transaction that makes it, so it is searchable on
every host the moment it commits. The documents, query parser, synonyms, units and rules are
the Whoosh backend's; only where they are kept and how they are matched differ. Each host
answers from a mirror of the entries (the Whoosh engine's index on its own disk), brought up to
the database's change log before each answer, and asks the database when it cannot be.

- `models`: one row per document (`search_entries`: a weighted `tsvector` under a GIN index,
  keyword and number arrays, the stored listing and snippet texts), the public-word vocabulary
  (`search_words`, trigram-indexed), a version per type for caches and the log of the
  documents each version changed (`search_changes`).
- `vectors`: a document as a row, analysed by the same analyser as the Whoosh index.
- `writing`: indexing the documents a transaction changed, before it commits, and logging them
  under the type's raised version; reindex, verify.
- `feed`, `mirror` and `keeper`: the change log read back; each host's mirror and its catch-up
  before each answer; the thread that builds it, applies backlogs and prunes the log.
- `tsqueries`, `ranking` and `matching`: a parsed query as `tsquery` clauses; the clauses each
  document matches and its rank (tiers, `ts_rank`, pins and boosts) as SQL expressions; and one
  type's search in one statement (soft AND, filters, facets, flags, sorts, visibility, paging).
- `statements`: SQL text with every value bound.
- `backend`: the engine interface (`search.backends.Backend`) over all of it.
- `words`: typo corrections and completions from the trigram index.
"""
