"""Filling the product editor as a person would, field by field."""

NEW_FAUCET = {
    "name": "Foundry Twin-Handle Bridge Faucet",
    "brand": "jenor",
    "category": "kitchen-twin-handle",
    "summary": "A bridge faucet with cross handles, in gunmetal or chrome.",
    "description": "Two **ceramic** valves and a swivel spout.",
    "handle_type": "twin",
    "mounting": "deck",
    "spout_type": "swivel",
    "installation_holes": "2",
    "flow_rate": "1.8",
    "flow_unit": "gpm",
    "spout_height": "9",
    "spout_reach": "8.25",
    "length_unit": "in",
    "valve": "Quarter-turn ceramic discs",
    "body_material": "Lead-free brass",
    "currency": "USD",
    "seo_title": "Foundry twin-handle faucet in gunmetal",
    "seo_description": "A gunmetal bridge faucet with two cross handles.",
    "publish_at": "",
}
TWO_FINISHES = [
    ("variants-0-finish", "gunmetal"),
    ("variants-0-sku", "FDY-GM"),
    ("variants-0-price", "329.00"),
    ("variants-0-compare_at", "359.00"),
    ("variants-0-stock", "7"),
    ("variants-1-finish", "chrome"),
    ("variants-1-sku", "FDY-CH"),
    ("variants-1-price", "299.00"),
    ("variants-1-compare_at", ""),
    ("variants-1-stock", "0"),
]


def new_faucet_form(action: str = "save", **changes) -> list:
    """The editor's fields for a new twin-handle gunmetal faucet, as a browser sends them."""
    fields = {**NEW_FAUCET, **changes}
    pairs = list(fields.items()) + TWO_FINISHES + [("certifications", "nsf-ansi-61")]
    return [*pairs, ("action", action), ("submission", f"test-{action}-{len(pairs)}")]
