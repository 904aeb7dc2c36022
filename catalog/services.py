"""Catalogue writes for products and their variants; each public function owns its transaction."""

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from catalog.image_services import finishes_of, renumber
from catalog.models import (
    Brand,
    Category,
    Certification,
    Finish,
    Market,
    Product,
    ProductImage,
    ProductSlugRedirect,
    ProductStatus,
    Variant,
)
from catalog.queries import category_path
from catalog.transaction_reads import hold, skus_held_by_others, slug_holders, term_by_slug
from catalog.units import gpm_to_lpm
from core.clock import utcnow
from core.extensions import db
from core.markup import render_markdown
from core.problems import Problem, validation_problem
from core.slugs import (
    ensure_slug_free,
    ensure_slug_unclaimed,
    move_to_slug,
    new_slug,
    retry_on_conflict,
)

PLAIN_FIELDS = (
    "name",
    "summary",
    "handle_type",
    "mounting",
    "installation_holes",
    "spout_type",
    "flow_rate_lpm",
    "spout_height_mm",
    "spout_reach_mm",
    "valve",
    "body_material",
    "seo_title",
    "seo_description",
    "published_at",
)


def create_product(data: Mapping[str, Any]) -> Product:
    """Create a product with its variants, images and certifications (`data` is left as given)."""
    return retry_on_conflict(lambda: _create_product(data))


def _create_product(data: Mapping[str, Any]) -> Product:
    product = Product(status=ProductStatus.DRAFT, stock_total=0, summary="", description="")
    product.slug = new_slug(
        Product,
        data.get("slug"),
        data["name"],
        also_taken=(ProductSlugRedirect.slug,),
        check=lambda slug: _ensure_slug_free(slug, None),
    )
    _apply(product, {"variants": [], **data})
    db.session.add(product)
    hold(product)
    db.session.commit()
    return product


def update_product(product: Product, changes: Mapping[str, Any]) -> Product:
    """Apply a partial change (`changes` is left as given); the version always moves."""
    if "slug" in changes and changes["slug"] != product.slug:
        _ensure_slug_free(changes["slug"], product.id)
        move_to_slug(product, changes["slug"], ProductSlugRedirect)
    _apply(product, changes)
    product.updated_at = utcnow()
    hold(product)
    db.session.commit()
    return product


def _ensure_slug_free(slug: str, product_id: int | None) -> None:
    """Refuse a slug another product holds, now or as an old slug that still redirects."""
    ensure_slug_unclaimed(
        Product,
        slug,
        product_id,
        redirect_owner=ProductSlugRedirect.product_id,
        holders=slug_holders(),
    )


def archive_product(product: Product) -> Product:
    """Hide a product from shoppers without destroying anything."""
    product.status = ProductStatus.ARCHIVED
    product.updated_at = utcnow()
    db.session.commit()
    return product


def delete_product(product: Product) -> None:
    """Destroy a product and its variants and images."""
    db.session.delete(product)
    db.session.commit()


def _apply(product: Product, data: Mapping[str, Any]) -> None:
    """Copy validated fields onto `product`, resolving slugs and deriving prices and stock."""
    # One flush at commit keeps a half-applied product out of the database and the version +1.
    with db.session.no_autoflush:
        _apply_fields(product, data)


def _apply_fields(product: Product, data: Mapping[str, Any]) -> None:
    for field in PLAIN_FIELDS:
        if field in data:
            setattr(product, field, data[field])
    if data.get("flow_rate_gpm") is not None:
        product.flow_rate_lpm = gpm_to_lpm(data["flow_rate_gpm"])
    if "description" in data:
        product.description = data["description"]
        product.description_html = render_markdown(data["description"])
    if "brand" in data:
        product.brand = term_by_slug(Brand, data["brand"], "brand")
    if "category" in data:
        product.category = term_by_slug(Category, data["category"], "category")
    if "certifications" in data:
        product.certifications = _certifications(data["certifications"])
    if "variants" in data:
        _replace_variants(product, data["variants"])
    if "images" in data:
        _replace_images(product, data["images"])
    if "status" in data:
        product.status = data["status"]
    _check_publishable(product)


def _replace_images(product: Product, images: list[dict[str, Any]]) -> None:
    """Make the gallery match `images`: links are added, uploads kept by `id`, others dropped."""
    existing = {image.id: image for image in product.images}
    gallery = []
    for index, data in enumerate(images):
        if "id" in data:
            image = existing.get(data["id"])
            if image is None:
                raise validation_problem(
                    {f"images.{index}.id": ["Not one of this product's images."]},
                    "An image id belongs to no image of this product.",
                )
        else:
            image = ProductImage(url=data["url"])
        image.alt = data["alt"]
        if "finishes" in data:
            image.finishes = finishes_of(product, data["finishes"], f"images.{index}.finishes")
        gallery.append(image)
    product.images = gallery
    renumber(gallery)


def _replace_variants(product: Product, variants: list[dict[str, Any]]) -> None:
    """Make the product's variants match `variants`, updating those whose SKU is kept."""
    existing = {variant.sku: variant for variant in product.variants}
    taken = skus_held_by_others([v["sku"] for v in variants], product.id)
    errors = {
        f"variants.{i}.sku": ["Already used by another product."]
        for i, v in enumerate(variants)
        if v["sku"] in taken
    }
    if errors:
        raise Problem(409, "Some SKUs belong to other products.", kind="conflict", errors=errors)
    check_one_currency(variants)
    kept = []
    for position, data in enumerate(variants):
        variant = existing.get(data["sku"]) or Variant(sku=data["sku"])
        variant.finish = term_by_slug(Finish, data["finish"], f"variants.{position}.finish")
        variant.price = data["price"]["amount"]
        variant.currency = data["price"]["currency"]
        compare_at = data.get("compare_at_price")
        variant.compare_at_price = compare_at["amount"] if compare_at else None
        variant.stock = data.get("stock", 0)
        variant.position = position
        kept.append(variant)
    product.variants = kept
    _derive_prices(product)


