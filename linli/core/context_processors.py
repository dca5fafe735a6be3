def site(request):
    return {"site_name": "邻里", "site_full_name": "邻里 · 党建引领小区治理平台"}


#: The main menu: (label, URL name, permission that must be usable somewhere; None: everyone).
NAV = [
    ("工作台", "home", None),
    ("驾驶舱", "dashboards:index", "dashboards.view_dashboard"),
    ("诉求", "appeals:list", "appeals.view_appeal"),
    ("居民", "people:ledger", "people.view_person"),
    ("走访", "visits:todo", "visits.view_visit"),
    ("物业", "property:board", "property.view_propertycompany"),
    ("党建", "party:overview", "party.view_partyorg"),
    ("业主自治", "owners:overview", "owners.view_body"),
    ("表决", "votes:list", "votes.view_poll"),
    ("议事协商", "deliberation:topics", "deliberation.participate_topic"),
    ("人民调解", "mediation:list", "mediation.view_mediationcase"),
    ("三张清单", "projects:lists", "projects.view_need"),
    ("志愿", "volunteers:activities", "volunteers.view_activity"),
    ("应急", "mobilization:index", "mobilization.view_emergency"),
    ("楼道", "stairwells:index", "stairwells.view_rating"),
    ("地点", "places:browse", "places.view_place"),
    ("网格", "grids:browse", "places.view_grid"),
    ("角色", "roles:list", "accounts.view_roleassignment"),
    ("审计", "audit:entries", "audit.view_accessentry"),
    ("后台", "admin:index", "accounts.use_admin"),
]


def navigation(request):
    """Only the menu entries the user can open (no links that lead to a 403)."""
    from django.urls import reverse

    from . import policy

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": []}

    def build():
        return [(label, reverse(name)) for label, name, perm in NAV if perm is None or policy.may(user, perm)]

    return {"nav": build}
