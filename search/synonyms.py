"""Domain synonyms, the one place to edit them: each group lists words or phrases meaning one thing.

Synonyms apply at query time (no reindex needed after an edit): a query word or phrase found in a
group matches any member of the group. Members are compared after stemming, so plurals and
"-ing" forms are covered ("taps" finds faucets, "mixing" finds mixers). Joined and split
spellings ("pullout", "pull-out", "pull out") need no entry: the engine matches them itself.
"""

SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    ("tap", "faucet"),
    ("mixer", "mixing"),
    ("twin", "dual", "two handle"),
    ("gunmetal", "gun metal"),
    ("single lever", "single handle"),
    ("crosshead", "cross handle"),
    ("hands free", "touch free", "touchless", "sensor"),
    ("basin", "lavatory", "bathroom sink"),
    ("tub", "bath"),
    ("gray", "grey"),
    ("pre rinse", "prerinse"),
)
