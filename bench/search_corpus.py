"""The search benchmark's corpus: synthetic products, published articles, an admin who edits.

Articles are written in the synthetic catalogue's Zipf vocabulary (catalog/synthetic_text.py), a few
hundred words each; every tenth is about a fixed trade topic (rare earth quotas, brass tariffs …).
"""

import random
import time
from datetime import UTC, datetime, timedelta

from loopback import flask_command
from search_queries import Corpus

from catalog.synthetic_text import Writer

ADMIN = ("bench-admin@example.com", "benchmark-password-1")
# Every TOPICAL_EVERY-th article is about one of these, so the corpus keeps a few known stories.
TOPICS = (
    "rare earth export quotas", "brass tariff review", "lead-free certification deadline",
    "ceramic cartridge supply", "gunmetal finish trend", "kitchen faucet exports",
    "copper price rally", "water efficiency labels", "touchless tap adoption", "port congestion",
)  # fmt: skip
TOPICAL_EVERY = 10
ARTICLE_WORDS = (250, 900)
PARAGRAPH_SENTENCES = (2, 6)
TAGS = ("trade", "materials", "regulation", "design", "logistics", "markets")
PUBLISHED_FROM = datetime(2024, 1, 1, tzinfo=UTC)


def bench_app(settings: dict):
    """The in-process app: indexes only when asked (no drain after each commit)."""
    from app import create_app

    return create_app({**settings, "SEARCH_DRAIN_ON_COMMIT": False, "SEARCH_DRAIN_INTERVAL": 0})


def article(number: int, writer: Writer) -> dict:
    """The fields of one synthetic published article: a Zipf-worded title and body."""
    rng = writer.rng
    sentences = [" ".join(words) for words in writer.prose(rng.randint(*ARTICLE_WORDS))]
    paragraphs = []
    while sentences:
        cut = rng.randint(*PARAGRAPH_SENTENCES)
        paragraphs.append(" ".join(sentences[:cut]))
        sentences = sentences[cut:]
    if number % TOPICAL_EVERY:
        title = writer.phrase(rng.randint(4, 10)).capitalize()
    else:
        topic = TOPICS[number // TOPICAL_EVERY % len(TOPICS)]
        title = f"{topic.capitalize()}: {writer.phrase(rng.randint(2, 5))}"
        paragraphs.insert(0, f"Notes on {topic}.")
    return {
        "title": title,
        "body": "\n\n".join(paragraphs),
        "tags": rng.sample(TAGS, 2),
        "status": "published",
        "published_at": PUBLISHED_FROM + timedelta(hours=number),
    }


def ensure_corpus(environment: dict, products: int, args) -> tuple[dict, list[str]]:
    """Top the database up to `products` and the articles up to `args.articles`.

    Returns what was loaded and the slugs of the products to edit.
    """
    from sqlalchemy import func, select

    from catalog.models import Product
    from core.auth.models import Role, User
    from core.auth.services import create_user
    from core.extensions import db
    from news.models import Article, ArticleStatus
    from news.services import create_article

    app = bench_app({"DATABASE_URL": environment["DATABASE_URL"], "SECRET_KEY": "benchmark"})
    with app.app_context():
        missing = max(products - db.session.scalar(select(func.count(Product.id))), 0)
        started = time.perf_counter()
        if missing:
            flask_command(
                environment, "demo", "generate", "--products", str(missing), "--no-reindex"
            )
        generate_s = time.perf_counter() - started
        author = db.session.scalar(select(User).where(User.email == ADMIN[0]))
        author = author or create_user(ADMIN[0], ADMIN[1], Role.ADMIN, "Bench Admin")
        writer = Writer(random.Random("articles"))  # noqa: S311  (made-up text, not secrets)
        existing = db.session.scalar(select(func.count(Article.id)))
        for number in range(existing, args.articles):
            fields = article(number, writer)
            create_article({**fields, "status": ArticleStatus(fields["status"])}, author)
        newest = select(Product.slug).order_by(Product.id.desc()).limit(args.edits)
        slugs = list(db.session.scalars(newest))
        articles = max(existing, args.articles)
    # Articles queued index rows; index them now so the timed reindex does only its own work.
    flask_command(environment, "search", "worker", "--once")
    return {"added": missing, "generate_s": generate_s, "articles": articles}, slugs


def read_corpus(app, documents: int, rng: random.Random) -> Corpus:
    """A sample of the indexed texts (products, then articles) and the filter values in use."""
    from sqlalchemy import select

    from catalog.models import (
        Brand,
        Category,
        Certification,
        Finish,
        HandleType,
        Mounting,
        Product,
        ProductStatus,
    )
    from core.extensions import db
    from news.models import Article, ArticleStatus

    sources = {
        Product: (ProductStatus.PUBLISHED, (Product.name, Product.summary, Product.description)),
        Article: (ArticleStatus.PUBLISHED, (Article.title, Article.body)),
    }
    texts: list[str] = []
    with app.app_context():
        for model, (status, columns) in sources.items():
            published = select(model.id).where(model.status == status).order_by(model.id)
            ids = list(db.session.scalars(published))
            chosen = rng.sample(ids, min(documents, len(ids)))
            rows = db.session.execute(
                select(*columns).where(model.id.in_(chosen)).order_by(model.id)
            )
            texts += [part for row in rows for part in row if part]

        def slugs(model) -> list[str]:
            active = select(model.slug).where(model.archived_at.is_(None)).order_by(model.slug)
            return list(db.session.scalars(active))

        facets = {
            "brand": slugs(Brand),
            "category": slugs(Category),
            "certification": slugs(Certification),
            "handle_type": [handle.value for handle in HandleType],
            "mounting": [mounting.value for mounting in Mounting],
        }
        return Corpus.from_texts(texts, slugs(Finish), facets)
