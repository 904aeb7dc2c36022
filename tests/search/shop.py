"""A realistic small shop for the relevance and spelling stories: taps, brands and trade news.

Everything is created through the admin and editor APIs. Each product and article has a short
key; `build_shop` returns, per key, what a search result shows of it: its type, slug and title.
"""

from dataclasses import dataclass

from tests.catalog.conftest import variant

EXTRA_TERMS = {
    "brands": [
        {"name": "Halden & Rowe", "slug": "halden", "country": "GB"},
        {"name": "Kestrel Commercial", "slug": "kestrel", "country": "US"},
    ],
    "categories": [
        {"name": "Basin taps", "slug": "basin-taps", "parent": "bathroom-faucets"},
        {"name": "Bath fillers", "slug": "bath-fillers", "parent": "bathroom-faucets"},
        {"name": "Commercial kitchen", "slug": "commercial-kitchen", "parent": "kitchen-faucets"},
    ],
    "finishes": [
        {"name": "Brushed nickel", "slug": "brushed-nickel"},
        {"name": "Slate grey", "slug": "slate-grey"},
    ],
}
SINGLE_VALVE = "35 mm ceramic disc cartridge"
TWIN_VALVES = "1/4-turn ceramic disc valves"


def tap(
    name: str,
    brand: str,
    category: str,
    handle: str,
    spout: str,
    variants: list[tuple[str, str, str]],
    *,
    summary: str = "",
    mounting: str = "deck",
    height: int | None = None,
    reach: int | None = None,
    flow: str | None = None,
    holes: int = 1,
    valve: str | None = None,
) -> dict:
    """A product request body: every spec that search reads is set here, nothing inherited."""
    return {
        "name": name,
        "brand": brand,
        "category": category,
        "handle_type": handle,
        "spout_type": spout,
        "mounting": mounting,
        "installation_holes": holes,
        "summary": summary,
        "description": summary,
        "spout_height_mm": height,
        "spout_reach_mm": reach,
        "flow_rate_lpm": flow,
        "valve": valve or (TWIN_VALVES if handle == "twin" else SINGLE_VALVE),
        "images": [],
        "variants": [variant(sku, finish, price) for sku, finish, price in variants],
    }


