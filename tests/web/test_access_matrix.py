"""The access control matrix: every route × every role (and no role, and no sign-in) × own unit / other unit ×
record state, against the answer the table below says it must give (issue 8, point 1).

How to read the table. Each (endpoint, method) of the URL map has one or more `Access` rows:

    roles   who may use the route (the area's gate and the view's own check together); ANY: every signed-in user,
            even one holding no role; PUBLIC: no sign-in needed
    scope   "unit": the record belongs to unit A, so unit users of unit B must get 404 (or 403) like a stranger;
            "committee": no per-unit record (or every allowed role sees every unit's);
            "mine": the user's own thing (their notification, their staged upload) — nobody else's is reachable
    params  which record of the world fills each URL parameter (see World), where the default does not fit
    states  for transition routes: the record's state → the answer an allowed role gets (e.g. submitting a
            dossier already verified → 409)

From a row the expected answer for a principal follows: not signed in → redirect to /login (or 2xx on a public
route); a role outside `roles` → 403 (404 accepted where the view looks the record up before asking the role);
a unit user of another unit on a "unit" record → 404 (403 accepted); an allowed role → anything but 401/403/404
and never a 5xx (a POST with minimal data may well answer 400/409/422: the point is the authorization answer).
A transition asked of a record in a state it cannot leave is 409 to everyone (workflow.apply checks the state
first), so there a refused role may get 409 as well as 403/404.
After every refused POST the database must be exactly as it was; after every accepted POST it is put back, so
each route meets the same world.

The world is built once per module (a SQLite file copied for each test); one test per principal walks every row.
"""
from __future__ import annotations

import datetime
import io
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from thidua import roles
from tests.database_snapshots import SqliteStore, store_for

PUBLIC = "public"
ANY = "any"
NO_ROLE = "no_role"

UNIT_ROLES = frozenset({roles.UNIT_STAFF, roles.UNIT_HEAD})
COMMITTEE = frozenset(roles.COMMITTEE_WIDE)
OFFICE = frozenset({roles.OFFICE})
ADMIN = frozenset({roles.ADMIN})
LEADER = frozenset({roles.LEADER})
WORKERS = UNIT_ROLES | COMMITTEE                      # every role but the IT admin
EVERY_ROLE = frozenset(roles.ALL)
COUNCIL = frozenset({roles.COUNCIL_MEMBER, roles.COUNCIL_CHAIR})
BOARD = frozenset({roles.EMULATION_BOARD})   # the province's emulation board: every bloc
COMMITTEE_STAFF = EVERY_ROLE - BOARD               # everyone of the Committee: the board is outside it

OK = "ok"          # allowed: anything but 401/403/404 and 5xx
REFUSED = "refused"  # allowed in general, refused in this state: 403/409/422 and nothing changes
DENY = "deny"      # 403 (404 accepted)
HIDE = "hide"      # 404 (403 accepted): a record of another unit
LOGIN = "login"    # redirect to the sign-in page


@dataclass(frozen=True)
class Access:
    roles: frozenset | str
    scope: str = "committee"
    params: dict = field(default_factory=dict)
    states: dict | None = None           # state -> expected status for an allowed role (int) or OK
    strict_deny: bool = True             # a refused role gets exactly 403 (False: 403 or 404)
    answer: object = OK                  # what an allowed role gets in the world's state (when not OK)
    note: str = ""


def A(roles_, scope="committee", **kw) -> Access:  # noqa: N802 — reads like a table cell
    return Access(roles_, scope, **kw)


# ---------------------------------------------------------------------------------------------------------------
# The table
# ---------------------------------------------------------------------------------------------------------------
G, P = "GET", "POST"

