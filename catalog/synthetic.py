"""Synthetic products for benchmarks: the same count gives the same data, bulk-inserted.

Text is drawn from a Zipf-ranked vocabulary (English glue words, trade words, then thousands of
pronounceable made-up words), so term statistics and caches behave as on a real catalogue.
"""

import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from itertools import accumulate
from typing import Any

from sqlalchemy import func, insert, select, text

from catalog import services
from catalog.demo_photos import stock_photo
from catalog.models import (
    Brand,
    Category,
    Certification,
    Finish,
    HandleType,
    Mounting,
    Product,
    ProductImage,
    ProductStatus,
    SpoutType,
    TermMixin,
    Variant,
    product_certifications,
)
from catalog.synthetic_text import Writer, series_names, zipf_weights
from core.extensions import db
from core.models import table_of

BATCH_SIZE = 5_000
# Each child table and the part of a generated product its rows come from.
CHILD_ROWS = {
    table_of(Variant): "variants",
    table_of(ProductImage): "images",
    product_certifications: "certifications",
}
CURRENCY = "USD"
# Fixed rather than "now", so the same count always gives the same rows, all of them already live.
PUBLISHED_BEFORE = datetime(2025, 1, 1, tzinfo=UTC)
PUBLISHING_SPAN_SECONDS = 3 * 365 * 24 * 3600

SYNTHETIC_TAXONOMY: dict[type[TermMixin], list[dict[str, Any]]] = {
    Brand: [
        {"name": name, "slug": slug, "country": country, "website": f"https://{slug}.example.com"}
        for name, slug, country in (
            ("Aquaforge", "aquaforge", "US"),
            ("Brookvale Fixtures", "brookvale", "GB"),
            ("Porto Rubinetti", "porto-rubinetti", "IT"),
            ("Kessler Armaturen", "kessler", "DE"),
            ("Lindqvist Bad", "lindqvist", "SE"),
            ("Meridian Tapware", "meridian", "AU"),
            ("Hanshui Sanitary", "hanshui", "CN"),
            ("Casa Grifo", "casa-grifo", "ES"),
        )
    ],
    Category: [
        {"name": "Kitchen faucets", "slug": "kitchen-faucets"},
        {"name": "Single-lever", "slug": "kitchen-single-lever", "parent": "kitchen-faucets"},
        {"name": "Twin-handle", "slug": "kitchen-twin-handle", "parent": "kitchen-faucets"},
        {"name": "Pull-down", "slug": "kitchen-pull-down", "parent": "kitchen-faucets"},
        {"name": "Bar and prep", "slug": "kitchen-bar-prep", "parent": "kitchen-faucets"},
        {"name": "Bathroom faucets", "slug": "bathroom-faucets"},
        {"name": "Basin mixers", "slug": "bathroom-basin-mixers", "parent": "bathroom-faucets"},
        {"name": "Widespread", "slug": "bathroom-widespread", "parent": "bathroom-faucets"},
        {"name": "Wall-mounted", "slug": "bathroom-wall-mounted", "parent": "bathroom-faucets"},
        {"name": "Bathtub fillers", "slug": "bathtub-fillers"},
    ],
    Finish: [
        {"name": name, "slug": slug, "swatch_hex": swatch}
        for name, slug, swatch in (
            ("Chrome", "chrome", "#c8c9cc"),
            ("Brushed nickel", "brushed-nickel", "#b5b1a8"),
            ("Matte black", "matte-black", "#1c1c1c"),
            ("Gunmetal", "gunmetal", "#53565a"),
            ("Stainless steel", "stainless-steel", "#a8a9ad"),
            ("Polished brass", "polished-brass", "#d4af37"),
        )
    ],
    Certification: [
        {"code": code, "name": name, "slug": slug}
        for code, name, slug in (
            ("NSF/ANSI 61", "Drinking water system components", "nsf-ansi-61"),
            ("NSF/ANSI 372", "Lead content", "nsf-ansi-372"),
            ("ASME A112.18.1/CSA B125.1", "Plumbing supply fittings", "asme-a112-18-1-csa-b125-1"),
            ("cUPC", "Uniform Plumbing Code, Canada and US", "cupc"),
            ("WRAS", "Water Regulations Approval Scheme", "wras"),
        )
    ],
}