PRODUCTS = {
    "sx720": tap(
        "Jenor SX720 Single-Lever Kitchen Mixer",
        "jenor",
        "kitchen-single-lever",
        "single",
        "swivel",
        [("JNR-SX720-CP", "chrome", "159.00"), ("JNR-SX720-GM", "gunmetal", "189.00")],
        summary="A swivel kitchen mixer with a low-flow aerator.",
        height=230,
        flow="5.70",
    ),
    "arden": tap(
        "Arden Pull-Down Kitchen Faucet",
        "halden",
        "kitchen-single-lever",
        "single",
        "pull-down",
        [("HR-ARD-CP", "chrome", "259.00"), ("HR-ARD-MB", "matte-black", "279.00")],
        summary="A pull down sprayer with spray and stream modes; the head docks with a magnet.",
        height=250,
        flow="6.80",
    ),
    "corvo": tap(
        "Corvo Pull-Out Kitchen Tap",
        "aquaverde",
        "kitchen-single-lever",
        "single",
        "pull-out",
        [("AV-COR-CP", "chrome", "179.00"), ("AV-COR-BN", "brushed-nickel", "199.00")],
        summary="A low-arc tap whose spray head pulls out on a braided hose.",
        height=203,
        flow="6.00",
    ),
    "sentinel": tap(
        "Sentinel Touchless Basin Tap",
        "jenor",
        "basin-taps",
        "touchless",
        "fixed",
        [("JNR-SEN-CP", "chrome", "229.00")],
        summary="An infrared tap for public washrooms that runs on four AA batteries.",
        height=120,
        flow="1.90",
        valve="solenoid valve",
    ),
    "motion": tap(
        "Jenor Motion-Activated Kitchen Faucet",
        "jenor",
        "kitchen-single-lever",
        "touchless",
        "swivel",
        [("JNR-MA-CP", "chrome", "299.00"), ("JNR-MA-MB", "matte-black", "319.00")],
        summary="Wave a hand under the spout to start the water.",
        height=260,
        flow="6.80",
        valve="solenoid valve",
    ),
    "crosshead": tap(
        "Halden Crosshead Basin Tap Pair",
        "halden",
        "basin-taps",
        "twin",
        "fixed",
        [("HR-XH-CP", "chrome", "129.00"), ("HR-XH-BN", "brushed-nickel", "149.00")],
        summary="Traditional pillar taps with porcelain hot and cold indices.",
        height=95,
        flow="8.30",
        holes=2,
        valve="1/2-turn compression valves",
    ),
    "prerinse": tap(
        "Kestrel Commercial Pre-Rinse Unit",
        "kestrel",
        "commercial-kitchen",
        "single",
        "pull-down",
        [("KST-PRU-CP", "chrome", "349.00")],
        summary="A spray valve on a spring column for restaurant dish stations.",
        mounting="wall",
        height=1000,
        flow="4.85",
    ),
    "hallam": tap(
        "Kestrel Hallam Bridge Kitchen Mixer",
        "kestrel",
        "kitchen-twin-handle",
        "twin",
        "swivel",
        [("KST-HAL-MB-CP", "matte-black", "239.00"), ("KST-HAL-CH-CP", "chrome", "219.00")],
        summary="A bridge mixer with lever handles and a swivel spout.",
        height=240,
        flow="8.30",
        holes=2,
    ),
    "melange": tap(
        "M\u00e9lange Single Handle Basin Mixer",
        "aquaverde",
        "basin-taps",
        "single",
        "fixed",
        [("AV-MEL-CH", "chrome", "89.00")],
        summary="Compact basin mixer with a ceramic cartridge.",
        height=150,
        flow="5.00",
    ),
    "heritage": tap(
        "Heritage Twin-Handle Kitchen Faucet",
        "jenor",
        "kitchen-twin-handle",
        "twin",
        "swivel",
        [("JNR-HER-CP", "chrome", "189.00"), ("JNR-HER-GM", "gunmetal", "219.50")],
        summary="A bridge faucet with a hot tap on the left and a cold tap on the right.",
        height=280,
        flow="8.30",
        holes=2,
    ),
    "gunmetal_bridge": tap(
        "Halden Dual Lever Gun Metal Bridge Mixer",
        "halden",
        "kitchen-twin-handle",
        "twin",
        "swivel",
        [("HR-DLB-GM", "gunmetal", "289.00")],
        summary="A bridge mixer for farmhouse kitchens.",
        height=270,
        flow="7.60",
        holes=2,
    ),
    "lago": tap(
        "Lago Deck-Mounted Bath Filler",
        "aquaverde",
        "bath-fillers",
        "twin",
        "fixed",
        [("AV-LAGO-CP", "chrome", "259.00")],
        summary="A pair of pillar valves and a wide spout that fills a bath quickly.",
        height=100,
        flow="15.00",
        holes=2,
    ),
    "bath_shower": tap(
        "Halden Thermostatic Bath Shower Mixer",
        "halden",
        "bath-fillers",
        "twin",
        "fixed",
        [("HR-BSM-CP", "chrome", "329.00")],
        summary="A wall-mounted thermostatic mixer with a handset and hose.",
        mounting="wall",
        flow="18.00",
    ),
    "orla": tap(
        "Orla Basin Mixer",
        "aquaverde",
        "basin-taps",
        "single",
        "fixed",
        [("AV-ORLA-SG", "slate-grey", "139.00"), ("AV-ORLA-CP", "chrome", "119.00")],
        summary="A slim lever basin mixer in a soft stone-like finish.",
        height=165,
        flow="5.00",
    ),
    "jn8802": tap(
        "Jenor JN-8802 Wall-Mounted Kitchen Tap",
        "jenor",
        "kitchen-faucets",
        "twin",
        "swivel",
        [("JNR-8802-CP", "chrome", "99.00")],
        summary="A wall tap for farmhouse sinks with a long swivel spout.",
        mounting="wall",
        reach=250,
        flow="9.00",
        holes=2,
    ),
    "gooseneck": tap(
        "Jenor Gooseneck Kitchen Faucet",
        "jenor",
        "kitchen-single-lever",
        "single",
        "swivel",
        [("JNR-GN-BN", "brushed-nickel", "209.00"), ("JNR-GN-CP", "chrome", "189.00")],
        summary="A high-arc spout that clears tall stock pots.",
        height=320,
        flow="6.80",
    ),
    "matte_basin": tap(
        "Halden Matte Black Single-Lever Basin Mixer",
        "halden",
        "basin-taps",
        "single",
        "fixed",
        [("HR-MBB-MB", "matte-black", "169.00")],
        summary="A square lever on a slim round body.",
        height=160,
        flow="5.00",
    ),
    "cascata": tap(
        "Cascata Waterfall Basin Tap",
        "aquaverde",
        "basin-taps",
        "single",
        "fixed",
        [("AV-CAS-CP", "chrome", "159.00")],
        summary="An open spout that lays water down in a wide sheet.",
        height=140,
        flow="6.00",
    ),
    "vessel": tap(
        "Jenor Tall Vessel Basin Mixer",
        "jenor",
        "basin-taps",
        "single",
        "fixed",
        [("JNR-TV-CP", "chrome", "129.00"), ("JNR-TV-MB", "matte-black", "149.00")],
        summary="A raised mixer for countertop bowls.",
        height=290,
        flow="5.00",
    ),
    "wall_basin": tap(
        "Kestrel Wall-Mounted Basin Mixer",
        "kestrel",
        "basin-taps",
        "single",
        "fixed",
        [("KST-WBM-CP", "chrome", "139.00")],
        summary="A concealed body with a long spout over the basin.",
        mounting="wall",
        reach=180,
        flow="5.00",
    ),
    "belgravia": tap(
        "Halden Belgravia Bridge Kitchen Mixer",
        "halden",
        "kitchen-twin-handle",
        "twin",
        "swivel",
        [("HR-BEL-CP", "chrome", "349.00"), ("HR-BEL-BN", "brushed-nickel", "379.00")],
        summary="Lever handles, a tall swan-neck spout and a rinse spray.",
        height=260,
        flow="8.30",
        holes=2,
    ),
    "pot_filler": tap(
        "Jenor Wall-Mounted Pot Filler",
        "jenor",
        "commercial-kitchen",
        "twin",
        "swivel",
        [("JNR-PF-CP", "chrome", "259.00")],
        summary="A folding arm over the range fills stock pots where they sit.",
        mounting="wall",
        reach=600,
        flow="15.00",
    ),
    "nuvola": tap(
        "Nuvola Thermostatic Shower Valve",
        "aquaverde",
        "bathroom-faucets",
        "single",
        "fixed",
        [("AV-NUV-CP", "chrome", "219.00")],
        summary="A concealed valve that holds the shower at the temperature you set.",
        mounting="wall",
        flow="12.00",
    ),
    "bar": tap(
        "Kestrel Bar Sink Faucet",
        "kestrel",
        "kitchen-faucets",
        "single",
        "swivel",
        [("KST-BAR-CP", "chrome", "99.00"), ("KST-BAR-GM", "gunmetal", "119.00")],
        summary="A compact faucet for a bar or prep sink.",
        height=175,
        flow="5.00",
    ),
    "bidet": tap(
        "Halden Deck-Mounted Bidet Mixer",
        "halden",
        "bathroom-faucets",
        "single",
        "fixed",
        [("HR-BID-CP", "chrome", "149.00")],
        summary="A small mixer with a swivelling outlet.",
        height=90,
        flow="5.00",
    ),
    "filter": tap(
        "Aquaverde Filtered Water Kitchen Tap",
        "aquaverde",
        "kitchen-twin-handle",
        "twin",
        "swivel",
        [("AV-FIL-CP", "chrome", "299.00"), ("AV-FIL-BN", "brushed-nickel", "329.00")],
        summary="A three-way tap: hot and cold on the levers, filtered water on its own handle.",
        height=245,
        flow="6.80",
    ),
    "three_hole": tap(
        "Halden Three-Hole Basin Mixer",
        "halden",
        "basin-taps",
        "twin",
        "fixed",
        [("HR-3H-CP", "chrome", "199.00"), ("HR-3H-BN", "brushed-nickel", "229.00")],
        summary="A widespread basin set with two lever valves.",
        height=110,
        flow="6.00",
        holes=3,
    ),
    "laundry": tap(
        "Kestrel Laundry Tap with Hose Union",
        "kestrel",
        "kitchen-faucets",
        "single",
        "fixed",
        [("KST-LT-CP", "chrome", "49.00")],
        summary="A utility tap for washing machines and garden hoses.",
        mounting="wall",
        flow="12.00",
    ),
}