def _derive_prices(product: Product) -> None:
    prices: list[Decimal] = [variant.price for variant in product.variants]
    product.price_min = min(prices) if prices else None
    product.price_max = max(prices) if prices else None
    product.currency = product.variants[0].currency if product.variants else None
    product.stock_total = sum(variant.stock for variant in product.variants)


def check_one_currency(variants: list[dict[str, Any]]) -> None:
    """Refuse variants (as loaded from a request) priced in more than one currency."""
    if len({v["price"]["currency"] for v in variants}) > 1:
        raise validation_problem(
            {"variants": ["Mixed currencies."]}, "All variants of a product must use one currency."
        )


def check_publishable(status: ProductStatus, variant_count: int) -> None:
    """Refuse to publish a product without a variant to sell."""
    if status == ProductStatus.PUBLISHED and variant_count == 0:
        raise validation_problem(
            {"variants": ["At least one is needed."]},
            "A published product needs at least one variant.",
        )


def _check_publishable(product: Product) -> None:
    check_publishable(product.status, len(product.variants))
    if product.status == ProductStatus.PUBLISHED and product.published_at is None:
        product.published_at = utcnow()


# ---- brands, categories, finishes, certifications and markets ----------------------------


# What each kind of term takes from an editor besides its slug (and a category's parent slug).
TERM_FIELDS: dict[type, frozenset[str]] = {
    Brand: frozenset({"name", "country", "website"}),
    Category: frozenset({"name", "description", "position"}),
    Finish: frozenset({"name", "swatch_hex"}),
    Certification: frozenset({"code", "name"}),
    Market: frozenset({"name"}),
}
# Fields set through a rule of their own rather than copied.
EXTRA_TERM_FIELDS: dict[type, set[str]] = {Category: {"parent"}, Market: {"certifications"}}


def create_term(model, data: Mapping[str, Any]):
    """Create a brand, category, finish or certification (`data` is left as given)."""
    _check_term_fields(model, data)
    return retry_on_conflict(lambda: _create_term(model, data))


def _create_term(model, data: Mapping[str, Any]):
    term = model()
    term.slug = new_slug(model, data.get("slug"), data.get("code") or data["name"])
    _apply_term(term, data)
    db.session.add(term)
    db.session.commit()
    return term


def update_term(term, changes: Mapping[str, Any]):
    """Apply a partial change to a term (`changes` is left as given); the version always moves."""
    _check_term_fields(type(term), changes)
    if "slug" in changes:
        ensure_slug_free(type(term), changes["slug"], term.id)
        term.slug = changes["slug"]
    _apply_term(term, changes)
    term.updated_at = utcnow()
    db.session.commit()
    return term


def archive_term(term):
    """Hide a term from public lists and new products; products using it keep it."""
    term.archived_at = term.archived_at or utcnow()
    term.updated_at = utcnow()
    db.session.commit()
    return term


def delete_term(term) -> None:
    """Destroy a term that nothing refers to (409 otherwise)."""
    db.session.delete(term)
    try:
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        raise Problem(
            409,
            f"'{term.slug}' is still used by products or sub-categories; archive it instead.",
            kind="conflict",
        ) from error


def _check_term_fields(model, data: Mapping[str, Any]) -> None:
    """Refuse a field the kind of term does not take, before anything is changed."""
    allowed = TERM_FIELDS[model] | {"slug"} | EXTRA_TERM_FIELDS.get(model, set())
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise ValueError(f"A {model.__name__.lower()} has no settable {', '.join(unknown)}.")


def _apply_term(term, data: Mapping[str, Any]) -> None:
    with db.session.no_autoflush:
        if isinstance(term, Certification) and "code" in data:
            _ensure_code_free(data["code"], term.id)
        if "parent" in data:
            term.parent = _parent_category(term, data["parent"])
        if isinstance(term, Market) and "certifications" in data:
            term.certifications = _certifications(data["certifications"])
        for field in TERM_FIELDS[type(term)] & data.keys():
            setattr(term, field, data[field])


def _certifications(slugs: list[str]) -> list[Certification]:
    """The live certifications named by `slugs` (repeats once), or a 422 naming the bad one."""
    return [
        term_by_slug(Certification, slug, f"certifications.{index}")
        for index, slug in enumerate(dict.fromkeys(slugs))
    ]


def _ensure_code_free(code: str, certification_id: int | None) -> None:
    """Refuse a certification code another certification has (409, beside the code)."""
    taken = db.session.scalar(
        select(Certification.id).where(
            Certification.code == code, Certification.id != (certification_id or 0)
        )
    )
    if taken is not None:
        raise Problem(
            409,
            f"Another certification already has the code {code}.",
            kind="conflict",
            errors={"code": ["Already used by another certification."]},
        )


def _parent_category(category: Category, parent_slug: str | None) -> Category | None:
    """The parent named by `parent_slug`, refusing loops in the tree."""
    if parent_slug is None:
        return None
    parent = term_by_slug(Category, parent_slug, "parent")
    if category in category_path(parent):
        raise validation_problem(
            {"parent": ["A category cannot sit below itself or one of its own sub-categories."]},
            "A category cannot sit below itself.",
        )
    return parent