HANDLES = {HandleType.SINGLE: 55, HandleType.TWIN: 35, HandleType.TOUCHLESS: 10}
HANDLE_LABELS = {
    HandleType.SINGLE: ("Single-Handle", "Single-Lever"),
    HandleType.TWIN: ("Twin-Handle", "Crosshead", "Two-Handle"),
    HandleType.TOUCHLESS: ("Touchless", "Sensor"),
}
TWIN_STYLES = ("Bridge", "Widespread", "Centerset")
OTHER_STYLES = ("", "", "Gooseneck", "Single-Hole", "Vessel", "Centerset", "Pre-Rinse")
ROOMS = ("Kitchen", "Kitchen", "Bathroom", "Basin", "Lavatory", "Bar", "Prep", "Vanity")
NOUNS = ("Faucet", "Faucet", "Faucet", "Tap", "Mixer")
MODEL_SUFFIXES = ("", "", "", "", "LF", "S", "T", "SS", "X")
FLOW_RATES = tuple(Decimal(rate) for rate in ("4.90", "5.70", "6.80", "7.60", "8.30", "9.00"))
VALVES = ("35 mm ceramic disc cartridge", "40 mm ceramic disc cartridge", "1/4-turn ceramic valves")
MATERIALS = ("lead-free brass", "stainless steel 304", "zinc alloy with brass waterway")


def generate_products(count: int, on_progress: Callable[[int], object]) -> str:
    """Add `count` published synthetic products with their variants; return a one-line summary."""
    created = ensure_taxonomy()
    terms = _active_terms()
    marker = (db.session.scalar(select(func.max(Product.id))) or 0) + 1
    seeded = random.Random(f"synthetic-{count}")  # noqa: S311  (reproducible data, not secrets)
    factory = _ProductFactory(seeded, terms, f"g{marker}")
    for start in range(0, count, BATCH_SIZE):
        size = min(BATCH_SIZE, count - start)
        _insert_batch([factory.product(start + offset) for offset in range(size)])
        db.session.commit()
        on_progress(size)
    refresh_planner_statistics()
    taxonomy = f"; created a synthetic {', '.join(created)} taxonomy" if created else ""
    return f"{count} products added with SKUs G{marker}-*{taxonomy}"


def refresh_planner_statistics() -> None:
    """Bring the planner's statistics (and PostgreSQL's visibility map) up to date after a load."""
    # Without them SQLite sorts whole listings rather than walking their indexes, and PostgreSQL
    # counts listings by reading every row rather than an index.
    if db.engine.dialect.name != "postgresql":
        db.session.execute(text("ANALYZE"))
        db.session.commit()
        return
    tables = ", ".join(table.name for table in (table_of(Product), *CHILD_ROWS))
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql(f"VACUUM ANALYZE {tables}")


def ensure_taxonomy() -> list[str]:
    """Create the synthetic terms of each kind the database has none of; return those kinds."""
    created = []
    for model, entries in SYNTHETIC_TAXONOMY.items():
        if db.session.scalar(select(model.id).limit(1)) is None:
            for entry in entries:
                services.create_term(model, dict(entry))
            created.append(table_of(model).name)
    return created


def _active_terms() -> dict[str, list[int]]:
    """Ids of the terms products may use: active brands, finishes, certifications and leaves."""
    terms = {
        name: list(db.session.scalars(select(model.id).where(model.archived_at.is_(None))))
        for name, model in (("brand", Brand), ("finish", Finish), ("certification", Certification))
    }
    active = select(Category.id).where(Category.archived_at.is_(None))
    parents = active.where(Category.parent_id.is_not(None)).with_only_columns(Category.parent_id)
    terms["category"] = list(db.session.scalars(active.where(Category.id.not_in(parents))))
    for name, ids in terms.items():
        if not ids:
            raise ValueError(f"Every {name} is archived; un-archive one to generate products.")
        ids.sort()
    return terms


def _style(rng: random.Random, handle: HandleType, mounting: Mounting, spout: SpoutType) -> str:
    """The style word of a product's name, consistent with how it mounts and sprays."""
    if mounting is Mounting.WALL:
        return "Wall-Mounted"
    if spout in (SpoutType.PULL_DOWN, SpoutType.PULL_OUT):
        return spout.value.title()
    return rng.choice(TWIN_STYLES if handle is HandleType.TWIN else OTHER_STYLES)


