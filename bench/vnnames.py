"""Vietnamese names and places for the benchmark data, with weights close to the real distributions.

Family-name shares follow the usual census-based estimates (Nguyễn about 38 %, Trần 11 %, Lê 9.5 %…); the
ethnic-affairs sector also counts many minority names (Điểu, K’, Lò, Hà, Y, H’…), weighted in by hand.
"""
from __future__ import annotations

import random

FAMILY = [
    ("Nguyễn", 380), ("Trần", 110), ("Lê", 95), ("Phạm", 70), ("Hoàng", 30), ("Huỳnh", 21), ("Phan", 45),
    ("Vũ", 20), ("Võ", 19), ("Đặng", 21), ("Bùi", 20), ("Đỗ", 14), ("Hồ", 13), ("Ngô", 13), ("Dương", 10),
    ("Lý", 5), ("Đinh", 8), ("Lâm", 6), ("Hà", 8), ("Lò", 6), ("Điểu", 5), ("K’", 4), ("Y", 3), ("H’", 3),
    ("Triệu", 4), ("Sầm", 2), ("Lục", 2), ("Nông", 4), ("Quàng", 2), ("Thạch", 3), ("Danh", 3), ("Kim", 2),
    ("Mạc", 2), ("Tô", 3), ("Cao", 4), ("Trịnh", 5), ("Lương", 4), ("Đoàn", 4), ("Vương", 2), ("Tạ", 2),
]
MIDDLE_MALE = [("Văn", 40), ("Đức", 10), ("Minh", 10), ("Quốc", 8), ("Hữu", 8), ("Công", 6), ("Thanh", 6),
               ("Xuân", 4), ("Ngọc", 4), ("Trọng", 4), ("Đình", 5), ("Hoàng", 4)]
MIDDLE_FEMALE = [("Thị", 55), ("Ngọc", 8), ("Thu", 7), ("Thanh", 6), ("Minh", 5), ("Hồng", 5), ("Kim", 4),
                 ("Mỹ", 4), ("Thị Thu", 4), ("Thị Ngọc", 3), ("Bích", 3)]
GIVEN_MALE = ["Anh", "Bảo", "Bình", "Cường", "Dũng", "Duy", "Đạt", "Hải", "Hùng", "Huy", "Khang", "Khoa",
              "Lâm", "Lợi", "Long", "Minh", "Nam", "Nghĩa", "Phong", "Phúc", "Quân", "Quang", "Sang", "Sơn",
              "Tài", "Tâm", "Thắng", "Thành", "Thịnh", "Toàn", "Trung", "Tuấn", "Tùng", "Việt", "Vinh", "Khen",
              "Đông", "Hiếu", "Hậu", "Lộc", "Phát", "Tiến", "Trí", "Vũ", "Kiên", "Hòa"]
GIVEN_FEMALE = ["Anh", "Chi", "Diệp", "Dung", "Duyên", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hồng",
                "Hương", "Huyền", "Lan", "Liên", "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Ngọc", "Nhung",
                "Oanh", "Phương", "Quyên", "Tâm", "Thảo", "Thơ", "Thủy", "Trang", "Trinh", "Tuyết", "Uyên",
                "Vân", "Xuân", "Yến", "Hân", "Thư", "Nhi", "Vy"]