TABLE: dict[tuple[str, str], list[Access]] = {
    # Public pages and the sign-in itself.
    ("auth.login", G): [A(PUBLIC)],
    ("auth.login", P): [A(PUBLIC)],
    ("main.health", G): [A(PUBLIC)],
    ("public.index", G): [A(PUBLIC)],
    ("public.decision", G): [A(PUBLIC, params={"decision_id": "signed_decision"})],
    ("public.award", G): [A(PUBLIC, params={"token": "award_token"})],
    ("public.notice", G): [A(PUBLIC)],
    # Common pages of every signed-in user.
    ("auth.change_password", G): [A(ANY)],
    ("auth.change_password", P): [A(ANY)],
    ("auth.logout", P): [A(ANY)],
    # The code step of a two-factor sign-in: without a pending password step it sends to /login.
    ("auth.two_factor", G): [A(ANY)],
    ("auth.two_factor", P): [A(ANY)],
    ("auth.totp_setup", G): [A(ANY)],
    ("auth.totp_setup", P): [A(ANY)],
    ("auth.totp_disable", P): [A(ANY)],
    ("main.index", G): [A(ANY)],
    ("main.inbox", G): [A(ANY)],
    ("main.inbox_count", G): [A(ANY)],
    ("main.my_unit", G): [A(ANY)],
    ("main.unit", G): [A(COMMITTEE | ADMIN | UNIT_ROLES | {NO_ROLE}, "unit", params={"unit_id": "unit_a"},
                         strict_deny=False,
                         note="a user sees their own unit's page; the Committee-wide roles and the admin every unit")],
    ("main.units", G): [A(ANY)],  # unit users are sent on to their own unit
    ("search.results", G): [A(ANY)],
    ("search.suggest", G): [A(ANY)],
    ("notifications.index", G): [A(ANY)],
    ("notifications.bell", G): [A(ANY)],
    ("notifications.settings", G): [A(ANY)],
    ("notifications.settings", P): [A(ANY)],
    ("notifications.mark_all_read", P): [A(ANY)],
    ("notifications.open_", G): [A(ANY, "mine")],
    ("notifications.mark_read", P): [A(ANY, "mine")],
    # Attachments: authorised like the record that holds them.
    ("attachments.download", G): [
        A(WORKERS, "unit", params={"attachment_id": "nomination_file"}, strict_deny=False),
        A(WORKERS, "unit", params={"attachment_id": "report_file"}, strict_deny=False)],
    ("attachments.remove", P): [
        A(UNIT_ROLES, "unit", params={"attachment_id": "nomination_file"}, strict_deny=False),
        A(UNIT_ROLES, "unit", params={"attachment_id": "report_file"}, strict_deny=False)],
    # Administration: the IT officer only.
    **{(e, m): [A(ADMIN)] for e, m in [
        ("admin.index", G), ("admin.units", G), ("admin.unit_new", G), ("admin.unit_new", P),
        ("admin.unit_edit", G), ("admin.unit_edit", P), ("admin.unit_row", G), ("admin.unit_set_active", P),
        ("admin.users", G), ("admin.user_new", G), ("admin.user_new", P), ("admin.user_edit", G),
        ("admin.user_edit", P), ("admin.user_row", G), ("admin.user_set_active", P),
        ("admin.user_reset_password", G), ("admin.user_reset_password", P), ("admin.audit_log", G),
        ("admin.catalogue_list", G), ("admin.catalogue_new", G), ("admin.catalogue_new", P),
        ("admin.catalogue_edit", G), ("admin.catalogue_edit", P), ("admin.catalogue_set_active", P),
        ("admin.regime_edit", G), ("admin.regime_edit", P), ("admin.agency_head", G), ("admin.agency_head", P),
        ("admin.base_salary", G), ("admin.base_salary", P), ("admin.council", G), ("admin.council_new", G),
        ("admin.council_new", P), ("admin.council_edit", G), ("admin.council_edit", P), ("admin.council_end", P),
        ("admin.emails", G), ("admin.email_retry", P), ("admin.user_reset_totp", P), ("admin.user_unlock", P)]},
    # Vote rules: the office reads them, the admin keeps them.
    ("council.rules", G): [A(OFFICE | ADMIN)],
    ("council.rule_edit", G): [A(ADMIN)],
    ("council.rule_edit", P): [A(ADMIN)],
    # Campaigns: the office drafts and publishes; everyone reads the published plans addressed to them.
    ("campaigns.index", G): [A(EVERY_ROLE)],
    ("campaigns.new", G): [A(OFFICE)],
    ("campaigns.new", P): [A(OFFICE)],
    ("campaigns.plan_docx", G): [A(COMMITTEE_STAFF, strict_deny=False)],
    ("campaigns.detail", G): [A(COMMITTEE_STAFF, strict_deny=False),
                              A(OFFICE | ADMIN, params={"campaign_id": "draft_campaign"}, strict_deny=False,
                                note="a draft is the office's (and admin's)")],
    ("campaigns.edit", G): [A(OFFICE, params={"campaign_id": "draft_campaign"}, strict_deny=False)],
    ("campaigns.edit", P): [A(OFFICE, params={"campaign_id": "draft_campaign"}, strict_deny=False)],
    ("campaigns.act", P): [A(OFFICE, params={"campaign_id": "draft_campaign", "action": "publish"},
                             strict_deny=False),
                           A(OFFICE, params={"action": "close"}, strict_deny=False)],
    ("campaigns.item_add", P): [A(OFFICE, params={"campaign_id": "draft_campaign"}, strict_deny=False)],
    ("campaigns.item_edit", G): [A(OFFICE, params={"campaign_id": "draft_campaign"}, strict_deny=False)],
    ("campaigns.item_edit", P): [A(OFFICE, params={"campaign_id": "draft_campaign"}, strict_deny=False)],
    ("campaigns.item_delete", P): [A(OFFICE, params={"campaign_id": "draft_campaign"}, strict_deny=False)],
    ("campaigns.item_move", P): [A(OFFICE, params={"campaign_id": "draft_campaign"}, strict_deny=False)],
    ("campaigns.milestone_add", P): [A(OFFICE, params={"campaign_id": "draft_campaign"}, strict_deny=False)],
    ("campaigns.milestone_delete", P): [A(OFFICE, params={"campaign_id": "draft_campaign"}, strict_deny=False)],
    ("campaigns.extension_add", P): [A(OFFICE, strict_deny=False)],
    ("campaigns.compile_view", G): [A(COMMITTEE)],
    ("campaigns.compile_xlsx", G): [A(COMMITTEE)],
    # Registrations of unit A.
    ("registrations.start", P): [A(UNIT_ROLES)],
    ("registrations.detail", G): [A(UNIT_ROLES | COMMITTEE, "unit")],
    ("registrations.line_add", P): [A(UNIT_ROLES, "unit", strict_deny=False)],
    ("registrations.line_check", P): [A(UNIT_ROLES, "unit", strict_deny=False)],
    ("registrations.line_delete", P): [A(UNIT_ROLES, "unit", strict_deny=False)],
    ("registrations.act", P): [
        A({roles.UNIT_HEAD}, "unit", params={"action": "submit"}, strict_deny=False,
          states={"draft": OK, "accepted": 409}),
        A(OFFICE, "unit", params={"action": "accept", "registration_id": "registration_submitted"},
          strict_deny=False, states={"submitted": OK, "draft": 409})],
    # Reports of unit A.
    ("reports.start", P): [A(UNIT_ROLES)],
    ("reports.by_campaign", G): [A(COMMITTEE)],
    ("reports.detail", G): [A(UNIT_ROLES | COMMITTEE, "unit")],
    ("reports.save", P): [A(UNIT_ROLES, "unit", strict_deny=False)],
    ("reports.upload", P): [A(UNIT_ROLES, "unit", strict_deny=False)],
    ("reports.act", P): [
        A({roles.UNIT_HEAD}, "unit", params={"action": "submit"}, strict_deny=False,
          states={"draft": OK, "accepted": 409}),
        A(OFFICE, "unit", params={"action": "accept", "report_id": "report_submitted"}, strict_deny=False,
          states={"submitted": OK, "draft": 409})],
    # Nomination dossiers of unit A.
    ("nominations.index", G): [A(UNIT_ROLES | COMMITTEE)],
    ("nominations.new", G): [A(UNIT_ROLES)],
    ("nominations.new", P): [A(UNIT_ROLES)],
    ("nominations.detail", G): [A(UNIT_ROLES | COMMITTEE, "unit"),
                                A(UNIT_ROLES | COMMITTEE, "unit", params={"nomination_id": "nomination_verified"})],
    ("nominations.save", P): [A(UNIT_ROLES, "unit", strict_deny=False)],
    ("nominations.upload", P): [A(UNIT_ROLES, "unit", strict_deny=False)],
    ("nominations.achievement_report", G): [A(UNIT_ROLES | COMMITTEE, "unit")],
    ("nominations.achievement_report", P): [A(UNIT_ROLES, "unit", strict_deny=False)],
    ("nominations.initiative_add", P): [A(OFFICE, "unit", params={"nomination_id": "nomination_submitted"},
                                          strict_deny=False)],
    ("nominations.act", P): [
        A({roles.UNIT_HEAD}, "unit", params={"action": "submit"}, strict_deny=False,
          states={"draft": OK, "submitted": 409, "verified": 409}),
        A(OFFICE, "unit", params={"action": "verify", "nomination_id": "nomination_submitted"}, strict_deny=False,
          states={"submitted": OK, "draft": 409, "verified": 409})],
    ("nominations.return_", P): [A(OFFICE, "unit", params={"nomination_id": "nomination_submitted"},
                                   strict_deny=False, states={"submitted": OK, "verified": 409})],
    ("nominations.verify_bulk", P): [A(OFFICE)],
    # Council sessions: the office prepares, the chair runs, members vote, the leader reads.
    ("sessions.index", G): [A(COMMITTEE)],
    ("sessions.detail", G): [A(COMMITTEE)],
    ("sessions.new", G): [A(OFFICE)],
    ("sessions.new", P): [A(OFFICE)],
    ("sessions.edit", G): [A(OFFICE)],
    ("sessions.edit", P): [A(OFFICE)],
    ("sessions.agenda_refresh", P): [A(OFFICE)],
    ("sessions.agenda_remove", P): [A(OFFICE)],
    ("sessions.attendance", P): [A(OFFICE | {roles.COUNCIL_CHAIR})],
    ("sessions.recusal_add", P): [A(OFFICE)],
    # The world's session is taking attendance: opening the vote is the chair's next step (409 if a guard stops it).
    ("sessions.act", P): [A({roles.COUNCIL_CHAIR}, params={"action": "open_voting"}, states={"attendance": OK})],
    ("sessions.progress", G): [A(OFFICE | {roles.COUNCIL_CHAIR})],
    ("sessions.second_round", P): [A({roles.COUNCIL_CHAIR})],
    # Voting is not open in the world: a member not marked present is told so (403), the others refused.
    ("sessions.ballot", G): [A(COUNCIL, note="sent back to the session while voting is closed")],
    ("sessions.ballot", P): [A(COUNCIL, answer=REFUSED)],
    ("sessions.ballot_review", P): [A(COUNCIL, note="the review of choices writes nothing")],
    ("sessions.written", G): [A(OFFICE)],
    ("sessions.written", P): [A(OFFICE)],
    ("sessions.paper", G): [A(OFFICE)],
    ("sessions.paper", P): [A(OFFICE)],
    ("sessions.minutes_file", G): [A(COMMITTEE, params={"fmt": "docx"})],
    ("sessions.paper_ballot_file", G): [A(OFFICE | {roles.COUNCIL_CHAIR}, params={"fmt": "docx"})],
    ("sessions.notice_post", P): [A(OFFICE)],
    ("sessions.objection_add", P): [A(OFFICE)],
    # Decisions: the office drafts, the leader signs.
    ("decisions.index", G): [A(OFFICE | LEADER)],
    ("decisions.new", G): [A(OFFICE)],
    ("decisions.new", P): [A(OFFICE)],
    ("decisions.detail", G): [A(OFFICE | LEADER)],
    ("decisions.edit", P): [A(OFFICE)],
    ("decisions.remove_line", P): [A(OFFICE)],
    ("decisions.act", P): [A(OFFICE, params={"action": "submit"}, states={"draft": OK, "signed": 409})],
    ("decisions.sign", P): [A(LEADER)],
    ("decisions.sign_bulk", P): [A(LEADER)],
    ("decisions.register", G): [A(OFFICE | LEADER)],
    ("decisions.document_file", G): [A(OFFICE | LEADER, params={"fmt": "docx"})],
    ("decisions.signed_file", G): [A(OFFICE | LEADER, params={"decision_id": "signed_decision"})],
    ("decisions.verify", G): [A(OFFICE | LEADER, params={"decision_id": "signed_decision"})],
    ("decisions.outcome", P): [A(OFFICE, params={"decision_id": "signed_decision", "line_id": "signed_line"})],
    ("decisions.bundle", G): [A(OFFICE | LEADER, answer=404, note="only a proposal upward has a bundle")],
    ("decisions.correction", P): [A(OFFICE, params={"decision_id": "signed_decision"})],
    ("decisions.certificate", G): [A(OFFICE | LEADER, params={"decision_id": "signed_decision",
                                                               "line_id": "signed_line"})],
    ("decisions.delegations", G): [A(LEADER)],
    ("decisions.delegations", P): [A(LEADER)],
    ("decisions.delegation_end", P): [A(LEADER)],
    # The dashboard: the Committee-wide roles.
    ("dashboard.index", G): [A(COMMITTEE)],
    ("dashboard.campaign", G): [A(COMMITTEE)],
    ("dashboard.campaign_xlsx", G): [A(COMMITTEE)],
    ("dashboard.statistics", G): [A(COMMITTEE)],
    ("dashboard.statistics_download", G): [A(COMMITTEE)],
    # Award history: personal data; unit users read their own unit's, the office keeps it, the admin the numbers.
    ("history.index", G): [A(WORKERS | ADMIN, note="the admin is sent on to the rule parameters")],
    ("history.person", G): [A(WORKERS, "unit", strict_deny=False)],
    ("history.unit", G): [A(WORKERS, "unit", params={"unit_id": "unit_a"}, strict_deny=False)],
    ("history.unit_add_award", P): [A(OFFICE, params={"unit_id": "unit_a"}, strict_deny=False)],
    **{(f"history.{verb}_{kind}", m): [A(OFFICE, params={"row_id": f"{kind}_row"}, strict_deny=False)]
       for kind in ("awards", "disciplines", "initiatives", "ratings")
       for verb, m in (("edit", G), ("edit", P), ("remove", G), ("remove", P))},
    **{(f"history.add_{kind}", P): [A(OFFICE, strict_deny=False)]
       for kind in ("awards", "disciplines", "initiatives", "ratings")},
    ("history.export_xlsx", G): [A(OFFICE)],
    ("history.import_template", G): [A(OFFICE)],
    ("history.import_upload", G): [A(OFFICE)],
    ("history.import_upload", P): [A(OFFICE)],
    ("history.import_preview", G): [A(OFFICE, "mine", params={"token": "history_token"})],
    ("history.import_confirm", P): [A(OFFICE, "mine", params={"token": "history_token"})],
    ("history.import_cancel", P): [A(OFFICE, "mine", params={"token": "history_token"})],
    ("history.parameters_list", G): [A(OFFICE | ADMIN)],
    ("history.parameter_edit", G): [A(ADMIN)],
    ("history.parameter_edit", P): [A(ADMIN)],
    # People of the units: all roles read (unit users their own unit's); the office, the admin and the unit keep.
    ("personnel.people", G): [A(COMMITTEE_STAFF)],
    ("personnel.person_new", G): [A(OFFICE | ADMIN | UNIT_ROLES)],
    ("personnel.person_new", P): [A(OFFICE | ADMIN | UNIT_ROLES)],
    ("personnel.person_row", G): [A(COMMITTEE_STAFF, "unit")],
    ("personnel.person_edit", G): [A(OFFICE | ADMIN | UNIT_ROLES, "unit")],
    ("personnel.person_edit", P): [A(OFFICE | ADMIN | UNIT_ROLES, "unit")],
    ("personnel.person_set_active", P): [A(OFFICE | ADMIN | UNIT_ROLES, "unit")],
    ("personnel.person_export", G): [A(OFFICE | ADMIN, "unit", strict_deny=False,
                                      note="a person's whole record, on request (personal data law)")],
    ("personnel.import_template", G): [A(OFFICE | ADMIN | UNIT_ROLES)],
    ("personnel.import_upload", G): [A(OFFICE | ADMIN | UNIT_ROLES)],
    ("personnel.import_upload", P): [A(OFFICE | ADMIN | UNIT_ROLES)],
    ("personnel.import_preview", G): [A(OFFICE | ADMIN | UNIT_ROLES, "mine", params={"token": "people_token"})],
    ("personnel.import_confirm", P): [A(OFFICE | ADMIN | UNIT_ROLES, "mine", params={"token": "people_token"})],
    ("personnel.import_cancel", P): [A(OFFICE | ADMIN | UNIT_ROLES, "mine", params={"token": "people_token"})],
    # Emulation blocs: units A (the year's leader) and B (deputy) are members, with their heads and officers as the
    # bloc's users; the board sets blocs up and reads every one; the Committee-wide roles have no seat. "unit" rows are
    # the leader's team's or unit A's own scorecard: B is a member, refused (403) or kept out of A's scores (404).
    ("blocs.index", G): [A(UNIT_ROLES | BOARD)],
    ("blocs.new", G): [A(BOARD)],
    ("blocs.new", P): [A(BOARD)],
    ("blocs.detail", G): [A(UNIT_ROLES | BOARD)],
    ("blocs.member_add", P): [A(BOARD)],
    ("blocs.user_add", P): [A(BOARD)],
    ("blocs.year_add", P): [A(BOARD)],
    ("blocs.compact", G): [A(UNIT_ROLES | BOARD), A(UNIT_ROLES | BOARD, params={"compact_id": "draft_compact"})],
    ("blocs.terms", P): [A(UNIT_ROLES, "unit", params={"compact_id": "draft_compact"})],
    ("blocs.criterion_add", P): [A(UNIT_ROLES, "unit", params={"compact_id": "draft_compact"})],
    ("blocs.criterion_delete", P): [A(UNIT_ROLES, "unit", params={"compact_id": "draft_compact",
                                                                  "criterion_id": "draft_criterion"})],
    ("blocs.compact_act", P): [A(UNIT_ROLES, "unit", params={"compact_id": "draft_compact", "action": "open_signing"},
                                 strict_deny=False)],
    ("blocs.sign", P): [A({roles.UNIT_HEAD}, params={"compact_id": "draft_compact"}, note="409: not open for signing")],
    ("blocs.compact_document", G): [A(UNIT_ROLES | BOARD)],
    ("blocs.round_open", P): [A(UNIT_ROLES, "unit")],
    ("blocs.round_detail", G): [A(UNIT_ROLES | BOARD)],
    ("blocs.round_act", P): [A(UNIT_ROLES, "unit", params={"action": "start_check"})],
    # A's own scorecard: B, the deputy, checks it, so B sees the page too (without figures while A's is a draft).
    ("blocs.scorecard", G): [A(UNIT_ROLES | BOARD)],
    ("blocs.self_score", P): [A(UNIT_ROLES, "unit")],
    ("blocs.agreed_score", P): [A(UNIT_ROLES, "unit", params={"scorecard_id": "scorecard_submitted"})],
    ("blocs.scorecard_act", P): [A(UNIT_ROLES, "unit", params={"action": "submit"}, strict_deny=False)],
    ("blocs.evidence", P): [A(UNIT_ROLES, "unit")],
    ("blocs.vote_new", P): [A(UNIT_ROLES, "unit", params={"round_id": "closed_round"}, note="409: it has its vote")],
    ("blocs.vote_detail", G): [A(UNIT_ROLES | BOARD)],
    ("blocs.vote_act", P): [A(UNIT_ROLES, "unit", params={"action": "open"}, strict_deny=False)],
    ("blocs.ballot", P): [A({roles.UNIT_HEAD}, note="409: the vote is not open")],
    ("blocs.minutes", G): [A(UNIT_ROLES | BOARD, note="409: no minutes before the count")],
    ("blocs.nominations", P): [A(UNIT_ROLES, "unit", note="409: the vote is not counted")],
}


