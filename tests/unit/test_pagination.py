"""Pages in the second half of a long list are read from its other end (thidua/web.py): the same rows, in the
same order, as reading forward — and only when the order is total."""
from thidua.models import Unit
from thidua.web import _reversed_order, paginate
from tests.factories import make_unit


def test_every_page_read_from_either_end_holds_the_rows_of_a_forward_read(app):
    with app.app_context():
        for n in range(23):
            make_unit(name=f"Phòng Dân tộc huyện số {n % 5}")  # many ties on the name
        query = Unit.select().order_by(Unit.sort_key, Unit.id)
        forward = [u.id for u in query]
        pages = []
        for number in range(1, 6):
            with app.test_request_context(f"/?page={number}"):
                pages.append([u.id for u in paginate(query, 5).items])
    assert [i for page in pages for i in page] == forward


def test_an_order_with_ties_is_never_read_backwards(app):
    with app.app_context():
        assert _reversed_order(Unit.select().order_by(Unit.sort_key)) is None
        assert _reversed_order(Unit.select().order_by(Unit.sort_key, Unit.id.desc())) is not None