PROVINCES = [
    "Hà Giang", "Cao Bằng", "Bắc Kạn", "Tuyên Quang", "Lào Cai", "Điện Biên", "Lai Châu", "Sơn La", "Yên Bái",
    "Hòa Bình", "Thái Nguyên", "Lạng Sơn", "Quảng Ninh", "Bắc Giang", "Phú Thọ", "Vĩnh Phúc", "Bắc Ninh",
    "Hải Dương", "Hải Phòng", "Hưng Yên", "Thái Bình", "Hà Nam", "Nam Định", "Ninh Bình", "Thanh Hóa",
    "Nghệ An", "Hà Tĩnh", "Quảng Bình", "Quảng Trị", "Thừa Thiên Huế", "Đà Nẵng", "Quảng Nam", "Quảng Ngãi",
    "Bình Định", "Phú Yên", "Khánh Hòa", "Ninh Thuận", "Bình Thuận", "Kon Tum", "Gia Lai", "Đắk Lắk",
    "Đắk Nông", "Lâm Đồng", "Bình Phước", "Tây Ninh", "Bình Dương", "Đồng Nai", "Bà Rịa - Vũng Tàu",
    "Thành phố Hồ Chí Minh", "Long An", "Tiền Giang", "Bến Tre", "Trà Vinh", "Vĩnh Long", "Đồng Tháp",
    "An Giang", "Kiên Giang", "Cần Thơ", "Hậu Giang", "Sóc Trăng", "Bạc Liêu", "Cà Mau", "Hà Nội",
]
# Syllables that district names are made of (Tân Phú, Định Quán, Xuân Lộc…): pairs give thousands of names.
PLACE_FIRST = ["Tân", "Định", "Xuân", "Long", "Vĩnh", "Phú", "Cẩm", "Thống", "Trảng", "Nhơn", "Bình", "Đức",
               "Hòa", "Mường", "Bảo", "Quảng", "Thạch", "Yên", "Sơn", "Krông", "Ea", "Đăk", "Chư", "Bắc",
               "Na", "Tuần", "Lạc", "Kim", "Thanh", "Hưng"]
PLACE_SECOND = ["Phú", "Quán", "Lộc", "Thành", "Cửu", "Mỹ", "Nhất", "Bom", "Trạch", "Khánh", "Hòa", "Linh",
                "Tè", "Lâm", "Yên", "Sơn", "Ninh", "Giáo", "Pắc", "Hà", "Thủy", "Thuận", "Biên", "Xá",
                "Năng", "Mil", "Sê", "Prông", "Giang", "Bình"]
DEPARTMENTS = [("VP", "Văn phòng"), ("TTR", "Thanh tra"), ("CSDT", "Phòng Chính sách Dân tộc"),
               ("TTDB", "Phòng Tuyên truyền và Địa bàn")]
POSITIONS_STAFF = [("Chuyên viên", 60), ("Chuyên viên chính", 15), ("Phó Trưởng phòng", 10),
                   ("Trưởng phòng", 5), ("Cán sự", 10)]
POSITIONS_COMMUNITY = ["Người có uy tín ấp {n}", "Già làng buôn {n}", "Trưởng thôn {n}"]
# Ethnic groups of the sector's people: Kinh most, then the larger minorities (codes of thidua/ethnicities.py).
ETHNICITY_WEIGHTS = [("01", 55), ("02", 6), ("03", 6), ("06", 5), ("05", 4), ("07", 3), ("08", 4), ("09", 3),
                     ("10", 2), ("12", 2), ("13", 2), ("32", 2), ("28", 2), ("17", 1), ("04", 2), ("20", 1)]


class Picker:
    """Weighted choices from a seeded random generator (random.choices is the slow part otherwise)."""

    def __init__(self, rng: random.Random, weighted):
        self.rng = rng
        self.values = [v for v, _ in weighted]
        total, self.cum = 0, []
        for _, w in weighted:
            total += w
            self.cum.append(total)

    def __call__(self):
        return self.rng.choices(self.values, cum_weights=self.cum)[0]


class Names:
    """Full names of both genders, drawn from the distributions above."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.family = Picker(rng, FAMILY)
        self.middle = {"male": Picker(rng, MIDDLE_MALE), "female": Picker(rng, MIDDLE_FEMALE)}
        self.given = {"male": GIVEN_MALE, "female": GIVEN_FEMALE}

    def full_name(self, gender: str) -> str:
        return f"{self.family()} {self.middle[gender]()} {self.rng.choice(self.given[gender])}"


def district_name(n: int) -> str:
    """The n-th district name: every pair of syllables once, then numbered (the count is what matters)."""
    pairs = len(PLACE_FIRST) * len(PLACE_SECOND)
    first, second = PLACE_FIRST[n % len(PLACE_FIRST)], PLACE_SECOND[(n // len(PLACE_FIRST)) % len(PLACE_SECOND)]
    suffix = f" {n // pairs + 1}" if n >= pairs else ""
    return f"{first} {second}{suffix}"
