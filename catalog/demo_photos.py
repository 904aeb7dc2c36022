"""Demo photos: each demo product drawn in each of its finishes, stored as an upload would be."""

from functools import lru_cache

from flask import current_app

from catalog import image_services
from catalog.demo_pictures import FaucetDrawing, draw_faucet
from catalog.models import Finish, HandleType, Product
from catalog.queries import category_path
from core.extensions import db
from media.processing import ProcessedImage, process_image
from media.services import storing_images

DEFAULT_SWATCH = "#c0c4c8"


@lru_cache(maxsize=512)
def _processed(drawing: FaucetDrawing, max_pixels: int) -> ProcessedImage:
    # Drawing and encoding are pure: a second demo load in one process reuses the first's work.
    return process_image(draw_faucet(drawing), max_pixels=max_pixels)


def stock_photo(handle_type: HandleType, finish: Finish) -> int:
    """The id of a stored photo of a typical faucet with that handle in that finish (drawn and
    stored on first use): the picture synthetic products share."""
    drawing = FaucetDrawing(
        handle_type=handle_type.value,
        spout_type="swivel" if handle_type is HandleType.TWIN else "pull-down",
        mounting="deck",
        installation_holes=3 if handle_type is HandleType.TWIN else 1,
        spout_height_mm=None,
        spout_reach_mm=None,
        finish_hex=finish.swatch_hex or DEFAULT_SWATCH,
        finish_slug=finish.slug,
        room="kitchen",
    )
    with storing_images() as store:
        asset = store(_processed(drawing, current_app.config["MEDIA_MAX_PIXELS"]))
        db.session.commit()
    return asset.id


def add_demo_photos(product: Product) -> None:
    """Give `product` one photo per finish, drawn from its specs and tied to that finish."""
    path = category_path(product.category)
    room = "kitchen" if path and path[0].slug.startswith("kitchen") else "bathroom"
    max_pixels = current_app.config["MEDIA_MAX_PIXELS"]
    images, alts, finishes = [], [], []
    for finish in product.finishes:
        drawing = FaucetDrawing(
            handle_type=product.handle_type.value,
            spout_type=product.spout_type.value,
            mounting=product.mounting.value,
            installation_holes=product.installation_holes or 1,
            spout_height_mm=product.spout_height_mm,
            spout_reach_mm=product.spout_reach_mm,
            finish_hex=finish.swatch_hex or DEFAULT_SWATCH,
            finish_slug=finish.slug,
            room=room,
        )
        images.append(_processed(drawing, max_pixels))
        alts.append(f"{product.name} in {finish.name.lower()}, an illustration")
        finishes.append([finish.slug])
    if images:
        image_services.add_product_images(product, images, alts, finishes)
