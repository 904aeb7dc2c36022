"""What staff's search rules cost a search: cold searches through gunicorn with no rules and
with 500 live rules of every kind, and what building the rules costs a worker after a change.

Run by hand from the project root: `PYTHONPATH=. .venv/bin/python bench/search_rules_bench.py`
(`--products 10000`; `--database-url` for another database, topped up, never emptied).

The 500 rules are made from words of the indexed texts, as shoppers' words would be: a boost
of every brand and finish, in stock and new arrivals; 50 redirects and 50 pin rules (two
products first, one left out) on the commonest words; 200 two-way pairs; and one-way rules
with two alternatives each for the rest; so a good share of the cold queries (counted below) meets
at least one rule and searches its alternatives too, and every one is boosted. Every query
is a distinct text (bench/search_queries.py), sent once by `--clients` concurrent clients to
two gunicorn workers, in `--rounds` rounds alternating no rules and 500 rules, so the machine's
drift falls on both alike. The target: p95 with the rules within 10% of p95 without.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter

from cold_rounds import alternating, indexed_corpus
from loopback import percentiles_ms
from search_corpus import read_corpus
from search_queries import Corpus, QueryMaker

CORPUS_SAMPLE = 1_500
RULES = 500
TARGET = 1.10  # p95 with the rules over p95 without
SETTINGS = ("no rules", f"{RULES} rules")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--edits", type=int, default=0)
    parser.add_argument("--per-kind", type=int, default=40, help="cold queries per kind a round")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of (none, rules)")
    parser.add_argument("--clients", type=int, default=2)
    parser.add_argument("--database-url")
    return parser.parse_args()


def rule_bodies(app, corpus: Corpus, rng: random.Random) -> list[tuple[str, dict]]:
    """500 rules (endpoint, body) over the corpus's commoner words: no word in two rules of a
    kind, so none is refused."""
    from sqlalchemy import select

    from catalog.models import Product, ProductStatus
    from core.extensions import db
    from search.analysis import STOP_WORDS

    with app.app_context():
        published = select(Product.slug).where(Product.status == ProductStatus.PUBLISHED)
        slugs = list(db.session.scalars(published.limit(200)))

    counts = Counter(
        word
        for sentence in corpus.sentences
        for word in sentence
        if len(word) > 3 and word.isalpha() and word not in STOP_WORDS
    )
    words = [word for word, _ in counts.most_common(4 * RULES)]
    commonest = words[:100]  # what redirects and pins name: searched the most
    rng.shuffle(words)
    spare = iter(words)
    boosts = [{"attribute": "in_stock"}, {"attribute": "new_arrivals", "days": 60}]
    boosts += [{"attribute": "brand", "value": slug} for slug in corpus.facets["brand"]]
    boosts += [{"attribute": "finish", "value": slug} for slug in corpus.finishes]
    bodies: list[tuple[str, dict]] = [
        ("boosts", {**body, "weight": rng.randint(1, 5)}) for body in boosts
    ]
    for word in commonest[:50]:
        bodies.append(("redirects", {"query": word, "match": "exact", "target": "/news"}))
    for word in commonest[50:]:
        chosen = rng.sample(slugs, 3)
        pinned = [{"type": "product", "slug": slug} for slug in chosen[:2]]
        hidden = [{"type": "product", "slug": chosen[2]}]
        bodies.append(("pins", {"query": word, "pinned": pinned, "hidden": hidden}))
    for _ in range(200):
        bodies.append(("synonyms", {"kind": "two_way", "terms": [next(spare), next(spare)]}))
    while len(bodies) < RULES:  # the rest one-way, with two alternatives each
        typed, *alternatives = next(spare), next(spare), next(spare)
        body = {"kind": "one_way", "terms": [typed], "alternatives": alternatives}
        bodies.append(("synonyms", body))
    return bodies


def set_rules(app, bodies: list[tuple[str, dict]]) -> float:
    """Replace every rule by `bodies` (through the services, checked); returns the seconds."""
    from sqlalchemy import delete

    from core.extensions import db
    from merchandising import services
    from merchandising.boost_schemas import SearchBoostInputSchema
    from merchandising.models import SearchBoost, SearchPin, SearchRedirect, SynonymRule
    from merchandising.pin_schemas import SearchPinInputSchema
    from merchandising.schemas import SearchRedirectInputSchema, SynonymRuleInputSchema

    kinds = {
        "synonyms": (SynonymRuleInputSchema, services.create_synonym_rule),
        "redirects": (SearchRedirectInputSchema, services.create_redirect),
        "pins": (SearchPinInputSchema, services.create_pin),
        "boosts": (SearchBoostInputSchema, services.create_boost),
    }
    # Each round starts new workers, which read the rules afresh: no revision need move here.
    with app.test_request_context("/"):  # redirects check their page against the app's routes
        for model in (SynonymRule, SearchRedirect, SearchPin, SearchBoost):
            db.session.execute(delete(model))
        db.session.commit()
        started = time.perf_counter()
        for kind, body in bodies:
            schema, create = kinds[kind]
            create(schema().load(body))
        return time.perf_counter() - started


def with_rules(app, bodies: list[tuple[str, dict]]) -> dict:
    """Set the rules before a round; the server needs no other setting."""
    set_rules(app, bodies)
    return {}


def rules_cost(app, paths: list[str]) -> dict[str, float]:
    """A worker's rebuild of the live rules after a change, and how many queries meet a rule."""
    from urllib.parse import parse_qs, urlsplit

    from merchandising.engine_rules import EXTENSION, live_rules
    from search.analysis import parse_query

    with app.test_request_context("/"):
        app.extensions[EXTENSION].revision = -1
        started = time.perf_counter()
        rules = live_rules()
        build_ms = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        for _ in range(1000):
            live_rules()
        unchanged_us = (time.perf_counter() - started) * 1000
    texts = [parse_qs(urlsplit(path).query).get("q", [""])[0] for path in paths]
    met = sum(parse_query(text, rules) != parse_query(text) for text in texts)
    return {"build_ms": build_ms, "unchanged_us": unchanged_us, "met": met, "of": len(texts)}


