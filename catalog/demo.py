"""The demo catalogue: read from demo_content/catalogue.json and written through the services,
each product with a photo per finish drawn from its specs."""

import copy
import json
from decimal import Decimal
from pathlib import Path

from slugify import slugify
from sqlalchemy import select

from catalog import services
from catalog.demo_photos import add_demo_photos
from catalog.models import Brand, Category, Certification, Finish, Market, Product
from catalog.schemas import ProductInputSchema
from catalog.term_schemas import (
    BrandInputSchema,
    CategoryInputSchema,
    CertificationInputSchema,
    FinishInputSchema,
    MarketInputSchema,
)
from core.extensions import db

CATALOGUE_FILE = Path(__file__).parent / "demo_content" / "catalogue.json"
TERM_SECTIONS = (
    ("brands", Brand, BrandInputSchema),
    ("categories", Category, CategoryInputSchema),
    ("finishes", Finish, FinishInputSchema),
    ("certifications", Certification, CertificationInputSchema),
    ("markets", Market, MarketInputSchema),  # after the certifications they require
)


def load_catalogue(source: Path = CATALOGUE_FILE) -> str:
    """Create whatever demo terms and products are missing (matched by slug); say what was added."""
    content = json.loads(source.read_text(encoding="utf-8"), parse_float=Decimal)
    added: dict[str, int] = {}
    for section, model, schema in TERM_SECTIONS:
        existing = set(db.session.scalars(select(model.slug)))
        entries = [entry for entry in content[section] if entry["slug"] not in existing]
        for entry in entries:
            services.create_term(model, schema().load(copy.deepcopy(entry)))
        added[section] = len(entries)
    existing_products = set(db.session.scalars(select(Product.slug)))
    new_products = 0
    for entry in content["products"]:
        slug = slugify(entry["name"])
        if slug not in existing_products:
            product = services.create_product(ProductInputSchema().load({**entry, "slug": slug}))
            add_demo_photos(product)
            new_products += 1
    added["products"] = new_products
    return ", ".join(f"{count} {section}" for section, count in added.items()) + " added"
