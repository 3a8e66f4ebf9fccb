"""wijkbudget: residents of a wijk decide together how to spend their yearly budget."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

import config

ROOT = Path(__file__).resolve().parent.parent
MAX_ID = 2**31 - 1  # PostgreSQL's integer


class DatabaseId(IntegerConverter):
    """``<int:…>`` in every URL: larger than any id the database can hold is a 404, not a 500."""

    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def create_app(env_name: str | None = None, **overrides: Any) -> Flask:
    """Build the app for ``env_name`` (default ``WIJKBUDGET_ENV``); ``overrides`` win over both."""
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(config.instance_dir()),
    )
    app.url_map.converters["int"] = DatabaseId
    app.config.from_mapping(config.load(env_name))
    app.config.from_mapping(overrides)
    if app.config["TRUSTED_PROXIES"]:
        hops = app.config["TRUSTED_PROXIES"]
        # Not x_host: links in mails come from PUBLIC_URL, and the Host header is not trusted.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]

    from wijkbudget import cli, errors, i18n, models, security, templating  # noqa: F401
    from wijkbudget.extensions import csrf, db, login_manager, migrate
    from wijkbudget.ops import logging as ops_logging

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    i18n.init_app(app)
    login_manager.init_app(app)
    security.init_app(app)
    ops_logging.init_app(app)
    errors.init_app(app)
    templating.init_app(app)
    cli.init_app(app)

    from wijkbudget.admin.views import bp as admin_bp
    from wijkbudget.api.views import bp as api_bp
    from wijkbudget.auth.views import bp as auth_bp
    from wijkbudget.exports.views import bp as exports_bp
    from wijkbudget.initiatives.views import bp as initiatives_bp
    from wijkbudget.ops.views import bp as ops_bp
    from wijkbudget.pages.views import bp as pages_bp
    from wijkbudget.paper.views import bp as paper_bp
    from wijkbudget.profiles.views import bp as profiles_bp
    from wijkbudget.projects.manage import bp as projects_manage_bp
    from wijkbudget.projects.views import bp as projects_bp
    from wijkbudget.results.views import bp as results_bp
    from wijkbudget.review.views import bp as review_bp
    from wijkbudget.voting.views import bp as voting_bp
    from wijkbudget.wijken.views import bp as wijken_bp

    app.register_blueprint(pages_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(wijken_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(initiatives_bp)
    app.register_blueprint(review_bp)
    app.register_blueprint(projects_bp)
    app.register_blueprint(projects_manage_bp)
    app.register_blueprint(profiles_bp)
    app.register_blueprint(voting_bp)
    app.register_blueprint(paper_bp)
    app.register_blueprint(results_bp)
    app.register_blueprint(exports_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(ops_bp)
    return app
