"""The search box of the navigation: suggestions as the user types (htmx) and a full results page."""
from __future__ import annotations

from flask import Blueprint
from flask_login import current_user

from ..forms_support import search_term
from ..web import render, render_fragment
from . import service

bp = Blueprint("search", __name__, url_prefix="/search")


@bp.route("")
def results():
    term = search_term()
    return render("search/results.html", term=term, groups=service.search(current_user, term, limit=50),
                  too_short=0 < len(term) < service.MIN_LENGTH)


@bp.route("/suggest")
def suggest():
    term = search_term()
    return render_fragment("search/_suggestions.html", term=term, groups=service.search(current_user, term))