ARTICLES = {
    "quota": {
        "title": "China cuts rare earth export quotas for the first half",
        "body": (
            "China's Ministry of Commerce set the first batch of rare earth export quotas lower "
            "than a year ago. Each year the quota is issued in two batches and covers light and "
            "heavy rare earth elements used in magnets and polishing powders.\n\n"
            "Traders expect prices to rise."
        ),
        "tags": ["Rare earths", "Trade"],
    },
    "cartridge": {
        "title": "What is a ceramic disc cartridge?",
        "body": (
            "Inside most single-lever taps sits a ceramic disc cartridge: two polished alumina "
            "discs, each with openings, slide over each other to mix hot and cold water.\n\n"
            "The edge of each disc is ground flat, and because the discs are harder than grit "
            "the cartridge outlasts the rubber washers of older compression valves."
        ),
        "tags": ["Explainers"],
    },
    "tariffs": {
        "title": "Brass tariffs push up the cost of imported faucets",
        "body": (
            "A 25% tariff on brass fittings and valves took effect this month. Importers of "
            "kitchen and bathroom taps say each container now costs more, and some makers move "
            "assembly to Vietnam to keep exports flowing."
        ),
        "tags": ["Brass", "Trade"],
    },
    "copper": {
        "title": "Copper climbs as smelters cut output",
        "body": (
            "Copper prices rose again this week. Brass makers feel it first: each tonne of "
            "brass holds about sixty percent copper."
        ),
        "tags": ["Copper", "Raw materials"],
    },
    "wras": {
        "title": "WRAS approval explained",
        "body": (
            "The UK Water Regulations Approval Scheme tests each tap and valve whose materials "
            "touch drinking water, and installers must fit approved fittings."
        ),
        "tags": ["Standards"],
    },
    "hospitals": {
        "title": "Why hospitals are switching to touchless taps",
        "body": (
            "Infection-control teams prefer sensor taps: hands-free operation leaves no lever to "
            "touch after washing. The edge case is a power cut, so most units keep a battery."
        ),
        "tags": ["Hygiene"],
    },
    "canton": {
        "title": "Kaiping Jenor shows its SX720 single-lever kitchen mixer at the Canton Fair",
        "body": (
            "The Kaiping maker brought the SX720 kitchen mixer to Guangzhou, with chrome and "
            "gunmetal finishes and a low-flow aerator for export markets."
        ),
        "tags": ["Trade shows"],
    },
    "pull": {
        "title": "Pull-out or pull-down: choosing a kitchen sprayer",
        "body": (
            "A pull-out spray head sits on a low spout and pulls straight toward you; a "
            "pull-down head hangs from a high arc and drops into the sink. Each suits a "
            "different sink and a different cook."
        ),
        "tags": ["Buying guides"],
    },
    "finishes": {
        "title": "Matte black, gunmetal and brushed nickel: finishes that last",
        "body": (
            "PVD coatings bond to brass so firmly that the edge of a lever does not wear "
            "through, where plated finishes chip."
        ),
        "tags": ["Finishes", "Buying guides"],
    },
}
PUBLISHED_AT = "2026-04-01T08:00:00Z"


@dataclass(frozen=True)
class Item:
    """What a search result shows of one product or article."""

    type: str
    slug: str
    title: str


def build_shop(client, editor, make_product) -> dict[str, Item]:
    """Create the shop's terms, products and published articles; returns items by key."""
    for section, entries in EXTRA_TERMS.items():
        for entry in entries:
            response = client.post(f"/api/v1/{section}", json=entry, headers=editor)
            assert response.status_code == 201, response.json
    items = {}
    for key, body in PRODUCTS.items():
        product = make_product(**body)
        items[key] = Item("product", product["slug"], product["name"])
    for key, fields in ARTICLES.items():
        body = {**fields, "status": "published", "published_at": PUBLISHED_AT}
        response = client.post("/api/v1/articles", json=body, headers=editor)
        assert response.status_code == 201, response.json
        items[key] = Item("article", response.json["slug"], response.json["title"])
    return items


def found(response) -> list[Item]:
    """The items of a search response, in order, as `Item`s."""
    assert response.status_code == 200, response.json
    return [
        Item(
            item["type"],
            item["document"]["slug"],
            item["document"].get("name") or item["document"].get("title"),
        )
        for item in response.json["items"]
    ]
