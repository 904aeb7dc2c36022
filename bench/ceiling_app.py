"""The benchmark's ceiling: a bare Flask endpoint returning 20 static items shaped like products."""

from flask import Flask

from core.gc_settings import tune_for_serving

TERM = {"slug": "aquaforge", "name": "Aquaforge"}
MONEY = {"amount": "189.00", "currency": "USD"}
ITEMS = [
    {
        "slug": f"static-faucet-{number}",
        "name": f"Static Faucet {number}",
        "summary": "Single-Handle faucet in 2 finish(es).",
        "brand": TERM,
        "category": {"slug": "kitchen-single-lever", "name": "Single-lever"},
        "handle_type": "single",
        "mounting": "deck",
        "finishes": [
            {"slug": "chrome", "name": "Chrome"},
            {"slug": "gunmetal", "name": "Gunmetal"},
        ],
        "price_range": {"min": MONEY, "max": MONEY},
        "in_stock": True,
        "image": {"url": f"https://images.example.com/static/{number}.jpg", "alt": "A view"},
        "status": "published",
        "published_at": "2024-06-01T12:00:00+00:00",
    }
    for number in range(20)
]

app = Flask(__name__)
tune_for_serving()  # the catalogue's own settings (wsgi.py), so only the app differs


@app.get("/items")
def static_items():
    """Twenty static items in the listing envelope, with no database and no validation."""
    return {"items": ITEMS, "meta": {"page": 1, "per_page": 20, "total": 20, "pages": 1}}