# ---------------------------------------------------------------------------------------------------------------
# The world: one record of each kind, in the states the table needs, all belonging to unit A
# ---------------------------------------------------------------------------------------------------------------
SIGNING_DAY = datetime.date(2021, 12, 28)

# Which world record fills a URL parameter when the row does not say: (blueprint or "*", parameter) -> attribute.
DEFAULT_PARAMS = {
    ("*", "campaign_id"): "campaign", ("*", "nomination_id"): "nomination_draft",
    ("*", "registration_id"): "registration_draft", ("*", "report_id"): "report_draft",
    ("*", "decision_id"): "draft_decision", ("*", "session_id"): "session", ("*", "person_id"): "person_a",
    ("*", "unit_id"): "unit_a", ("*", "user_id"): "staff_a_id", ("*", "kind_id"): "award_kind",
    ("*", "regime_id"): "regime", ("*", "seat_id"): "chair_seat", ("*", "email_id"): "email",
    ("*", "rule_id"): "vote_rule", ("*", "param_id"): "rule_parameter", ("*", "notice_id"): "notice",
    ("*", "attendance_id"): "attendance", ("*", "component"): "to_trinh", ("*", "milestone_id"): "milestone",
    ("campaigns", "item_id"): "campaign_item", ("sessions", "item_id"): "agenda_item",
    ("registrations", "line_id"): "registration_line", ("decisions", "line_id"): "decision_line",
    ("decisions", "row_id"): "delegation", ("*", "notification_id"): "own_notification",
    ("*", "fmt"): "docx",
    ("blocs", "bloc_id"): "bloc", ("blocs", "compact_id"): "compact", ("blocs", "round_id"): "bloc_round",
    ("blocs", "scorecard_id"): "scorecard_a", ("blocs", "vote_id"): "bloc_vote", ("blocs", "criterion_id"): "criterion",
}


