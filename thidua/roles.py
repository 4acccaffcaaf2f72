"""The roles a user may hold, and what each may see."""
from __future__ import annotations

UNIT_STAFF = "unit_staff"
UNIT_HEAD = "unit_head"
OFFICE = "office"
COUNCIL_MEMBER = "council_member"
COUNCIL_CHAIR = "council_chair"
LEADER = "leader"
ADMIN = "admin"
# The province's emulation board (Ban Thi đua - Khen thưởng, Sở Nội vụ): sets up the blocs, sees every one.
EMULATION_BOARD = "emulation_board"

LABELS = {
    UNIT_STAFF: "Chuyên viên đơn vị",
    UNIT_HEAD: "Trưởng đơn vị",
    OFFICE: "Văn phòng Ban",
    COUNCIL_MEMBER: "Thành viên Hội đồng",
    COUNCIL_CHAIR: "Chủ tịch Hội đồng",
    LEADER: "Lãnh đạo Ban",
    ADMIN: "Quản trị hệ thống",
    EMULATION_BOARD: "Ban Thi đua - Khen thưởng tỉnh",
}

ALL = tuple(LABELS)

# These roles act for the whole Committee; the unit roles only for their own unit.
COMMITTEE_WIDE = frozenset({OFFICE, COUNCIL_MEMBER, COUNCIL_CHAIR, LEADER})
UNIT_SCOPED = frozenset({UNIT_STAFF, UNIT_HEAD})
