"""The search benchmark's corpus: synthetic products, published articles, an admin who edits."""

import random
import time
from datetime import UTC, datetime, timedelta

from loopback import flask_command

ADMIN = ("bench-admin@example.com", "benchmark-password-1")
TOPICS = (
    "rare earth quota WTO", "brass tariff review", "lead-free certification deadline",
    "ceramic cartridge supply", "gunmetal finish trend", "kitchen faucet exports",
    "copper price rally", "water efficiency labels", "touchless tap adoption", "port congestion",
)  # fmt: skip
WORDS = (
    "faucet tap mixer brass copper zinc ceramic cartridge valve spout aerator finish chrome "
    "nickel gunmetal matte black kitchen basin bathroom shower supplier factory export import "
    "tariff quota price market demand shipment container certification standard lead-free "
    "drinking water efficiency flow rate design retail distributor wholesale quarter growth"
).split()
TAGS = ("trade", "materials", "regulation", "design", "logistics", "markets")
PUBLISHED_FROM = datetime(2024, 1, 1, tzinfo=UTC)


def bench_app(settings: dict):
    """The in-process app: indexes only when asked (no drain after each commit)."""
    from core import create_app

    return create_app({**settings, "SEARCH_DRAIN_ON_COMMIT": False, "SEARCH_DRAIN_INTERVAL": 0})


def article(number: int, rng: random.Random) -> dict:
    """The fields of one synthetic published article."""
    topic = TOPICS[number % len(TOPICS)]
    paragraphs = [" ".join(rng.choices(WORDS, k=60)).capitalize() + "." for _ in range(3)]
    return {
        "title": f"{topic.capitalize()}: update {number + 1}",
        "body": f"Notes on {topic}.\n\n" + "\n\n".join(paragraphs),
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
        rng = random.Random("articles")  # noqa: S311  (made-up text, not secrets)
        existing = db.session.scalar(select(func.count(Article.id)))
        for number in range(existing, args.articles):
            fields = article(number, rng)
            create_article({**fields, "status": ArticleStatus(fields["status"])}, author)
        newest = select(Product.slug).order_by(Product.id.desc()).limit(args.edits)
        slugs = list(db.session.scalars(newest))
        articles = max(existing, args.articles)
    # Articles queued index rows; index them now so the timed reindex does only its own work.
    flask_command(environment, "search", "worker", "--once")
    return {"added": missing, "generate_s": generate_s, "articles": articles}, slugs