class World:
    """Ids of everything the routes need. Attribute values are ints or strings (or a callable of the principal)."""

    to_trinh = "to_trinh"
    docx = "docx"


def _build_world(app) -> World:
    from thidua import clock
    w = World()
    original_today = clock.today
    clock.today = lambda: SIGNING_DAY
    try:
        _fill(app, w)
    finally:
        clock.today = original_today
    return w


def _fill(app, w) -> None:
    from thidua import workflow
    from thidua.council import sessions as council_sessions
    from thidua.decisions import services as decision_services
    from thidua.models import (AgencyHead, AgendaItem, AnnualRating, AwardRecord, CampaignMilestone, CouncilMember,
                               Delegation, Discipline, EmailLog, Initiative, LegalRegime, PublicNotice,
                               RegistrationLine, Report, RuleParameter, SessionAttendance, VoteRule)
    from thidua.models.decision import DecisionLine
    from thidua.public.views import award_token
    from tests.attachment_samples import pdf_bytes
    from tests.campaign_factories import award, make_campaign, make_registration, person_in
    from tests.council_factories import MEETING, SERVED_FROM, verified
    from tests.decision_factories import PASSWORD, passed
    from tests.factories import make_unit, make_user
    with app.app_context():
        unit_a = make_unit(name="Phòng Dân tộc huyện Tân Phú (A)")
        unit_b = make_unit(name="Phòng Dân tộc huyện Định Quán (B)")
        agency = make_unit(name="Văn phòng Ban (O)", kind="agency")
        w.unit_a, w.unit_b, w.agency = unit_a.id, unit_b.id, agency.id
        users = {}
        for role in (roles.UNIT_STAFF, roles.UNIT_HEAD):
            users[f"{role}@A"] = make_user(role, unit=unit_a)
            users[f"{role}@B"] = make_user(role, unit=unit_b)
        users["no_role@A"] = make_user(unit=unit_a)
        for role in (roles.OFFICE, roles.COUNCIL_MEMBER, roles.COUNCIL_CHAIR, roles.LEADER, roles.ADMIN,
                     roles.EMULATION_BOARD):
            users[role] = make_user(role, unit=agency)
        w.users = {key: (u.id, u.username) for key, u in users.items()}
        w.staff_a_id = users[f"{roles.UNIT_STAFF}@A"].id
        office, chair, leader = users[roles.OFFICE], users[roles.COUNCIL_CHAIR], users[roles.LEADER]
        w.chair_seat = CouncilMember.create(user=chair, role="chair", served_from=SERVED_FROM).id
        CouncilMember.create(user=users[roles.COUNCIL_MEMBER], role="member", served_from=SERVED_FROM)
        AgencyHead.create(user=leader, valid_from=datetime.date(2000, 1, 1), created_by=office)
        deputy = make_user(roles.LEADER, unit=agency)
        w.delegation = Delegation.create(deputy=deputy, principal=leader, valid_from=datetime.date(2021, 1, 1),
                                         valid_to=datetime.date(2022, 12, 31), created_by=leader).id

        campaign = make_campaign(office, units=[unit_a, unit_b])
        w.campaign, w.regime = campaign.id, campaign.regime_id
        draft_campaign = make_campaign(office, units=[unit_a, unit_b], status="draft")
        w.draft_campaign = draft_campaign.id
        w.campaign_item = draft_campaign.items[0].id
        w.milestone = CampaignMilestone.create(campaign=draft_campaign, day=datetime.date(2021, 5, 3),
                                               title="Kỷ niệm 75 năm").id
        w.award_kind = award("LDTT", campaign).id
        w.vote_rule = VoteRule.select().where(VoteRule.regime == campaign.regime_id).first().id
        w.rule_parameter = RuleParameter.select().first().id

        person = person_in(unit_a, "Nguyễn Thị Hoa")
        w.person_a = person.id
        registration = make_registration(campaign, unit_a, users[f"{roles.UNIT_STAFF}@A"],
                                         lines=[("individual", person, "LDTT")])
        w.registration_draft = registration.id
        w.registration_line = RegistrationLine.get(RegistrationLine.registration == registration).id
        w.registration_submitted = make_registration(
            make_campaign(office, units=[unit_a]), unit_a, users[f"{roles.UNIT_STAFF}@A"], status="submitted").id
        w.registration_accepted = make_registration(
            make_campaign(office, units=[unit_a]), unit_a, users[f"{roles.UNIT_STAFF}@A"], status="accepted").id
        w.report_draft = Report.create(campaign=campaign, unit=unit_a, kind="annual", period="Năm 2021",
                                       created_by=users[f"{roles.UNIT_STAFF}@A"]).id
        w.report_submitted = Report.create(campaign=campaign, unit=unit_a, kind="six_month", period="6 tháng",
                                           status="submitted", created_by=users[f"{roles.UNIT_STAFF}@A"]).id
        w.report_accepted = Report.create(campaign=campaign, unit=unit_a, kind="thematic", period="Chuyên đề",
                                          status="accepted", created_by=users[f"{roles.UNIT_STAFF}@A"]).id

        nom_draft = verified(campaign, unit_a, office, person=person)
        from thidua.models import Nomination
        Nomination.update(status="draft").where(Nomination.id == nom_draft.id).execute()
        w.nomination_draft = nom_draft.id
        nom_submitted = verified(campaign, unit_a, office)
        Nomination.update(status="submitted").where(Nomination.id == nom_submitted.id).execute()
        w.nomination_submitted = nom_submitted.id
        w.nomination_verified = verified(campaign, unit_a, office).id

        session = council_sessions.create(campaign, {"title": "Xét khen thưởng năm 2021", "meets_at": MEETING,
                                                     "place": "Phòng họp Ban Dân tộc"}, office)
        w.session = session.id
        w.agenda_item = AgendaItem.get(AgendaItem.session == session).id
        w.notice = PublicNotice.create(session=session, posted_on=datetime.date(2021, 12, 1), working_days=3,
                                       ends_on=datetime.date(2021, 12, 3), created_by=office).id
        council_sessions.act(council_sessions.CouncilSession.get_by_id(session.id), "open_attendance", chair)
        w.session_attendance = session.id
        w.attendance = SessionAttendance.get(SessionAttendance.session == session,
                                             SessionAttendance.seat == w.chair_seat).id

        # A signed decision (public, certificate, signed PDF) and a draft one.
        passed(campaign, unit_a, office)
        signed = decision_services.create_draft(campaign, "decision", None, office)
        workflow.apply(signed, "submit", office)
        decision_services.sign(signed, leader, PASSWORD)
        w.signed_decision = signed.id
        w.signed_line = DecisionLine.select().where(DecisionLine.decision == signed.id).first().id
        record = AwardRecord.select().where(AwardRecord.decision_id == signed.id).first()
        w.award_token = award_token(record.id)
        passed(campaign, unit_a, office)
        draft = decision_services.create_draft(campaign, "decision", None, office)
        w.draft_decision = draft.id
        w.decision_draft, w.decision_signed = draft.id, signed.id
        w.decision_line = DecisionLine.select().where(DecisionLine.decision == draft.id).first().id

        # History rows of the person of unit A.
        w.awards_row = AwardRecord.create(subject="individual", person=person, award_code="LDTT",
                                          award_name="Lao động tiên tiến", year=2019, created_by=office).id
        w.initiatives_row = Initiative.create(person=person, title="Sáng kiến số hóa hồ sơ", scope="co_so",
                                              recognised_on=datetime.date(2020, 6, 1)).id
        w.ratings_row = AnnualRating.create(person=person, year=2020, rating="excellent").id
        w.disciplines_row = Discipline.create(person=person, level="khien_trach", starts_on=datetime.date(2015, 1, 1),
                                              ends_on=datetime.date(2015, 12, 31)).id
        w.email = EmailLog.create(user=office, to_address="vanphong@example.invalid", subject="Thử",
                                  body="Thử", status="failed").id
        assert LegalRegime.get_by_id(w.regime)
        _fill_blocs(w, users, unit_a, unit_b, campaign)

    # Files: uploaded by the unit's own staff through the real forms.
    client = app.test_client()
    client.post("/login", data={"username": users[f"{roles.UNIT_STAFF}@A"].username, "password": PASSWORD})
    for url in (f"/nominations/{w.nomination_draft}/files/to_trinh", f"/reports/{w.report_draft}/files"):
        response = client.post(url, data={"file": (io.BytesIO(pdf_bytes()), "Tờ trình.pdf")},
                               content_type="multipart/form-data")
        assert response.status_code == 303, (url, response.status_code)
    with app.app_context():
        from thidua.models import Attachment
        w.nomination_file = Attachment.get(Attachment.owner_type == "nomination").id
        w.report_file = Attachment.get(Attachment.owner_type == "report").id


