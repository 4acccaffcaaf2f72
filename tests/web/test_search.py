"""One search box: accent-insensitive, scoped by the user's rights, as htmx suggestions and a full page."""

import pytest

from thidua import roles
from thidua.models import Person
from thidua.textfold import fold
from thidua.vnsort import name_key
from tests.campaign_factories import make_campaign
from tests.factories import make_unit
from tests.page_text import page_text


@pytest.fixture
def world(app, make_user):
    own, other = make_unit("Phòng Dân tộc huyện Tân Phú"), make_unit("Phòng Dân tộc huyện Định Quán")
    for unit, name in ((own, "Nguyễn Văn Khang"), (other, "Điểu Thị Khang")):
        Person.create(unit=unit, full_name=name, sort_key=name_key(name), gender="male", ethnicity="01")
    office = make_user(roles.OFFICE)
    make_campaign(office, title="Phát động phong trào thi đua yêu nước năm 2021", units=[own])
    return {"own": own, "other": other, "office": office,
            "staff": make_user(roles.UNIT_STAFF, unit=own)}


def test_folding_drops_diacritics_and_reads_d_for_đ():
    assert fold("  Điểu Thị  KHANG ") == "dieu thi khang"


def test_typing_without_diacritics_finds_the_name(client, sign_in, world):
    sign_in(world["office"])
    page = page_text(client.get("/search?q=nguyen van khang"))
    assert "Nguyễn Văn Khang" in page and "Điểu Thị Khang" not in page


def test_a_district_user_finds_only_people_of_their_unit(client, sign_in, world):
    sign_in(world["staff"])
    page = page_text(client.get("/search?q=khang"))
    assert "Nguyễn Văn Khang" in page and "Điểu Thị Khang" not in page
    assert "Tập thể, đơn vị" not in page and "Quyết định, tờ trình" not in page


def test_suggestions_come_as_an_htmx_fragment_with_a_link_to_all_results(client, sign_in, world):
    sign_in(world["office"])
    response = client.get("/search/suggest?q=dieu", headers={"HX-Request": "true"})
    fragment = response.get_data(as_text=True)
    assert 'id="search-suggestions"' in fragment and "Điểu Thị Khang" in fragment
    assert "/search?q=dieu" in fragment


def test_plans_and_units_are_found_by_the_office(client, sign_in, world):
    sign_in(world["office"])
    page = page_text(client.get("/search?q=yeu nuoc"))
    assert "Phát động phong trào thi đua yêu nước năm 2021" in page
    assert "Phòng Dân tộc huyện Định Quán" in page_text(client.get("/search?q=dinh quan"))


def test_a_one_letter_search_asks_for_more(client, sign_in, world):
    sign_in(world["office"])
    assert "ít nhất 2 ký tự" in page_text(client.get("/search?q=k"))


def test_wildcards_typed_by_the_user_are_taken_literally(client, sign_in, world):
    sign_in(world["office"])
    assert "Không tìm thấy kết quả nào" in page_text(client.get("/search?q=%25%25"))


def test_a_renamed_person_is_found_by_the_new_name_only(client, sign_in, world):
    person = Person.get(Person.full_name == "Nguyễn Văn Khang")
    person.full_name = "Nguyễn Văn Khánh"
    person.save()
    sign_in(world["office"])
    page = page_text(client.get("/search?q=van khanh"))
    assert "Nguyễn Văn Khánh" in page
    assert "Không tìm thấy kết quả nào cho “van khang”" in page_text(client.get("/search?q=van khang"))


def test_a_two_letter_term_still_finds_rare_and_common_names(client, sign_in, world):
    sign_in(world["office"])
    assert "Điểu Thị Khang" in page_text(client.get("/search?q=ie"))
    assert "Nguyễn Văn Khang" in page_text(client.get("/search?q=ng"))
