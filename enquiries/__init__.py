"""Product enquiries: shoppers request a quote from a product page; staff are emailed."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Mount the enquiry API, its rate limit, the staff notifications and `flask enquiries`.

    Needs the kernel and the catalogue (enquiries are about its products).
    """
    from core.api import register_api_blueprints
    from core.ratelimit import limit_as_enquiry
    from enquiries.cli import register_enquiry_commands
    from enquiries.mail import register_mailer
    from enquiries.routes import blueprints

    register_api_blueprints(app, *blueprints)
    limit_as_enquiry(app, "product_enquiries.send_enquiry")
    register_mailer(app)
    register_enquiry_commands(app)