def _fill_blocs(w, users, unit_a, unit_b, campaign) -> None:
    """A bloc of A (leader), B (deputy) and C: a compact in force with a year-end round open (A's scorecard a draft,
    C's submitted), a draft compact for the next year, and last year's closed round with its vote prepared."""
    from decimal import Decimal

    from thidua import workflow
    from thidua.blocs import scoring, services, voting
    from thidua.models import Scorecard
    from tests.factories import make_unit, make_user
    board = users[roles.EMULATION_BOARD]
    unit_c = make_unit(name="Sở Tư pháp (C)", kind="other")
    c_head, c_officer = make_user(roles.UNIT_HEAD, unit=unit_c), make_user(roles.UNIT_STAFF, unit=unit_c)
    bloc = services.create_bloc("khoi", "Khối Thi đua 3", "", board)
    w.bloc = bloc.id
    for unit in (unit_a, unit_b, unit_c):
        services.add_member(bloc, unit.id, 2020, board)
    for key, kind in (("unit_head@A", "head"), ("unit_staff@A", "officer"), ("unit_head@B", "head"),
                      ("unit_staff@B", "officer")):
        services.add_user(bloc, users[key].id, kind, board)
    services.add_user(bloc, c_head.id, "head", board)
    services.add_user(bloc, c_officer.id, "officer", board)
    heads = {unit_a.id: users["unit_head@A"], unit_b.id: users["unit_head@B"], unit_c.id: c_head}
    officers = {unit_a.id: users["unit_staff@A"], unit_b.id: users["unit_staff@B"], unit_c.id: c_officer}
    leader = users["unit_staff@A"]

    def year(number, campaign_id=None):
        compact = services.create_year(bloc, {"year": number, "leader_unit_id": unit_a.id,
                                              "deputy_unit_id": unit_b.id, "campaign_id": campaign_id}, board)
        services.save_terms(compact, {"targets": "Hoàn thành chỉ tiêu", "tie_break": "bonus,penalty",
                                      "vote_threshold": Decimal(50), "flag_quota": 1, "bk_quota": 1}, leader)
        criterion = services.add_criterion(compact, {"code": "1", "title": "Hoàn thành nhiệm vụ", "kind": "score",
                                                     "max_points": Decimal(100)}, leader)
        return compact, criterion

    def in_force(compact):
        workflow.apply(compact, "open_signing", leader)
        for head in heads.values():
            services.sign(compact, head)
        workflow.apply(compact, "put_in_force", leader)

    def scored(round_, unit_id, criterion, value):
        card = Scorecard.get(Scorecard.round == round_.id, Scorecard.unit == unit_id)
        scoring.save_self(card, {criterion.id: (value, "")}, officers[unit_id])
        workflow.apply(card, "submit", officers[unit_id])
        return card

    # Last year: closed, ranked, its vote prepared.
    last, last_criterion = year(2020, campaign.id)
    in_force(last)
    closed = services.open_round(last, "year_end", leader)
    for unit_id, value in ((unit_a.id, "95"), (unit_b.id, "90"), (unit_c.id, "80")):
        # The leader unit A's own scorecard is checked by the deputy unit B (blocs.access.checks).
        checker = officers[unit_b.id] if unit_id == unit_a.id else leader
        workflow.apply(scored(closed, unit_id, last_criterion, value), "confirm", checker)
    workflow.apply(closed, "start_check", leader)
    workflow.apply(closed, "close", leader)
    w.closed_round = closed.id
    w.bloc_vote = voting.create(closed, leader).id

    # This year: in force, the year-end round open.
    compact, criterion = year(2021, campaign.id)
    in_force(compact)
    w.compact, w.criterion = compact.id, criterion.id
    round_ = services.open_round(compact, "year_end", leader)
    w.bloc_round = round_.id
    w.scorecard_a = Scorecard.get(Scorecard.round == round_.id, Scorecard.unit == unit_a.id).id
    w.scorecard_submitted = scored(round_, unit_c.id, criterion, "88").id

    # Next year: a draft.
    draft, draft_criterion = year(2022)
    w.draft_compact, w.draft_criterion = draft.id, draft_criterion.id


