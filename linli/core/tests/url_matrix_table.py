"""The expectations of the URL matrix (test_url_matrix.py): for every URL name and API operation, what
anonymous visitors, the holder of each role inside community A and the same role inside community B
are answered.

An entry ``E(anon=…, a=…, b=…)`` (``BODIES`` gives the JSON body an API operation is sent):

* ``anon``: the status for an anonymous visitor — 302 (to the log-in page) for pages, 401 for the API,
  200 for what is public;
* ``a``: what a holder of each role scoped inside community A gets for community A's objects;
* ``b``: what the same role held inside community B gets for the same objects of A (out of scope:
  404, so existence does not leak, or 403 where the role may not use the page at all); ``None`` for a
  URL that takes no object (not asked).

A column is a status for every role, or ``(default, {status: "role role …"})``: the default, and the
roles (Role values) answered otherwise. Roles whose scope reaches community B from A (街道干部, 区级
管理员, 系统管理员, 审计员, 部门处置人员: street-wide and wider) are asked only in column ``a``, and
column ``b`` holds them at community B.

``KW`` says, per URL, which object each URL kwarg takes (an object kind made by
url_matrix_world.build, optionally ``kind.attribute``, or ``=constant``); ``KWARGS`` gives the
defaults by kwarg name. A kwarg with neither fails the matrix.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class E:
    anon: int
    a: object
    b: object = None
    shows_other: bool = False  # the page legitimately names the other community (say why in a comment)


def status_for(spec, role: str):
    if isinstance(spec, int):
        return spec
    default, exceptions = spec
    for status, roles in exceptions.items():
        if role in roles.split():
            return status
    return default


def compact(got: dict[str, object]) -> str:
    """The column spec for {role: status}, as source."""
    counts = Counter(got.values())
    default = counts.most_common(1)[0][0]
    if len(counts) == 1:
        return repr(default)
    others: dict = {}
    for role, status in got.items():
        if status != default:
            others.setdefault(status, []).append(role)
    inner = ", ".join(f"{status!r}: {' '.join(roles)!r}" for status, roles in others.items())
    return f"({default!r}, {{{inner}}})"


#: Object kinds whose URLs carry the code, not the pk.
CODED = {"community", "compound", "unit", "household", "grid"}

#: Defaults by kwarg name.
KWARGS = {
    "format": "=json",
    "fmt": "=xlsx",
    "token": "=not-a-token",  # the signed file names of import error reports
    "service_code": "=0102",
    "service_request_id": "open311_request.number",
    "photo_id": "open311_photo",
    "path": "=no-such-resource",
    "content_type_id": "=1",
    "object_id": "=1",
}

#: Per URL, the object (or constant) each kwarg takes.
KW: dict[str, dict[str, str]] = {
    "places:detail": {"code": "compound"},
    "grids:detail": {"code": "grid"},
    "roles:revoke": {"pk": "assignment"},
    "appeals:detail": {"pk": "appeal"},
    "appeals:photo": {"pk": "appeal", "photo_pk": "appeal_photo"},
    "appeals:act": {"pk": "appeal", "action": "=receive"},
    "visits:record": {"code": "household"},
    "visits:hazard_detail": {"pk": "hazard"},
    "visits:hazard_photo": {"pk": "hazard", "photo_pk": "hazard_photo"},
    "visits:hazard_act": {"pk": "hazard", "action": "=step"},
    "property:evaluate": {"code": "compound"},
    "property:company": {"pk": "company"},
    "property:fee-pay": {"pk": "fee_bill"},
    "property:fee-compound": {"code": "compound"},
    "property:fee-bill": {"code": "compound"},
    "property:fee-sheet": {"code": "compound"},
    "property:campaign": {"pk": "campaign"},
    "property:campaign-item-new": {"pk": "campaign"},
    "property:campaign-item-rectify": {"pk": "campaign_item"},
    "property:campaign-close": {"pk": "campaign"},
    "party:branch": {"pk": "party_org"},
    "party:org_edit": {"pk": "party_org"},
    "party:activity_new": {"pk": "party_org"},
    "party:member": {"pk": "party_member"},
    "party:member_edit": {"pk": "party_member"},
    "party:transfer_new": {"pk": "party_member"},
    "party:confirm": {"pk": "party_member"},
    "party:register": {"pk": "party_member"},
    "party:transfer_accept": {"pk": "transfer"},
    "party:transfer_reject": {"pk": "transfer"},
    "party:body_new": {"kind": "=owners_committee"},
    "party:body": {"pk": "body"},
    "party:body_edit": {"pk": "body"},
    "party:seat_add": {"pk": "body"},
    "party:seat_end": {"pk": "seat"},
    "party:agreement": {"pk": "agreement"},
    "party:agreement_edit": {"pk": "agreement"},
    "party:find": {"code": "compound"},
    "votes:detail": {"pk": "poll"},
    "votes:vote": {"pk": "poll"},
    "votes:open": {"pk": "poll"},
    "votes:close": {"pk": "poll"},
    "votes:paper": {"pk": "poll"},
    "votes:areas": {"code": "compound"},
    "deliberation:topic": {"pk": "topic"},
    "deliberation:topic_act": {"pk": "topic", "action": "=approve"},
    "deliberation:meeting": {"pk": "meeting"},
    "deliberation:meeting_act": {"pk": "meeting", "action": "=start"},
    "deliberation:item_act": {"pk": "action_item", "action": "=note"},
    "mediation:detail": {"pk": "case"},
    "mediation:archive": {"pk": "case"},
    "mediation:act": {"pk": "case", "action": "=accept"},
    "projects:add": {"what": "=need"},
    "projects:project": {"pk": "project"},
    "projects:act": {"pk": "project", "action": "=progress"},
    "projects:org": {"pk": "self_org"},
    "owners:body": {"pk": "body"},
    "owners:candidate": {"pk": "candidate"},
    "owners:candidate_approve": {"pk": "candidate"},
    "owners:candidate_reject": {"pk": "candidate"},
    "owners:candidate_talk": {"pk": "candidate"},
    "people:deletion_answer": {"pk": "deletion_request"},
    "people:person": {"pk": "person"},
    "people:edit": {"pk": "person"},
    "people:move": {"pk": "person"},
    "people:move_out": {"pk": "person"},
    "people:tag_add": {"pk": "person"},
    "people:reveal": {"pk": "person"},
    "people:tag_end": {"pk": "tag_assignment"},
    "people:household": {"code": "household"},
    "people:register": {"code": "household"},
    "people:occasion": {"code": "household"},
    "people:household_tag_add": {"code": "household"},
    "volunteers:activity": {"pk": "activity"},
    "volunteers:activity_act": {"pk": "activity", "action": "=sign-up"},
    "points:redeem": {"pk": "reward"},
    "points:account": {"pk": "points_account"},
    "points:account_act": {"pk": "points_account", "action": "=honour"},
    "points:hand_over": {"pk": "redemption"},
    "mobilization:board": {"pk": "emergency"},
    "mobilization:mine": {"pk": "emergency"},
    "mobilization:confirm": {"pk": "emergency", "task_pk": "household_task"},
    "mobilization:close": {"pk": "emergency"},
    "stairwells:plan": {"code": "unit"},
    "dashboards:node": {"code": "community"},
    "dashboards:rankings": {"code": "community"},
    "dashboards:steering": {"code": "community"},
    "dashboards:report": {"code": "community"},
    "notifications:open": {"pk": "notification"},
    "open311:token": {"token": "open311_token.token"},
    "open311_keys:revoke": {"pk": "api_key"},
    "route:admin/(?P<url>.*)$": {"url": "=no-such-page/"},
    "admin:app_list": {"app_label": "=places"},
    "admin:auth_user_password_change": {"id": "assignment.user_id"},
    # The API, by operation.
    "GET /api/places/{code}": {"code": "compound"},
    "GET /api/places/{code}/children": {"code": "compound"},
    "GET /api/grids/{code}": {"code": "grid"},
    "POST /api/notifications/{notification_id}/read": {"notification_id": "notification"},
    "GET /api/appeals/{appeal_id}": {"appeal_id": "appeal"},
    "POST /api/appeals/{appeal_id}/actions/{name}": {"appeal_id": "appeal", "name": "=receive"},
    "GET /api/party/members/{member_id}": {"member_id": "party_member"},
    "POST /api/party/members/{member_id}/transfers": {"member_id": "party_member"},
    "POST /api/party/transfers/{transfer_id}/accept": {"transfer_id": "transfer"},
    "POST /api/party/transfers/{transfer_id}/reject": {"transfer_id": "transfer"},
    "GET /api/party/bodies/{body_id}": {"body_id": "body"},
    "GET /api/owners/candidates/{review_id}": {"review_id": "candidate"},
    "POST /api/owners/candidates/{review_id}/approve": {"review_id": "candidate"},
    "POST /api/owners/candidates/{review_id}/reject": {"review_id": "candidate"},
    "POST /api/owners/candidates/{review_id}/talk": {"review_id": "candidate"},
    "GET /api/people/{pk}": {"pk": "person"},
    "POST /api/people/{pk}/reveal": {"pk": "person"},
    "GET /api/votes/{poll_id}": {"poll_id": "poll"},
    "POST /api/votes/{poll_id}/open": {"poll_id": "poll"},
    "POST /api/votes/{poll_id}/close": {"poll_id": "poll"},
    "POST /api/votes/{poll_id}/ballot": {"poll_id": "poll"},
    "POST /api/votes/{poll_id}/paper": {"poll_id": "poll"},
    "GET /api/deliberation/topics/{pk}": {"pk": "topic"},
    "POST /api/deliberation/topics/{pk}/{action}": {"pk": "topic", "action": "=approve"},
    "POST /api/deliberation/meetings/{pk}/sign-in": {"pk": "meeting"},
    "GET /api/mediation/cases/{pk}": {"pk": "case"},
    "POST /api/mediation/cases/{pk}/{action}": {"pk": "case", "action": "=accept"},
    "GET /api/visits/{visit_id}": {"visit_id": "visit"},
    "POST /api/projects/needs/{pk}/project": {"pk": "need"},
    "GET /api/projects/projects/{pk}": {"pk": "project"},
    "POST /api/projects/projects/{pk}/progress": {"pk": "project"},
    "POST /api/projects/projects/{pk}/complete": {"pk": "project"},
    "POST /api/projects/projects/{pk}/contributions": {"pk": "project"},
    "POST /api/projects/projects/{pk}/evaluations": {"pk": "project"},
}


def _first_option(objects) -> int:
    return objects["poll"].options.order_by("pk").first().pk


def _first_elector(objects) -> int:
    return objects["poll"].electors.order_by("pk").first().pk


#: Minimal valid JSON bodies of API operations that name an object, so that asking out of scope
#: reaches the scope check (an empty body would be refused by validation first, with 422). Others: {}.
#: A body that names other objects is a function of community A's objects (kind → object): their ids
#: are not known in advance (PostgreSQL does not reuse ids after a rolled-back test).
BODIES: dict[str, dict | Callable[[dict], dict]] = {
    "POST /api/party/transfers/{transfer_id}/reject": {"reason": "材料不全"},
    "POST /api/owners/candidates/{review_id}/reject": {"reason": "不符合条件"},
    "POST /api/owners/candidates/{review_id}/talk": {"talk_on": "2026-05-12", "talk_note": "已谈话"},
    "POST /api/people/{pk}/reveal": {"reason": "上门核实"},
    "POST /api/votes/{poll_id}/ballot": lambda o: {"option_ids": [_first_option(o)]},
    "POST /api/votes/{poll_id}/paper": lambda o: {
        "elector_id": _first_elector(o),
        "option_ids": [_first_option(o)],
    },
    "POST /api/projects/needs/{pk}/project": {"title": "增设座椅", "kind": "micro", "budget": "1000"},
    "POST /api/projects/projects/{pk}/progress": {"progress": 50},
    "POST /api/projects/projects/{pk}/complete": {"result": "已完成"},
    "POST /api/projects/projects/{pk}/contributions": {"contributor": "王大爷", "amount": "100"},
    "POST /api/projects/projects/{pk}/evaluations": {"score": 5},
}

#: Paths served outside the URL resolver: key → the path asked.
OUTSIDE_RESOLVER = {
    "static": "/static/linli/site.css",
    "media": "/media/appeals/anything.png",
}

#: The API's own pages (not operations); they have entries of their own.
API_OWN_PAGES = {"api:openapi-json", "api:openapi-view", "api:api-root"}

#: Anonymous redirects that do not go straight to the log-in page.
#: (Pages under /admin/ send to /admin/login/, which sends on to the site's log-in page.)
LOGIN_REDIRECTS = {
    "admin:login": "/accounts/login/",  # the admin's log-in is the site's (accounts/admin_site.py)
    "admin:logout": "/admin/",  # Django's admin_view sends an anonymous logout to the index
}

#: The admin: every registered model, with the statuses its pages answer the 系统管理员 (anonymous
#: visitors and every other role are sent to the log-in page: 302).
ADMIN_DEFAULT_STATUS = 200
ADMIN_DEFAULT: dict[str, int] = {"redirect": 302}
ADMIN_MODELS: dict[str, dict[str, int]] = {
    "accounts.loginattempt": ADMIN_DEFAULT | {"add": 403, "change": 302, "delete": 302, "history": 302},
    "accounts.roleassignment": ADMIN_DEFAULT,
    "accounts.twofactorevent": ADMIN_DEFAULT | {"add": 403, "change": 302, "delete": 403, "history": 302},
    "accounts.roleassignmentevent": ADMIN_DEFAULT
    | {"add": 403, "change": 302, "delete": 403, "history": 302},
    "accounts.user": ADMIN_DEFAULT,
    "appeals.appeal": ADMIN_DEFAULT | {"add": 403, "delete": 403},
    "django_tasks_database.dbtaskresult": ADMIN_DEFAULT
    | {"add": 403, "change": 302, "delete": 403, "history": 302},
    "appeals.category": ADMIN_DEFAULT,
    "appeals.handlingunit": ADMIN_DEFAULT | {"change": 302, "delete": 302, "history": 302},
    "appeals.replytemplate": ADMIN_DEFAULT,
    "audit.accessentry": ADMIN_DEFAULT | {"add": 403, "change": 302, "delete": 403, "history": 302},
    "auth.group": ADMIN_DEFAULT | {"change": 302, "delete": 302, "history": 302},
    "dashboards.rankingweight": ADMIN_DEFAULT | {"change": 302, "delete": 302, "history": 302},
    "dashboards.steeringevent": ADMIN_DEFAULT | {"change": 302, "delete": 302, "history": 302},
    "mediation.mediationcase": ADMIN_DEFAULT | {"add": 403, "delete": 403},
    "mobilization.emergency": ADMIN_DEFAULT,
    "mobilization.householdtask": ADMIN_DEFAULT,
    "notifications.delivery": ADMIN_DEFAULT | {"add": 403, "change": 302, "delete": 403, "history": 302},
    "notifications.notification": ADMIN_DEFAULT | {"add": 403, "delete": 403},
    "notifications.wechatbinding": ADMIN_DEFAULT | {"add": 403, "change": 302, "delete": 403, "history": 302},
    "open311.apikey": ADMIN_DEFAULT | {"add": 403, "delete": 403},
    "open311.requesttoken": ADMIN_DEFAULT | {"add": 403, "delete": 403},
    "open311.serviceattribute": ADMIN_DEFAULT,
    "owners.candidatereview": ADMIN_DEFAULT | {"add": 403, "delete": 403},
    "owners.reelectionreminder": ADMIN_DEFAULT | {"add": 403, "change": 302, "delete": 403, "history": 302},
    "party.activity": ADMIN_DEFAULT | {"change": 302, "delete": 302, "history": 302},
    "party.agreement": ADMIN_DEFAULT,
    "party.body": ADMIN_DEFAULT,
    "party.cobuildingunit": ADMIN_DEFAULT,
    "party.membertransfer": ADMIN_DEFAULT | {"add": 403, "delete": 403},
    "party.partyevent": ADMIN_DEFAULT | {"add": 403, "change": 302, "delete": 403, "history": 302},
    "party.partymember": ADMIN_DEFAULT,
    "party.partyorg": ADMIN_DEFAULT,
    "people.person": ADMIN_DEFAULT,
    "people.tag": ADMIN_DEFAULT,
    "places.gridnode": ADMIN_DEFAULT,
    "places.place": ADMIN_DEFAULT,
    "points.account": ADMIN_DEFAULT,
    "points.entry": ADMIN_DEFAULT | {"add": 403, "delete": 403},
    "points.honour": ADMIN_DEFAULT | {"change": 302, "delete": 302, "history": 302},
    "points.redemption": ADMIN_DEFAULT,
    "points.reward": ADMIN_DEFAULT,
    "projects.need": ADMIN_DEFAULT | {"add": 403, "delete": 403},
    "projects.project": ADMIN_DEFAULT | {"add": 403, "delete": 403},
    "projects.resource": ADMIN_DEFAULT | {"add": 403, "change": 302, "delete": 403, "history": 302},
    "projects.selforganisation": ADMIN_DEFAULT | {"add": 403, "delete": 403},
    "property.campaign": ADMIN_DEFAULT,
    "property.creditentry": ADMIN_DEFAULT | {"add": 403, "change": 302, "delete": 403, "history": 302},
    "property.evaluation": ADMIN_DEFAULT | {"add": 403, "change": 302, "delete": 403, "history": 302},
    "property.evaluationtemplate": ADMIN_DEFAULT,
    "property.feebill": ADMIN_DEFAULT | {"add": 403, "delete": 403},
    "property.feecollection": ADMIN_DEFAULT | {"change": 302, "delete": 302, "history": 302},
    "property.feepayment": ADMIN_DEFAULT | {"add": 403, "change": 302, "delete": 403, "history": 302},
    "property.propertycompany": ADMIN_DEFAULT | {"delete": 403},
    "property.propertyevent": ADMIN_DEFAULT | {"add": 403, "change": 302, "delete": 403, "history": 302},
    "property.servicecontract": ADMIN_DEFAULT,
    "stairwells.criterion": ADMIN_DEFAULT,
    "stairwells.pioneeraward": ADMIN_DEFAULT | {"change": 302, "delete": 302, "history": 302},
    "stairwells.rating": ADMIN_DEFAULT | {"change": 302, "delete": 302, "history": 302},
    "stairwells.visitplan": ADMIN_DEFAULT | {"change": 302, "delete": 302, "history": 302},
    "visits.hazard": ADMIN_DEFAULT | {"add": 403, "delete": 403},
    "visits.patrol": ADMIN_DEFAULT | {"add": 403, "change": 302, "delete": 403, "history": 302},
    "visits.visit": ADMIN_DEFAULT | {"add": 403, "delete": 403},
    "volunteers.activity": ADMIN_DEFAULT,
    "volunteers.signup": ADMIN_DEFAULT | {"change": 302, "delete": 302, "history": 302},
    "volunteers.team": ADMIN_DEFAULT | {"change": 302, "delete": 302, "history": 302},
    "volunteers.volunteer": ADMIN_DEFAULT,
    "workdays.workdayoverride": ADMIN_DEFAULT | {"change": 302, "delete": 302, "history": 302},
    "workdays.workdayyear": ADMIN_DEFAULT | {"change": 302, "delete": 302, "history": 302},
}

EXPECTATIONS: dict[str, E] = {
    # --- accounts ---
    "accounts:login": E(anon=200, a=302),
    "accounts:logout": E(anon=405, a=405),
    "accounts:password_change": E(anon=302, a=200),
    "accounts:security": E(anon=302, a=200),
    # Enrolment is for staff; a session owing no code is sent on from the code page.
    "accounts:two_factor_enrol": E(anon=302, a=(200, {403: "resident"})),
    "accounts:two_factor_verify": E(anon=302, a=302),
    # --- admin ---
    "admin:autocomplete": E(anon=302, a=(302, {403: "system_admin"})),
    "admin:index": E(anon=302, a=(302, {200: "system_admin"})),
    "admin:jsi18n": E(anon=302, a=(302, {200: "system_admin"})),
    "admin:login": E(anon=302, a=403),
    "admin:logout": E(anon=302, a=(302, {405: "system_admin"})),
    "admin:password_change": E(anon=302, a=(302, {200: "system_admin"})),
    "admin:password_change_done": E(anon=302, a=(302, {200: "system_admin"})),
    "admin:view_on_site": E(anon=302, a=(302, {404: "system_admin"})),
    # --- api ---
    "api:api-root": E(anon=404, a=404),
    "api:openapi-json": E(anon=200, a=200),
    "api:openapi-view": E(anon=200, a=200),
    # --- appeals ---
    "appeals:act": E(anon=302, a=405, b=405),
    "appeals:bulk_dispatch": E(anon=302, a=405),
    "appeals:detail": E(
        anon=302,
        a=(200, {404: "resident owners_committee property_staff department_handler volunteer auditor"}),
        b=404,
    ),
    "appeals:hotline": E(
        anon=302,
        a=(
            403,
            {
                200: "grid_leader branch_secretary community_worker community_secretary street_official district_admin system_admin"
            },
        ),
    ),
    "appeals:hotline_export": E(anon=302, a=405),
    "appeals:hotline_template": E(
        anon=302,
        a=(
            403,
            {
                200: "grid_leader branch_secretary community_worker community_secretary street_official district_admin system_admin"
            },
        ),
    ),
    "appeals:hotspots": E(
        anon=302,
        a=(
            403,
            {
                200: "grid_leader branch_secretary community_worker community_secretary street_official district_admin system_admin"
            },
        ),
    ),
    "appeals:list": E(anon=302, a=200),
    "appeals:measures": E(
        anon=302,
        a=(
            403,
            {
                200: "grid_leader branch_secretary community_worker community_secretary street_official district_admin system_admin"
            },
        ),
    ),
    "appeals:mine": E(anon=302, a=200),
    "appeals:new": E(anon=302, a=200),
    "appeals:photo": E(
        anon=302,
        a=(200, {404: "resident owners_committee property_staff department_handler volunteer auditor"}),
        b=404,
    ),
    "appeals:report": E(anon=302, a=(302, {200: "resident"})),
    # --- audit ---
    "audit:entries": E(anon=302, a=(403, {200: "system_admin auditor"})),
    # --- dashboards ---
    "dashboards:index": E(
        anon=302,
        a=(
            403,
            {
                302: "branch_secretary community_worker community_secretary street_official district_admin system_admin"
            },
        ),
    ),
    "dashboards:node": E(
        anon=302,
        a=(404, {200: "community_worker community_secretary street_official district_admin system_admin"}),
        b=404,
    ),
    "dashboards:rankings": E(
        anon=302,
        a=(404, {200: "community_worker community_secretary street_official district_admin system_admin"}),
        b=404,
    ),
    "dashboards:report": E(
        anon=302,
        a=(404, {200: "community_worker community_secretary street_official district_admin system_admin"}),
        b=404,
    ),
    "dashboards:steering": E(
        anon=302,
        a=(404, {200: "community_worker community_secretary street_official district_admin system_admin"}),
        b=404,
    ),
    # --- deliberation ---
    "deliberation:item_act": E(anon=302, a=405, b=405),
    "deliberation:items": E(
        anon=302, a=(200, {403: "resident department_handler mediator volunteer auditor"})
    ),
    "deliberation:meeting": E(anon=302, a=200, b=404),
    "deliberation:meeting_act": E(anon=302, a=405, b=405),
    "deliberation:meeting_new": E(
        anon=302,
        a=(
            403,
            {
                200: "branch_secretary branch_member community_worker community_secretary street_official district_admin system_admin"
            },
        ),
    ),
    "deliberation:meetings": E(anon=302, a=200),
    "deliberation:stats": E(
        anon=302,
        a=(
            403,
            {
                200: "branch_secretary branch_member community_worker community_secretary street_official district_admin system_admin"
            },
        ),
    ),
    "deliberation:topic": E(
        anon=302, a=(200, {404: "resident department_handler mediator volunteer auditor"}), b=404
    ),
    "deliberation:topic_act": E(anon=302, a=405, b=405),
    "deliberation:topic_new": E(anon=302, a=200),
    "deliberation:topics": E(anon=302, a=200),
    # --- grids ---
    "grids:browse": E(anon=302, a=(200, {403: "resident volunteer auditor"})),
    "grids:detail": E(anon=302, a=(200, {404: "resident volunteer auditor"}), b=404),
    "grids:report": E(anon=302, a=(200, {403: "resident volunteer auditor"})),
    # --- mediation ---
    "mediation:act": E(anon=302, a=405, b=405),
    "mediation:archive": E(
        anon=302,
        a=(
            404,
            {
                403: "branch_secretary community_worker",
                200: "community_secretary street_official district_admin mediator system_admin",
            },
        ),
        b=404,
    ),
    "mediation:detail": E(
        anon=302,
        a=(
            404,
            {
                200: "branch_secretary community_worker community_secretary street_official district_admin mediator system_admin"
            },
        ),
        b=404,
    ),
    "mediation:list": E(
        anon=302,
        a=(
            403,
            {
                200: "branch_secretary community_worker community_secretary street_official district_admin mediator system_admin"
            },
        ),
    ),
    "mediation:new": E(
        anon=302, a=(403, {200: "branch_secretary community_worker community_secretary mediator"})
    ),
    "mediation:stats": E(
        anon=302,
        a=(
            403,
            {
                200: "branch_secretary community_worker community_secretary street_official district_admin mediator system_admin"
            },
        ),
    ),
    # --- mobilization ---
    "mobilization:board": E(
        anon=302,
        a=(
            404,
            {
                200: "branch_secretary branch_member property_staff community_worker community_secretary street_official district_admin system_admin"
            },
        ),
        b=404,
    ),
    "mobilization:close": E(anon=302, a=405, b=405),
    "mobilization:confirm": E(anon=302, a=405, b=405),
    "mobilization:index": E(
        anon=302, a=(200, {403: "resident owners_committee department_handler mediator volunteer auditor"})
    ),
    "mobilization:mine": E(
        anon=302,
        a=(
            404,
            {
                403: "branch_secretary branch_member property_staff street_official district_admin system_admin",
                200: "community_worker community_secretary",
            },
        ),
        b=404,
    ),
    # --- notifications ---
    "notifications:inbox": E(anon=302, a=200),
    "notifications:open": E(anon=302, a=404, b=404),
    "notifications:read_all": E(anon=302, a=405),
    # --- open311 ---
    "open311:discovery": E(anon=200, a=200),
    "open311:media": E(anon=200, a=200),
    "open311:request": E(anon=200, a=200),
    # Open311 is public: every request sent in through it is listed, whichever community it concerns.
    "open311:requests": E(anon=200, a=200, shows_other=True),
    "open311:service": E(anon=200, a=200),
    "open311:services": E(anon=200, a=200),
    "open311:token": E(anon=200, a=200),
    "route:open311/v2/^(?P<path>.*)$": E(anon=404, a=404),
    # --- open311_keys ---
    "open311_keys:list": E(anon=302, a=(403, {200: "district_admin system_admin"})),
    "open311_keys:revoke": E(anon=302, a=405, b=405),
    # --- outside ---
    "media": E(anon=404, a=404),
    "static": E(anon=200, a=200),
    # --- owners ---
    "owners:body": E(
        anon=302,
        a=(
            404,
            {
                200: "branch_secretary branch_member owners_committee community_worker community_secretary street_official district_admin system_admin"
            },
        ),
        b=404,
    ),
    "owners:candidate": E(
        anon=302,
        a=(
            404,
            {
                200: "branch_secretary branch_member owners_committee community_worker community_secretary street_official district_admin system_admin"
            },
        ),
        b=404,
    ),
    "owners:candidate_approve": E(anon=302, a=405, b=405),
    "owners:candidate_new": E(
        anon=302,
        a=(
            403,
            {
                200: "branch_secretary branch_member owners_committee community_worker community_secretary street_official district_admin system_admin"
            },
        ),
    ),
    "owners:candidate_reject": E(anon=302, a=405, b=405),
    "owners:candidate_talk": E(anon=302, a=405, b=405),
    "owners:candidates": E(
        anon=302,
        a=(
            403,
            {
                200: "branch_secretary branch_member owners_committee community_worker community_secretary street_official district_admin system_admin"
            },
        ),
    ),
    "owners:guidance": E(
        anon=302,
        a=(
            403,
            {
                200: "branch_secretary branch_member owners_committee community_worker community_secretary street_official district_admin system_admin"
            },
        ),
    ),
    "owners:overview": E(
        anon=302,
        a=(
            403,
            {
                200: "branch_secretary branch_member owners_committee community_worker community_secretary street_official district_admin system_admin"
            },
        ),
    ),
    # --- party ---
    "party:activity_new": E(
        anon=302,
        a=(
            404,
            {
                200: "branch_secretary branch_member community_worker community_secretary street_official district_admin system_admin"
            },
        ),
        b=404,
    ),
    "party:agreement": E(
        anon=302,
        a=(
            404,
            {
                200: "branch_secretary branch_member community_worker community_secretary street_official district_admin system_admin"
            },
        ),
        b=404,
    ),
    "party:agreement_edit": E(
        anon=302,
        a=(
            404,
            {
                200: "branch_secretary community_worker community_secretary street_official district_admin system_admin"
            },
        ),
        b=404,
    ),
    "party:agreement_new": E(
        anon=302,
        a=(
            403,
            {
                200: "branch_secretary community_worker community_secretary street_official district_admin system_admin"
            },
        ),
    ),
    "party:body": E(
        anon=302,
        a=(
            404,
            {
                200: "branch_secretary branch_member community_worker community_secretary street_official district_admin system_admin"
            },
        ),
        b=404,
    ),
    "party:body_edit": E(
        anon=302,
        a=(
            404,
            {
                200: "branch_secretary community_worker community_secretary street_official district_admin system_admin"
            },
        ),
        b=404,
    ),
    "party:body_new": E(
        anon=302,
        a=(
            403,
            {
                200: "branch_secretary community_worker community_secretary street_official district_admin system_admin"
            },
        ),
    ),
    "party:branch": E(
        anon=302,
        a=(
            404,
            {
                200: "branch_secretary branch_member community_worker community_secretary street_official district_admin system_admin"
            },
        ),
        b=404,
    ),
    "party:confirm": E(anon=302, a=405, b=405),
    # The public 找组织 card of a 小区 (a QR code on the notice board): masked names, office numbers.
    "party:find": E(anon=200, a=200, b=200, shows_other=True),
    "party:member": E(
        anon=302,
        a=(
            404,
            {
                200: "branch_secretary branch_member community_worker community_secretary street_official district_admin system_admin"
            },
        ),
        b=404,
    ),
    "party:member_edit": E(
        anon=302,
        a=(
            404,
            {
                200: "branch_secretary community_worker community_secretary street_official district_admin system_admin"
            },
        ),
        b=404,
    ),
    "party:member_new": E(
        anon=302,
        a=(
            403,
            {
                200: "branch_secretary community_worker community_secretary street_official district_admin system_admin"
            },
        ),
    ),
    "party:members": E(
        anon=302,
        a=(
            403,
            {
                200: "branch_secretary branch_member community_worker community_secretary street_official district_admin system_admin"
            },
        ),
    ),
    "party:org_edit": E(
        anon=302,
        a=(404, {200: "community_worker community_secretary street_official district_admin system_admin"}),
        b=404,
    ),
    "party:org_new": E(
        anon=302,
        a=(403, {200: "community_worker community_secretary street_official district_admin system_admin"}),
    ),
    "party:overview": E(
        anon=302,
        a=(
            403,
            {
                200: "branch_secretary branch_member community_worker community_secretary street_official district_admin system_admin"
            },
        ),
    ),
    "party:register": E(anon=302, a=405, b=405),
    "party:seat_add": E(anon=302, a=405, b=405),
    "party:seat_end": E(anon=302, a=405, b=405),
    "party:transfer_accept": E(anon=302, a=405, b=405),
    # The transfer form lists every branch of the platform as a destination (organisation names only).
    "party:transfer_new": E(
        shows_other=True,
        anon=302,
        a=(
            404,
            {
                200: "branch_secretary community_worker community_secretary street_official district_admin system_admin",
                403: "branch_member",
            },
        ),
        b=404,
    ),
    "party:transfer_reject": E(anon=302, a=405, b=405),
    "party:transfers": E(
        anon=302,
        a=(
            403,
            {
                200: "branch_secretary branch_member community_worker community_secretary street_official district_admin system_admin"
            },
        ),
    ),
    # --- people ---
    "people:deletion_answer": E(anon=302, a=405, b=405),
    "people:deletion_requests": E(
        anon=302, a=(403, {200: "community_worker community_secretary system_admin"})
    ),
    "people:edit": E(
        anon=302,
        a=(
            200,
            {
                403: "resident stairwell_leader caretaker specialist_grid_worker branch_secretary branch_member district_admin",
                404: "owners_committee property_staff department_handler mediator volunteer auditor",
            },
        ),
        b=404,
    ),
    "people:export": E(
        anon=302,
        a=(403, {200: "grid_leader community_worker community_secretary street_official system_admin"}),
    ),
    "people:four_musts": E(
        anon=302,
        a=(200, {403: "owners_committee property_staff department_handler mediator volunteer auditor"}),
    ),
    "people:household": E(
        anon=302,
        a=(200, {404: "owners_committee property_staff department_handler mediator volunteer auditor"}),
        b=404,
    ),
    "people:household_tag_add": E(anon=302, a=405, b=405),
    "people:import": E(
        anon=302, a=(403, {200: "grid_worker grid_leader community_worker community_secretary system_admin"})
    ),
    "people:import-errors": E(
        anon=302, a=(403, {404: "grid_worker grid_leader community_worker community_secretary system_admin"})
    ),
    "people:import-template": E(
        anon=302, a=(403, {200: "grid_worker grid_leader community_worker community_secretary system_admin"})
    ),
    "people:ledger": E(
        anon=302,
        a=(200, {403: "owners_committee property_staff department_handler mediator volunteer auditor"}),
    ),
    "people:move": E(anon=302, a=405, b=405),
    "people:move_out": E(anon=302, a=405, b=405),
    "people:my_data": E(anon=302, a=200),
    "people:my_data_delete": E(anon=302, a=405),
    "people:my_data_download": E(anon=302, a=405),
    "people:occasion": E(anon=302, a=405, b=405),
    "people:person": E(
        anon=302,
        a=(200, {404: "owners_committee property_staff department_handler mediator volunteer auditor"}),
        b=404,
    ),
    "people:register": E(anon=302, a=405, b=405),
    "people:reveal": E(anon=302, a=405, b=405),
    "people:tag_add": E(anon=302, a=405, b=405),
    "people:tag_end": E(anon=302, a=405, b=405),
    # --- places ---
    "places:browse": E(anon=302, a=200),
    "places:detail": E(anon=302, a=(200, {404: "resident stairwell_leader informant caretaker"}), b=404),
    "places:export": E(
        anon=302,
        a=(
            403,
            {
                200: "grid_leader community_worker community_secretary street_official district_admin system_admin"
            },
        ),
    ),
    "places:import": E(
        anon=302,
        a=(403, {200: "community_worker community_secretary street_official district_admin system_admin"}),
    ),
    "places:import-errors": E(
        anon=302,
        a=(403, {404: "community_worker community_secretary street_official district_admin system_admin"}),
    ),
    "places:template": E(
        anon=302,
        a=(403, {200: "community_worker community_secretary street_official district_admin system_admin"}),
    ),
    # --- points ---
    "points:account": E(
        anon=302,
        a=(404, {200: "branch_secretary community_worker community_secretary street_official system_admin"}),
        b=404,
    ),
    "points:account_act": E(anon=302, a=405, b=405),
    "points:hand_over": E(anon=302, a=405, b=405),
    "points:home": E(anon=302, a=(200, {403: "auditor"})),
    "points:redeem": E(anon=302, a=405, b=405),
    "points:reward_new": E(anon=302, a=405),
    # --- projects ---
    "projects:act": E(anon=302, a=405, b=405),
    "projects:add": E(anon=302, a=405),
    "projects:lists": E(
        anon=302,
        a=(
            200,
            {
                403: "resident stairwell_leader informant caretaker specialist_grid_worker department_handler mediator volunteer auditor"
            },
        ),
    ),
    "projects:org": E(
        anon=302,
        a=(200, {404: "informant caretaker specialist_grid_worker department_handler mediator auditor"}),
        b=404,
    ),
    "projects:orgs": E(
        anon=302,
        a=(200, {403: "informant caretaker specialist_grid_worker department_handler mediator auditor"}),
    ),
    "projects:project": E(
        anon=302,
        a=(200, {404: "informant caretaker specialist_grid_worker department_handler mediator auditor"}),
        b=404,
    ),
    "projects:projects": E(
        anon=302,
        a=(200, {403: "informant caretaker specialist_grid_worker department_handler mediator auditor"}),
    ),
    # --- property ---
    "property:board": E(
        anon=302,
        a=(
            403,
            {
                200: "branch_secretary property_staff community_worker community_secretary street_official district_admin system_admin"
            },
        ),
    ),
    "property:campaign": E(
        anon=302,
        a=(
            404,
            {
                200: "branch_secretary property_staff community_worker community_secretary street_official district_admin system_admin"
            },
        ),
        b=404,
    ),
    "property:campaign-close": E(anon=302, a=405, b=405),
    "property:campaign-item-new": E(anon=302, a=405, b=405),
    "property:campaign-item-rectify": E(anon=302, a=405, b=405),
    "property:campaign-new": E(anon=302, a=405),
    "property:campaigns": E(
        anon=302,
        a=(
            403,
            {
                200: "branch_secretary property_staff community_worker community_secretary street_official district_admin system_admin"
            },
        ),
    ),
    "property:company": E(
        anon=302,
        a=(
            404,
            {
                200: "branch_secretary property_staff community_worker community_secretary street_official district_admin system_admin"
            },
        ),
        b=404,
    ),
    "property:disputes": E(
        anon=302,
        a=(
            403,
            {
                200: "branch_secretary property_staff community_worker community_secretary street_official district_admin system_admin"
            },
        ),
    ),
    "property:evaluate": E(anon=302, a=(404, {200: "branch_secretary"}), b=404),
    "property:fee-bill": E(anon=302, a=405, b=405),
    "property:fee-compound": E(
        anon=302,
        a=(
            404,
            {
                200: "property_staff community_worker community_secretary street_official district_admin system_admin"
            },
        ),
        b=404,
    ),
    "property:fee-import": E(
        anon=302,
        a=(
            403,
            {
                200: "property_staff community_worker community_secretary street_official district_admin system_admin"
            },
        ),
    ),
    "property:fee-pay": E(anon=302, a=405, b=405),
    "property:fee-sheet": E(
        anon=302,
        a=(
            404,
            {
                200: "property_staff community_worker community_secretary street_official district_admin system_admin"
            },
        ),
        b=404,
    ),
    "property:fees": E(
        anon=302,
        a=(
            403,
            {
                200: "property_staff community_worker community_secretary street_official district_admin system_admin"
            },
        ),
    ),
    # --- roles ---
    "roles:grant": E(
        anon=302,
        a=(
            403,
            {
                200: "grid_leader branch_secretary community_worker community_secretary street_official district_admin system_admin"
            },
        ),
    ),
    "roles:list": E(
        anon=302,
        a=(
            403,
            {
                200: "grid_leader branch_secretary community_worker community_secretary street_official district_admin system_admin"
            },
        ),
    ),
    "roles:revoke": E(anon=302, a=405, b=405),
    # --- site ---
    "healthz": E(anon=200, a=200),
    "home": E(anon=302, a=200),
    # --- stairwells ---
    "stairwells:index": E(
        anon=302,
        a=(
            302,
            {
                403: "resident micro_grid_worker specialist_grid_worker owners_committee property_staff department_handler mediator volunteer auditor"
            },
        ),
    ),
    "stairwells:plan": E(
        anon=302,
        a=(
            200,
            {
                404: "resident specialist_grid_worker branch_member owners_committee property_staff department_handler mediator volunteer auditor"
            },
        ),
        b=404,
    ),
    "stairwells:ratings": E(
        anon=302,
        a=(
            200,
            {
                403: "resident micro_grid_worker specialist_grid_worker owners_committee property_staff department_handler mediator volunteer auditor"
            },
        ),
    ),
    # --- visits ---
    "visits:alerts": E(
        anon=302,
        a=(
            200,
            {
                403: "resident specialist_grid_worker branch_member owners_committee property_staff department_handler mediator volunteer auditor"
            },
        ),
    ),
    "visits:coverage": E(
        anon=302,
        a=(
            200,
            {
                403: "resident specialist_grid_worker owners_committee property_staff department_handler mediator volunteer auditor"
            },
        ),
    ),
    "visits:hazard_act": E(anon=302, a=405, b=405),
    "visits:hazard_detail": E(
        anon=302,
        a=(
            200,
            {
                404: "resident micro_grid_worker grid_worker grid_leader specialist_grid_worker department_handler mediator volunteer auditor"
            },
        ),
        b=404,
    ),
    "visits:hazard_new": E(
        anon=302, a=(200, {403: "resident department_handler mediator volunteer auditor"})
    ),
    "visits:hazard_photo": E(
        anon=302,
        a=(
            200,
            {
                404: "resident micro_grid_worker grid_worker grid_leader specialist_grid_worker department_handler mediator volunteer auditor"
            },
        ),
        b=404,
    ),
    "visits:hazards": E(anon=302, a=(200, {403: "resident department_handler mediator volunteer auditor"})),
    "visits:history": E(
        anon=302,
        a=(
            200,
            {
                403: "resident specialist_grid_worker owners_committee property_staff department_handler mediator volunteer auditor"
            },
        ),
    ),
    "visits:patrols": E(
        anon=302,
        a=(
            403,
            {
                200: "micro_grid_worker grid_worker grid_leader branch_secretary community_worker community_secretary street_official district_admin system_admin"
            },
        ),
    ),
    "visits:record": E(
        anon=302,
        a=(
            404,
            {
                200: "stairwell_leader informant caretaker micro_grid_worker grid_worker grid_leader branch_secretary branch_member community_worker community_secretary"
            },
        ),
        b=404,
    ),
    "visits:todo": E(
        anon=302,
        a=(
            200,
            {
                403: "resident specialist_grid_worker owners_committee property_staff department_handler mediator volunteer auditor",
                302: "street_official district_admin system_admin",
            },
        ),
    ),
    # --- volunteers ---
    "volunteers:activities": E(anon=302, a=(200, {403: "auditor"})),
    "volunteers:activity": E(
        anon=302,
        a=(200, {404: "micro_grid_worker grid_worker grid_leader specialist_grid_worker auditor"}),
        b=404,
    ),
    "volunteers:activity_act": E(anon=302, a=405, b=405),
    "volunteers:activity_new": E(
        anon=302,
        a=(403, {200: "branch_secretary community_worker community_secretary street_official system_admin"}),
    ),
    "volunteers:board": E(anon=302, a=(200, {403: "resident stairwell_leader informant caretaker auditor"})),
    "volunteers:roster": E(
        anon=302,
        a=(
            403,
            {
                200: "grid_worker grid_leader branch_secretary branch_member community_worker community_secretary street_official district_admin volunteer system_admin"
            },
        ),
    ),
    # --- votes ---
    "votes:areas": E(
        anon=302,
        a=(
            404,
            {
                200: "owners_committee property_staff community_worker community_secretary street_official district_admin system_admin"
            },
        ),
        b=404,
    ),
    "votes:close": E(anon=302, a=405, b=405),
    "votes:detail": E(
        anon=302,
        a=(
            200,
            {
                404: "resident stairwell_leader informant caretaker department_handler mediator volunteer auditor"
            },
        ),
        b=404,
    ),
    "votes:list": E(anon=302, a=(200, {403: "auditor"})),
    "votes:new": E(
        anon=302,
        a=(
            403,
            {
                200: "branch_secretary owners_committee community_worker community_secretary street_official district_admin system_admin"
            },
        ),
    ),
    "votes:open": E(anon=302, a=405, b=405),
    "votes:paper": E(
        anon=302,
        a=(
            404,
            {
                403: "micro_grid_worker grid_worker grid_leader specialist_grid_worker property_staff",
                200: "branch_secretary branch_member owners_committee community_worker community_secretary street_official district_admin system_admin",
            },
        ),
        b=404,
    ),
    "votes:vote": E(anon=302, a=405, b=405),
    # --- api appeals ---
    "GET /api/appeals/": E(anon=401, a=200),
    "GET /api/appeals/categories": E(anon=401, a=200),
    "GET /api/appeals/measures": E(
        anon=401,
        a=(
            403,
            {
                200: "grid_leader branch_secretary community_worker community_secretary street_official district_admin system_admin"
            },
        ),
    ),
    "GET /api/appeals/{appeal_id}": E(
        anon=401,
        a=(200, {404: "resident owners_committee property_staff department_handler volunteer auditor"}),
        b=404,
    ),
    "POST /api/appeals/": E(anon=401, a=422),
    "POST /api/appeals/{appeal_id}/actions/{name}": E(
        anon=401,
        a=(
            403,
            {
                404: "resident owners_committee property_staff department_handler volunteer auditor",
                409: "grid_leader branch_secretary community_worker community_secretary street_official district_admin system_admin",
            },
        ),
        b=404,
    ),
    # --- api deliberation ---
    "GET /api/deliberation/counts": E(
        anon=401,
        a=(
            403,
            {
                200: "branch_secretary branch_member community_worker community_secretary street_official district_admin system_admin"
            },
        ),
    ),
    "GET /api/deliberation/meetings": E(anon=401, a=200),
    "GET /api/deliberation/topics": E(anon=401, a=200),
    "GET /api/deliberation/topics/{pk}": E(
        anon=401, a=(200, {404: "resident department_handler mediator volunteer auditor"}), b=404
    ),
    "POST /api/deliberation/meetings/{pk}/sign-in": E(anon=401, a=200, b=404),
    "POST /api/deliberation/topics": E(anon=401, a=422),
    "POST /api/deliberation/topics/{pk}/{action}": E(
        anon=401,
        a=(
            403,
            {
                404: "resident department_handler mediator volunteer auditor",
                200: "branch_secretary branch_member community_worker community_secretary street_official district_admin system_admin",
            },
        ),
        b=404,
    ),
    # --- api grids ---
    "GET /api/grids/{code}": E(anon=401, a=(200, {404: "resident volunteer auditor"}), b=404),
    # --- api me ---
    "GET /api/me": E(anon=401, a=200),
    # --- api mediation ---
    "GET /api/mediation/cases": E(
        anon=401,
        a=(
            403,
            {
                200: "branch_secretary community_worker community_secretary street_official district_admin mediator system_admin"
            },
        ),
    ),
    "GET /api/mediation/cases/{pk}": E(
        anon=401,
        a=(
            404,
            {
                200: "branch_secretary community_worker community_secretary street_official district_admin mediator system_admin"
            },
        ),
        b=404,
    ),
    "GET /api/mediation/stats": E(
        anon=401,
        a=(
            403,
            {
                200: "branch_secretary community_worker community_secretary street_official district_admin mediator system_admin"
            },
        ),
    ),
    "POST /api/mediation/cases": E(anon=401, a=422),
    "POST /api/mediation/cases/{pk}/{action}": E(
        anon=401,
        a=(
            404,
            {
                400: "branch_secretary community_worker community_secretary street_official district_admin system_admin",
                200: "mediator",
            },
        ),
        b=404,
    ),
    # --- api notifications ---
    "GET /api/notifications/": E(anon=401, a=200),
    "GET /api/notifications/unread-count": E(anon=401, a=200),
    "POST /api/notifications/{notification_id}/read": E(anon=401, a=404, b=404),
    # --- api owners ---
    "GET /api/owners/candidates": E(
        anon=401,
        a=(
            403,
            {
                200: "branch_secretary branch_member owners_committee community_worker community_secretary street_official district_admin system_admin"
            },
        ),
    ),
    "GET /api/owners/candidates/{review_id}": E(
        anon=401,
        a=(
            403,
            {
                200: "branch_secretary branch_member owners_committee community_worker community_secretary street_official district_admin system_admin"
            },
        ),
        b=(
            403,
            {
                404: "branch_secretary branch_member owners_committee community_worker community_secretary street_official district_admin"
            },
        ),
    ),
    "POST /api/owners/candidates": E(anon=401, a=422),
    "POST /api/owners/candidates/{review_id}/approve": E(
        anon=401,
        a=(403, {200: "branch_secretary community_worker community_secretary street_official system_admin"}),
        b=(
            403,
            {
                404: "branch_secretary branch_member owners_committee community_worker community_secretary street_official district_admin"
            },
        ),
    ),
    # --- api party ---
    "GET /api/party/bodies/{body_id}": E(
        anon=401,
        a=(
            403,
            {
                200: "branch_secretary branch_member community_worker community_secretary street_official district_admin system_admin"
            },
        ),
        b=(
            403,
            {
                404: "branch_secretary branch_member community_worker community_secretary street_official district_admin"
            },
        ),
    ),
    "GET /api/party/members": E(
        anon=401,
        a=(
            403,
            {
                200: "branch_secretary branch_member community_worker community_secretary street_official district_admin system_admin"
            },
        ),
    ),
    "GET /api/party/members/{member_id}": E(
        anon=401,
        a=(
            403,
            {
                200: "branch_secretary branch_member community_worker community_secretary street_official district_admin system_admin"
            },
        ),
        b=(
            403,
            {
                404: "branch_secretary branch_member community_worker community_secretary street_official district_admin"
            },
        ),
    ),
    "GET /api/party/transfers": E(
        anon=401,
        a=(
            403,
            {
                200: "branch_secretary branch_member community_worker community_secretary street_official district_admin system_admin"
            },
        ),
    ),
    "POST /api/party/members/{member_id}/transfers": E(
        anon=401,
        a=(
            403,
            {
                400: "branch_secretary branch_member community_worker community_secretary street_official district_admin system_admin"
            },
        ),
        b=(
            403,
            {
                404: "branch_secretary branch_member community_worker community_secretary street_official district_admin"
            },
        ),
    ),
    "POST /api/party/transfers/{transfer_id}/accept": E(
        anon=401,
        a=(
            404,
            {
                400: "branch_secretary branch_member community_worker community_secretary street_official district_admin system_admin"
            },
        ),
        b=404,
    ),
    # --- api people ---
    "GET /api/people/": E(
        anon=401,
        a=(200, {403: "owners_committee property_staff department_handler mediator volunteer auditor"}),
    ),
    "GET /api/people/{pk}": E(
        anon=401,
        a=(200, {404: "owners_committee property_staff department_handler mediator volunteer auditor"}),
        b=404,
    ),
    "POST /api/people/search": E(anon=401, a=422),
    # --- api places ---
    "GET /api/places/": E(anon=401, a=200),
    "GET /api/places/{code}": E(
        anon=401, a=(200, {404: "resident stairwell_leader informant caretaker"}), b=404
    ),
    "GET /api/places/{code}/children": E(
        anon=401, a=(200, {404: "resident stairwell_leader informant caretaker"}), b=404
    ),
    # --- api projects ---
    "GET /api/projects/lists": E(anon=401, a=422),
    "GET /api/projects/projects/{pk}": E(
        anon=401,
        a=(200, {404: "informant caretaker specialist_grid_worker department_handler mediator auditor"}),
        b=404,
    ),
    "POST /api/projects/needs": E(anon=401, a=422),
    # --- api visits ---
    "GET /api/visits/": E(
        anon=401,
        a=(
            200,
            {
                403: "resident specialist_grid_worker owners_committee property_staff department_handler mediator volunteer auditor"
            },
        ),
    ),
    "GET /api/visits/alerts": E(
        anon=401,
        a=(
            200,
            {
                403: "resident specialist_grid_worker branch_member owners_committee property_staff department_handler mediator volunteer auditor"
            },
        ),
    ),
    "GET /api/visits/coverage": E(
        anon=401,
        a=(
            200,
            {
                403: "resident specialist_grid_worker owners_committee property_staff department_handler mediator volunteer auditor"
            },
        ),
    ),
    "GET /api/visits/todo": E(
        anon=401,
        a=(
            403,
            {
                200: "stairwell_leader informant caretaker micro_grid_worker grid_worker grid_leader branch_secretary branch_member community_worker community_secretary"
            },
        ),
    ),
    "GET /api/visits/{visit_id}": E(
        anon=401,
        a=(
            404,
            {
                200: "stairwell_leader informant caretaker branch_secretary branch_member community_worker community_secretary street_official district_admin system_admin"
            },
        ),
        b=404,
    ),
    "POST /api/visits/": E(anon=401, a=422),
    # --- api votes ---
    "GET /api/votes/": E(anon=401, a=200),
    "GET /api/votes/awaiting": E(anon=401, a=200),
    "GET /api/votes/{poll_id}": E(
        anon=401,
        a=(
            200,
            {
                404: "resident stairwell_leader informant caretaker department_handler mediator volunteer auditor"
            },
        ),
        b=404,
    ),
    "POST /api/votes/": E(anon=401, a=422),
    "POST /api/votes/{poll_id}/close": E(
        anon=401,
        a=(
            404,
            {
                403: "micro_grid_worker grid_worker grid_leader specialist_grid_worker branch_member property_staff",
                200: "branch_secretary owners_committee community_worker community_secretary street_official district_admin system_admin",
            },
        ),
        b=404,
    ),
    "POST /api/votes/{poll_id}/open": E(
        anon=401,
        a=(
            404,
            {
                403: "micro_grid_worker grid_worker grid_leader specialist_grid_worker branch_member property_staff",
                409: "branch_secretary owners_committee community_worker community_secretary street_official district_admin system_admin",
            },
        ),
        b=404,
    ),
    # --- admin (not per model) ---
    "admin:app_list": E(anon=302, a=(302, {200: "system_admin"})),
    "admin:auth_user_password_change": E(anon=302, a=(302, {200: "system_admin"}), b=302),
    "route:admin/(?P<url>.*)$": E(anon=302, a=(302, {404: "system_admin"})),
    # --- API operations asked with a minimal valid body (BODIES) ---
    "POST /api/owners/candidates/{review_id}/reject": E(
        anon=401,
        a=(403, {200: "branch_secretary community_worker community_secretary street_official system_admin"}),
        b=(
            403,
            {
                404: "branch_secretary branch_member owners_committee community_worker community_secretary street_official district_admin"
            },
        ),
    ),
    "POST /api/owners/candidates/{review_id}/talk": E(
        anon=401,
        a=(403, {400: "branch_secretary community_worker community_secretary street_official system_admin"}),
        b=(
            403,
            {
                404: "branch_secretary branch_member owners_committee community_worker community_secretary street_official district_admin"
            },
        ),
    ),
    "POST /api/party/transfers/{transfer_id}/reject": E(
        anon=401,
        a=(
            404,
            {
                400: "branch_secretary branch_member community_worker community_secretary street_official district_admin system_admin"
            },
        ),
        b=404,
    ),
    "POST /api/people/{pk}/reveal": E(
        anon=401,
        a=(
            403,
            {
                200: "micro_grid_worker grid_worker grid_leader community_worker community_secretary system_admin",
                404: "owners_committee property_staff department_handler mediator volunteer auditor",
            },
        ),
        b=404,
    ),
    "POST /api/projects/needs/{pk}/project": E(
        anon=401,
        a=(
            404,
            {
                400: "micro_grid_worker grid_worker grid_leader owners_committee property_staff",
                201: "branch_secretary branch_member community_worker community_secretary street_official district_admin system_admin",
            },
        ),
        b=404,
    ),
    "POST /api/projects/projects/{pk}/complete": E(
        anon=401,
        a=(
            403,
            {
                404: "informant caretaker specialist_grid_worker department_handler mediator auditor",
                200: "branch_secretary branch_member community_worker community_secretary street_official district_admin system_admin",
            },
        ),
        b=404,
    ),
    "POST /api/projects/projects/{pk}/contributions": E(
        anon=401,
        a=(
            403,
            {
                404: "informant caretaker specialist_grid_worker department_handler mediator auditor",
                201: "branch_secretary branch_member community_worker community_secretary street_official district_admin system_admin",
            },
        ),
        b=404,
    ),
    "POST /api/projects/projects/{pk}/evaluations": E(
        anon=401,
        a=(
            403,
            {
                409: "resident",
                404: "informant caretaker specialist_grid_worker department_handler mediator auditor",
            },
        ),
        b=404,
    ),
    "POST /api/projects/projects/{pk}/progress": E(
        anon=401,
        a=(
            403,
            {
                404: "informant caretaker specialist_grid_worker department_handler mediator auditor",
                200: "branch_secretary branch_member community_worker community_secretary street_official district_admin system_admin",
            },
        ),
        b=404,
    ),
    "POST /api/votes/{poll_id}/ballot": E(
        anon=401,
        a=(
            403,
            {
                404: "resident stairwell_leader informant caretaker department_handler mediator volunteer auditor"
            },
        ),
        b=404,
    ),
    "POST /api/votes/{poll_id}/paper": E(
        anon=401,
        a=(
            404,
            {
                403: "micro_grid_worker grid_worker grid_leader specialist_grid_worker property_staff",
                201: "branch_secretary branch_member owners_committee community_worker community_secretary street_official district_admin system_admin",
            },
        ),
        b=404,
    ),
}