class _ProductFactory:
    """Builds the rows of one product at a time from a seeded random source."""

    def __init__(self, rng: random.Random, terms: dict[str, list[int]], tag: str):
        self.rng, self.terms, self.tag = rng, terms, tag
        # Brands, categories and finishes are popular by rank too, if less steeply than words.
        self.weights = {
            name: list(accumulate(zipf_weights(len(ids), 0.7))) for name, ids in terms.items()
        }
        self.handles, self.handle_weights = list(HANDLES), list(accumulate(HANDLES.values()))
        self.series, self.writer = series_names(), Writer(rng)
        self.photos: dict[tuple[HandleType, int], int] = {}

    def photo_of(self, handle: HandleType, finish_id: int) -> int:
        """A shared drawn photo of that kind of faucet in that finish (stored on first use)."""
        key = (handle, finish_id)
        if key not in self.photos:
            self.photos[key] = stock_photo(handle, db.session.get_one(Finish, finish_id))
        return self.photos[key]

    def pick(self, name: str) -> int:
        return self.rng.choices(self.terms[name], cum_weights=self.weights[name])[0]

    def product(self, index: int) -> dict[str, Any]:
        """One product row, with its variant, image and certification rows under `children`."""
        rng = self.rng
        handle = rng.choices(self.handles, cum_weights=self.handle_weights)[0]
        mounting = Mounting.WALL if rng.random() < 0.15 else Mounting.DECK
        spout = rng.choice(list(SpoutType))
        style = _style(rng, handle, mounting, spout)
        kind = " ".join(
            word for word in (rng.choice(HANDLE_LABELS[handle]), style, rng.choice(ROOMS)) if word
        )
        series = self.series.draw(self.writer.source, 1)[0]
        model = f"{rng.randrange(100, 10_000)}{rng.choice(MODEL_SUFFIXES)}"
        noun = rng.choice(NOUNS)
        name = f"{series} {model} {kind} {noun}"
        slug = "-".join([*name.lower().replace("-", " ").split(), self.tag, str(index + 1)])
        valve, material = rng.choice(VALVES), rng.choice(MATERIALS)
        description, description_html = self.writer.description()
        published_at = PUBLISHED_BEFORE - timedelta(seconds=rng.randrange(PUBLISHING_SPAN_SECONDS))
        variants = self.variants(index)
        prices = [variant["price"] for variant in variants]
        colours = f"{len(variants)} finish{'es' if len(variants) > 1 else ''}"
        detail = self.writer.phrase(rng.randint(2, 4))
        summary = f"{kind.capitalize()} {noun.lower()} with {valve} and {detail}, in {colours}."
        row = {
            "name": name,
            "slug": slug,
            "brand_id": self.pick("brand"),
            "category_id": self.pick("category"),
            "summary": summary,
            "description": description,
            "description_html": description_html,
            "handle_type": handle,
            "mounting": mounting,
            "installation_holes": 3 if handle is HandleType.TWIN else rng.choice((1, 1, 2, 3)),
            "spout_type": spout,
            "flow_rate_lpm": rng.choice(FLOW_RATES),
            "spout_height_mm": rng.randrange(80, 420, 5),
            "spout_reach_mm": rng.randrange(100, 300, 5),
            "valve": valve,
            "body_material": material,
            "seo_title": None,
            "seo_description": None,
            "status": ProductStatus.PUBLISHED,
            "published_at": published_at,
            "created_at": published_at - timedelta(days=rng.randrange(1, 60)),
            "updated_at": published_at,
            "version": 1,
            # The same derivation as services._derive_prices, done on plain rows.
            "price_min": min(prices),
            "price_max": max(prices),
            "currency": CURRENCY,
            "stock_total": sum(variant["stock"] for variant in variants),
        }
        certifications = self.terms["certification"]
        chosen = rng.sample(certifications, rng.randrange(min(3, len(certifications)) + 1))
        links = [{"certification_id": certification_id} for certification_id in chosen]
        first_finish = variants[0]["finish_id"]
        images = [
            {
                "asset_id": self.photo_of(handle, first_finish),
                "url": None,
                "alt": f"{name}, an illustration",
                "position": 0,
            }
        ]
        return {"row": row, "variants": variants, "images": images, "certifications": links}

    def variants(self, index: int) -> list[dict[str, Any]]:
        """One to four variants in distinct finishes, the first one the cheapest."""
        rng = self.rng
        finishes = self.terms["finish"]
        count = min(rng.choices((1, 2, 3, 4), weights=(30, 35, 25, 10))[0], len(finishes))
        base_cents = rng.randrange(49, 900) * 100 + rng.choice((0, 0, 99))
        variants = []
        for position, finish_id in enumerate(rng.sample(finishes, count)):
            cents = base_cents + position * rng.choice((1000, 2000, 3000))
            on_sale = rng.random() < 0.2
            variants.append(
                {
                    "sku": f"{self.tag.upper()}-{index + 1:06d}-{position + 1}",
                    "finish_id": finish_id,
                    "price": Decimal(cents).scaleb(-2),
                    "currency": CURRENCY,
                    "compare_at_price": Decimal(cents * 5 // 4).scaleb(-2) if on_sale else None,
                    "stock": 0 if rng.random() < 0.2 else rng.randrange(1, 300),
                    "position": position,
                }
            )
        return variants


def _insert_batch(products: list[dict[str, Any]]) -> None:
    """Insert products, then their children under the ids the database gave them."""
    products_table = table_of(Product)
    returning = insert(products_table).returning(products_table.c.id, sort_by_parameter_order=True)
    ids = db.session.scalars(returning, [product["row"] for product in products]).all()
    for table, part in CHILD_ROWS.items():
        rows = [
            {**row, "product_id": product_id}
            for product_id, product in zip(ids, products, strict=True)
            for row in product[part]
        ]
        if rows:
            db.session.execute(insert(table), rows)