# ---------------------------------------------------------------------------------------------------------------
# Principals: who knocks
# ---------------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Principal:
    key: str                 # "anonymous", "no_role@A", "unit_staff@A", "unit_staff@B", "office", ...
    roles: frozenset
    unit: str | None         # "A", "B", "O" (the office unit) or None

    @property
    def signed_in(self) -> bool:
        return self.key != "anonymous"


PRINCIPALS = [Principal("anonymous", frozenset(), None), Principal("no_role@A", frozenset(), "A")] + [
    Principal(f"{role}@{u}", frozenset({role}), u) for role in (roles.UNIT_STAFF, roles.UNIT_HEAD) for u in "AB"] + [
    Principal(role, frozenset({role}), "O") for role in sorted(COMMITTEE | ADMIN | BOARD)]
assert {r for p in PRINCIPALS for r in p.roles} == set(roles.ALL)


def expected(access: Access, who: Principal, state_answer=None):
    """The answer the table demands of who on a route: OK, DENY, HIDE, LOGIN or an exact status code."""
    if access.roles == PUBLIC:
        return OK
    if not who.signed_in:
        return LOGIN
    allowed = (access.roles == ANY or bool(who.roles & access.roles)
               or (not who.roles and NO_ROLE in access.roles))
    if not allowed:
        # workflow.apply() reads the state before the role: a wrong-state step is 409 to whoever asks. A role that
        # sees the record learns nothing it cannot read on the page, and the database check below still holds.
        return DENY if state_answer in (None, OK) else "deny_or_409"
    if access.scope == "unit" and not (who.roles & (COMMITTEE | ADMIN | BOARD)) and who.unit != "A":
        return HIDE
    return access.answer if state_answer is None else state_answer


