"""The demo catalogue's drawn product pictures and the news covers look like what they show."""

import dataclasses
import io
from itertools import combinations
from pathlib import Path

import frontmatter
import pytest
from PIL import Image, ImageChops, ImageStat

from catalog.demo_pictures import FaucetDrawing, draw_faucet
from news.demo_covers import draw_cover

DEMO_ARTICLES = Path(__file__).parents[2] / "news" / "demo_content"
BASIN_MIXER = FaucetDrawing(
    handle_type="single",
    spout_type="fixed",
    mounting="deck",
    installation_holes=1,
    spout_height_mm=110,
    spout_reach_mm=120,
    finish_hex="#c0c4c8",
    finish_slug="chrome",
    room="bathroom",
)
MATTE_BLACK = {"finish_hex": "#1f1f1f", "finish_slug": "matte-black"}
POLISHED_BRASS = {"finish_hex": "#d4a94a", "finish_slug": "polished-brass"}


def picture(**changes: object) -> Image.Image:
    """The basin mixer with some of its specification changed, drawn and decoded."""
    return decode(draw_faucet(dataclasses.replace(BASIN_MIXER, **changes)))


def decode(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    image.load()
    return image


def share_that_differs(a: Image.Image, b: Image.Image) -> float:
    """The fraction of pixels whose colours differ visibly between two pictures."""
    changed = ImageChops.difference(a, b).convert("L").point(lambda v: 255 if v > 24 else 0)
    return ImageStat.Stat(changed).mean[0] / 255


def article_cover(name: str) -> Image.Image:
    post = frontmatter.load(DEMO_ARTICLES / name)
    return decode(draw_cover(str(post["title"]), list(post["tags"])))


def test_a_product_picture_is_a_1280_by_960_rgb_png():
    image = picture()
    assert (image.size, image.mode) == ((1280, 960), "RGB")


def test_the_same_faucet_is_drawn_byte_for_byte_the_same_every_time():
    drawing = dataclasses.replace(BASIN_MIXER, handle_type="twin", installation_holes=3)
    assert draw_faucet(drawing) == draw_faucet(drawing)


def faucet_mask(**changes: object) -> Image.Image:
    """Where the faucet is: the background is the same in chrome and black, the faucet is not."""
    chrome, black = picture(**changes), picture(**changes, **MATTE_BLACK)
    return ImageChops.difference(chrome, black).convert("L").point(lambda v: 255 if v > 40 else 0)


def test_the_faucet_stands_in_the_middle_and_fills_about_70_percent_of_the_height():
    left, top, right, bottom = faucet_mask().getbbox() or (0, 0, 0, 0)
    assert 0.55 < (bottom - top) / 960 < 0.85
    assert abs((left + right) / 2 - 640) < 0.15 * 1280


def test_the_finish_shows_in_the_colour_of_the_faucet():
    faucet = faucet_mask()

    def mean_colour(image: Image.Image) -> list[float]:
        return ImageStat.Stat(image, faucet).mean

    chrome, black = mean_colour(picture()), mean_colour(picture(**MATTE_BLACK))
    brass = mean_colour(picture(**POLISHED_BRASS))
    assert sum(black) < sum(chrome) / 2
    assert brass[0] - brass[2] > 50, "brass is warm: far more red than blue"
    assert abs(chrome[0] - chrome[2]) < 20, "chrome is a neutral grey"


@pytest.mark.parametrize(
    "changes",
    [
        {"handle_type": "twin", "installation_holes": 3},
        {"handle_type": "twin", "installation_holes": 2, "room": "kitchen", "spout_type": "swivel"},
        {"handle_type": "touchless"},
        {"spout_type": "swivel", "room": "kitchen", "spout_height_mm": 240},
        {"spout_type": "pull-down", "room": "kitchen", "spout_height_mm": 410},
        {"spout_type": "pull-out", "room": "kitchen", "spout_height_mm": 200},
        {"mounting": "wall", "installation_holes": 2},
        {"mounting": "wall", "handle_type": "twin", "installation_holes": 3},
    ],
    ids=["widespread", "bridge", "touchless", "swivel", "pull-down", "pull-out", "wall", "wall-2"],
)
def test_each_kind_of_faucet_is_drawn_and_looks_unlike_the_plain_basin_mixer(changes):
    image = picture(**changes)
    assert ImageStat.Stat(image.convert("L")).stddev[0] > 10, "not a blank picture"
    assert share_that_differs(image, picture()) > 0.02


def test_a_specification_out_of_range_still_gives_a_framed_picture():
    odd = {"spout_height_mm": 9000, "spout_reach_mm": None, "installation_holes": 9}
    assert ImageStat.Stat(picture(**odd).convert("L")).stddev[0] > 10
    left, top, right, bottom = faucet_mask(**odd).getbbox() or (0, 0, 0, 0)
    assert left > 20 and top > 20 and right < 1260 and bottom < 940, "nothing touches the edge"


def test_a_cover_is_a_1600_by_800_rgb_png_drawn_the_same_every_time():
    first = draw_cover("Twin-handle kitchen faucets are back", ["Kitchen", "Twin-handle"])
    image = decode(first)
    assert (image.size, image.mode) == ((1600, 800), "RGB")
    assert ImageStat.Stat(image.convert("L")).stddev[0] > 10
    assert draw_cover("Twin-handle kitchen faucets are back", ["Kitchen", "Twin-handle"]) == first


def test_a_rare_earth_story_and_a_copper_story_get_different_covers():
    rare_earths = article_cover("rare-earth-export-quotas-after-the-wto-ruling.md")
    copper = article_cover("copper-and-brass-prices-and-your-faucet.md")
    assert share_that_differs(rare_earths, copper) > 0.3


def test_every_demo_article_gets_a_cover_of_its_own():
    covers = {path.name: article_cover(path.name) for path in sorted(DEMO_ARTICLES.glob("*.md"))}
    assert len(covers) >= 9
    for (name_a, a), (name_b, b) in combinations(covers.items(), 2):
        assert share_that_differs(a, b) > 0.05, f"{name_a} and {name_b} look alike"
