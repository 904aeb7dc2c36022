"""Product photo writes: uploads, alt text, order and finishes; each owns its transaction."""

from collections.abc import Mapping, Sequence
from typing import Any

from catalog.models import Finish, Product, ProductImage
from core.clock import utcnow
from core.extensions import db
from core.problems import Problem, validation_problem
from core.slugs import retry_on_conflict
from media.processing import ProcessedImage
from media.services import storing_images


def add_product_images(
    product: Product,
    images: Sequence[ProcessedImage],
    alts: Sequence[str],
    finishes: Sequence[Sequence[str]] | None = None,
) -> Product:
    """Store processed uploads and append them to the product's gallery, each showing the
    finishes named for it (by slug; none: any finish)."""
    shows = finishes if finishes is not None else [[] for _ in images]
    return retry_on_conflict(lambda: _add_product_images(product, images, alts, shows))


def _add_product_images(
    product: Product,
    images: Sequence[ProcessedImage],
    alts: Sequence[str],
    finishes: Sequence[Sequence[str]],
) -> Product:
    with storing_images() as store:
        for image, alt, slugs in zip(images, alts, finishes, strict=True):
            product.images.append(
                ProductImage(
                    asset=store(image),
                    alt=alt,
                    position=len(product.images),
                    finishes=finishes_of(product, slugs, "finishes"),
                )
            )
        product.updated_at = utcnow()
        db.session.commit()
    return product


def change_product_image(
    product: Product, image: ProductImage, changes: Mapping[str, Any]
) -> Product:
    """Change a photo's alt text, its place in the gallery or the finishes it shows."""
    with db.session.no_autoflush:
        if "alt" in changes:
            image.alt = changes["alt"]
        if "finishes" in changes:
            image.finishes = finishes_of(product, changes["finishes"], "finishes")
        if "position" in changes:
            others = [other for other in product.images if other is not image]
            others.insert(min(changes["position"], len(others)), image)
            renumber(others)
    product.updated_at = utcnow()
    db.session.commit()
    return product


def remove_product_image(product: Product, image: ProductImage) -> Product:
    """Take a photo out of the gallery; its files stay until `flask media prune`."""
    product.images.remove(image)
    renumber(product.images)
    product.updated_at = utcnow()
    db.session.commit()
    return product


def image_of(product: Product, image_id: int) -> ProductImage:
    """The product's photo `image_id` (404 when the product has none by that id)."""
    for image in product.images:
        if image.id == image_id:
            return image
    raise Problem(404, f"'{product.slug}' has no image {image_id}.", kind="not-found")


def finishes_of(product: Product, slugs: Sequence[str], field: str) -> list[Finish]:
    """The finishes named by `slugs`, each one the product's variants come in."""
    offered = {finish.slug: finish for finish in product.finishes}
    errors = {
        f"{field}.{index}": [f"The product has no variant in finish '{slug}'."]
        for index, slug in enumerate(slugs)
        if slug not in offered
    }
    if errors:
        raise validation_problem(errors, "A photo can only show finishes the product comes in.")
    return [offered[slug] for slug in dict.fromkeys(slugs)]


def renumber(images: list[ProductImage]) -> None:
    """Number the photos 0, 1, 2 … in the order given."""
    for position, image in enumerate(images):
        image.position = position