def verdict(expect, status: int, location: str) -> str | None:
    """None when status answers expect, else what is wrong."""
    if status >= 500:
        return f"server error {status}"
    if expect == OK:
        return f"refused with {status}" if status in (401, 403, 404) else None
    if expect == LOGIN:
        return None if status in (302, 303) and "/login" in location else f"{status}, not a redirect to sign-in"
    if expect == DENY:
        return None if status in (403, 404) else f"{status}, not 403"
    if expect == "deny403":
        return None if status == 403 else f"{status}, not 403"
    if expect == "deny_or_409":
        return None if status in (403, 404, 409) else f"{status}, not 403/404/409"
    if expect == REFUSED:
        return None if status in (403, 409, 422) else f"{status}, not a refusal (403/409/422)"
    if expect == HIDE:
        return None if status in (403, 404) else f"{status}, not 404 (another unit's record)"
    return None if status == expect else f"{status}, not {expect}"


# ---------------------------------------------------------------------------------------------------------------
# Fixtures: the world in a SQLite file built once per module, copied for each test
# ---------------------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def world_template(backend, tmp_path_factory):
    """The world built once per module: a SQLite file, or a snapshot schema of the PostgreSQL test database."""
    from thidua import create_app
    from thidua.db import db
    from tests.conftest import TEST_CONFIG, empty_database_url
    name, template = backend
    folder = None
    if name == "sqlite":
        folder = _fast_dir(tmp_path_factory.mktemp("matrix"))
        path = folder / "world.sqlite3"
        shutil.copy(template, path)
        url = f"sqlite:///{path}"
    else:
        url = empty_database_url(backend, None)
    app = create_app({**TEST_CONFIG, "DATABASE_URL": url})
    world = _build_world(app)
    if not db.is_closed():
        db.close()
    store = store_for(url)
    store.snapshot("world")
    store.close()
    yield url, world
    if folder is not None and folder.parent == Path("/dev/shm"):
        shutil.rmtree(folder, ignore_errors=True)


def _fast_dir(tmp_path):
    """A directory in memory when the machine has one: the walk commits and copies the file hundreds of times,
    and fsync on a busy disk, not the app, would be most of the time."""
    import os
    import tempfile
    if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK):
        return Path(tempfile.mkdtemp(prefix="thidua-matrix-", dir="/dev/shm"))
    return tmp_path


@pytest.fixture
def database_url(world_template, tmp_path):
    """Each test meets the world as it was built: a fresh copy of the file, or the tables put back."""
    url, _ = world_template
    store = store_for(url)
    if isinstance(store, SqliteStore):
        folder = _fast_dir(tmp_path)
        store.path = folder / "test.sqlite3"
        shutil.copy(url.removeprefix("sqlite:///"), store.path)
        yield f"sqlite:///{store.path}"
        if folder != tmp_path:
            shutil.rmtree(folder, ignore_errors=True)
        return
    store.restore("world")
    store.close()
    yield url


@pytest.fixture
def world(world_template):
    return world_template[1]


@pytest.fixture(autouse=True)
def signing_day(monkeypatch):
    from thidua import clock
    monkeypatch.setattr(clock, "today", lambda: SIGNING_DAY)


# ---------------------------------------------------------------------------------------------------------------
# Walking the table
# ---------------------------------------------------------------------------------------------------------------
def _routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method


def _resolve(world, name, who_ctx):
    value = getattr(world, name, name) if isinstance(name, str) else name
    return value(who_ctx) if callable(value) else value


def _cases(app, world, who_ctx):
    """(endpoint, method, url, access, expected answer) for every row of the table; logout last."""
    rules = {rule.endpoint: rule for rule, _ in _routes(app)}
    cases = []
    for (endpoint, method), rows in TABLE.items():
        rule = rules[endpoint]
        blueprint = endpoint.split(".")[0]
        for access in rows:
            for state, answer in (access.states or {None: None}).items():
                values = {}
                for arg in rule.arguments:
                    name = access.params.get(arg) or DEFAULT_PARAMS.get((blueprint, arg)) \
                        or DEFAULT_PARAMS[("*", arg)]
                    if state is not None and arg.endswith("_id") and arg[:-3] in STATEFUL:
                        name = f"{arg[:-3]}_{state}"
                    values[arg] = _resolve(world, name, who_ctx)
                url = app.url_map.bind("localhost").build(endpoint, values, method=method)
                cases.append((endpoint, method, url, access, state, answer))
    cases.sort(key=lambda c: c[0] == "auth.logout")
    return cases


STATEFUL = {"nomination", "registration", "report", "decision", "session"}


def _stager(area: str | None):
    """A fresh upload staged for the principal (a confirm or a cancel uses one up)."""
    def stage(ctx):
        app, user_id, unit_id = ctx
        if user_id is None:
            return "x" * 43
        from thidua.personnel import staging
        with app.app_context():
            if area is None:
                from thidua.personnel.importer import template_bytes
                return staging.save(io.BytesIO(template_bytes()), user_id, unit_id, "danh-sach.xlsx")
            from thidua.history.importer import template_bytes
            return staging.save(io.BytesIO(template_bytes()), user_id, None, "lich-su.xlsx", area=area)
    return stage


World.people_token = staticmethod(_stager(None))
World.history_token = staticmethod(_stager("history-imports"))


