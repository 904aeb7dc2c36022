"""Domain synonyms, the one place to edit them: each group lists words or phrases meaning one thing.

Synonyms apply at query time (no reindex needed after an edit): a query word or phrase found in a
group matches any member of the group. Members are compared after stemming, so plurals and
"-ing" forms are covered ("taps" finds faucets, "mixing" finds mixers).
"""

SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    ("tap", "faucet"),
    ("mixer", "mixing"),
    ("twin", "dual", "two handle"),
    ("gunmetal", "gun metal"),
    ("single lever", "single handle"),
)