def report(
    figures: dict[str, list], cost: dict[str, float], insert_s: float, kinds: Counter
) -> None:
    print(f"rules by kind: {dict(kinds)}")
    print("\ncold distinct searches through gunicorn (2 workers), rounds alternating")
    print(f"{'rules':<12}{'requests':>9}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}")
    summary = {}
    for setting, rounds in figures.items():
        latencies = [seconds for round_latencies, _ in rounds for seconds in round_latencies]
        rate = statistics.median(rate for _, rate in rounds)
        p50, p95 = percentiles_ms(latencies, 50, 95)
        summary[setting] = p95
        print(f"{setting:<12}{len(latencies):>9}{rate:>8.0f}{p50:>8.1f}{p95:>8.1f}")
    ratio = summary[SETTINGS[1]] / summary[SETTINGS[0]]
    verdict = "met" if ratio <= TARGET else "MISSED"
    print(f"p95 with {RULES} rules / without: {ratio:.3f} (target <= {TARGET:.2f}: {verdict})")
    print(f"cold queries meeting at least one rule: {cost['met']} of {cost['of']}")
    print("\nin process")
    print(f"adding the {RULES} rules through the services (each checked): {insert_s:.1f} s")
    print(f"a worker's rebuild of {RULES} live rules after a change: {cost['build_ms']:.1f} ms")
    print(f"rules in force when nothing changed (one revision read): {cost['unchanged_us']:.1f} µs")


def main() -> None:
    args = parse_args()
    print(f"search rules benchmark, {args.products} products, load average {os.getloadavg()}")
    with tempfile.TemporaryDirectory(prefix="search-rules-bench-") as workdir:
        _, environment, app = indexed_corpus(workdir, args)
        rng = random.Random("search-rules")  # noqa: S311  (a sample, not secrets)
        corpus = read_corpus(app, CORPUS_SAMPLE, rng)
        bodies = rule_bodies(app, corpus, rng)
        maker = QueryMaker(corpus, rng)
        settings = {
            SETTINGS[0]: lambda: with_rules(app, []),
            SETTINGS[1]: lambda: with_rules(app, bodies),
        }
        figures, sent = alternating(environment, workdir, maker, settings, args)
        insert_s = set_rules(app, bodies)
        kinds = Counter(kind for kind, _ in bodies)
        report(figures, rules_cost(app, sent), insert_s, kinds)
        sys.stdout.flush()


if __name__ == "__main__":
    main()