def walk(app, world, who: Principal, store) -> tuple[list[str], int]:
    """Run every row of the table for who; return the failures (one readable line each) and the count."""
    from thidua.models import Notification, User
    from tests.factories import DEFAULT_PASSWORD
    client = app.test_client()
    user_id = unit_id = None
    if who.signed_in:
        user_id, username = world.users[who.key]
        with app.app_context():
            unit_id = User.get_by_id(user_id).unit_id
            world.own_notification = Notification.create(user=user_id, title="Việc của bạn", url="/inbox").id
            world.others_notification = Notification.create(user=world.users[roles.OFFICE][0] if who.key != roles.OFFICE
                                                            else world.staff_a_id, title="Việc của người khác").id
        response = client.post("/login", data={"username": username, "password": DEFAULT_PASSWORD})
        assert response.status_code == 303, f"{who.key} cannot sign in"
    else:
        world.own_notification = world.others_notification = 1
    from thidua.db import db
    if not db.is_closed():
        db.close()
    store.snapshot("walk")
    baseline = store.fingerprint()  # every POST meets the world as it is now (put back after each)
    unchanged = store.marker()
    failures, count = [], 0
    for endpoint, method, url, access, state, answer in _cases(app, world, (app, user_id, unit_id)):
        expect = expected(access, who, answer)
        if expect == DENY and access.strict_deny:
            expect = "deny403"
        refused = method == "POST" and expect != OK
        for headers in ({}, {"HX-Request": "true"}) if method == "GET" and expect in (DENY, "deny403", HIDE) \
                else ({},):
            response = client.open(url, method=method, headers=headers)
            count += 1
            problem = verdict(expect, response.status_code, response.headers.get("Location", ""))
            if problem:
                where = f" [state {state}]" if state else ""
                hx = " (htmx)" if headers else ""
                failures.append(f"{who.key:<16} {method:<4} {url}{where}{hx} ({endpoint}): {problem}"
                                + (f" — {access.note}" if access.note else ""))
        changed = store.changed_since(unchanged)  # a GET may write too (a notification opened is read)
        if refused and changed and store.fingerprint() != baseline:
            failures.append(f"{who.key:<16} POST {url} ({endpoint}): refused, yet the database changed")
        if changed:
            store.restore_changed("walk", changed)
    return failures, count


def _principal_id(p: Principal) -> str:
    return p.key


def test_every_route_of_the_url_map_is_in_the_table(app):
    missing = sorted({(rule.endpoint, method) for rule, method in _routes(app)} - set(TABLE))
    assert missing == [], "routes without a row in the access matrix: " + ", ".join(f"{m} {e}" for e, m in missing)
    stale = sorted(set(TABLE) - {(rule.endpoint, method) for rule, method in _routes(app)})
    assert stale == [], f"rows for routes that no longer exist: {stale}"


@pytest.mark.parametrize("who", PRINCIPALS, ids=_principal_id)
def test_access_matrix(app, world, database_url, who):
    store = store_for(database_url)
    try:
        failures, count = walk(app, world, who, store)
    finally:
        store.close()
    assert count > len(TABLE)
    assert not failures, f"{len(failures)} of {count} answers break the access matrix:\n" + "\n".join(failures)


# ---------------------------------------------------------------------------------------------------------------
# The cross-unit cases spelled out: dossiers, htmx fragments, exports and files of unit A, asked for from unit B
# ---------------------------------------------------------------------------------------------------------------
CROSS_UNIT = [
    # (what, url template, expected statuses)
    ("dossier page", "/nominations/{nomination_draft}", {404}),
    ("dossier page (verified)", "/nominations/{nomination_verified}", {404}),
    ("achievement report form", "/nominations/{nomination_draft}/achievement", {404}),
    ("registration", "/registrations/{registration_draft}", {404}),
    ("report", "/reports/{report_draft}", {404}),
    ("person's row fragment", "/people/{person_a}/row", {404}),
    ("person's edit form", "/people/{person_a}/edit", {404}),
    ("person's data export", "/people/{person_a}/export.json", {403, 404}),
    ("award history of a person", "/history/people/{person_a}", {404}),
    ("award history of the unit", "/history/units/{unit_a}", {404}),
    ("unit page", "/units/{unit_a}", {404}),
    ("dossier file", "/files/{nomination_file}", {404}),
    ("report file", "/files/{report_file}", {404}),
    ("compiled registrations .xlsx", "/campaigns/{campaign}/compile.xlsx", {403}),
    ("progress by unit .xlsx", "/dashboard/campaigns/{campaign}.xlsx", {403}),
    ("statistics .xlsx", "/dashboard/statistics.xlsx", {403}),
    ("decision .docx", "/decisions/{draft_decision}/document.docx", {403}),
    ("signed decision .pdf", "/decisions/{signed_decision}/signed.pdf", {403}),
    ("certificate .pdf", "/decisions/{signed_decision}/lines/{signed_line}/certificate.pdf", {403}),
    ("proposal bundle .zip", "/decisions/{draft_decision}/bundle.zip", {403}),
    ("council minutes .docx", "/council/sessions/{session}/minutes.docx", {403}),
    ("paper ballot .docx", "/council/sessions/{session}/paper-ballot.docx", {403}),
]


@pytest.mark.parametrize("role", [roles.UNIT_STAFF, roles.UNIT_HEAD])
def test_another_unit_reaches_no_dossier_fragment_export_or_file_of_unit_a(app, world, role):
    from tests.factories import DEFAULT_PASSWORD
    client = app.test_client()
    client.post("/login", data={"username": world.users[f"{role}@B"][1], "password": DEFAULT_PASSWORD})
    ids = {k: v for k, v in vars(world).items() if isinstance(v, int)}
    failures = []
    for what, template, allowed in CROSS_UNIT:
        url = template.format(**ids)
        for headers in ({}, {"HX-Request": "true"}):
            response = client.get(url, headers=headers)
            if response.status_code not in allowed:
                failures.append(f"{what}: GET {url}{' (htmx)' if headers else ''} gave {response.status_code}, "
                                f"not {sorted(allowed)}")
            if response.headers.get("Content-Disposition", "").startswith("attachment"):
                failures.append(f"{what}: GET {url} sent a file")
    # The same user's own unit's files open: the refusals above are about the unit, not the route.
    own = app.test_client()
    own.post("/login", data={"username": world.users[f"{role}@A"][1], "password": DEFAULT_PASSWORD})
    for key in ("nomination_file", "report_file"):
        if own.get(f"/files/{ids[key]}").status_code != 200:
            failures.append(f"unit A's own {key} did not open for {role}@A")
    assert not failures, "\n".join(failures)


def test_someone_elses_notification_and_staged_upload_are_as_absent_as_missing_ones(app, world):
    from thidua.models import Notification
    from tests.factories import DEFAULT_PASSWORD
    with app.app_context():
        theirs = Notification.create(user=world.users[f"{roles.UNIT_STAFF}@B"][0], title="Việc của huyện B").id
    token = World.people_token((app, world.users[f"{roles.UNIT_STAFF}@B"][0], world.unit_b))
    client = app.test_client()
    client.post("/login", data={"username": world.users[f"{roles.UNIT_STAFF}@A"][1], "password": DEFAULT_PASSWORD})
    assert client.get(f"/notifications/{theirs}/open").status_code == 404
    assert client.post(f"/notifications/{theirs}/read").status_code == 404
    assert client.get(f"/people/import/{token}").status_code == 404
    assert client.post(f"/people/import/{token}").status_code == 404
    with app.app_context():
        assert Notification.get_by_id(theirs).read_at is None
