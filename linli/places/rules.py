"""Who may do what with places and grids. Scope always applies on top (core.policy)."""

from linli.core.policy import rule
from linli.core.roles import COMPOUND_BODIES, FRONT_LINE, STAFF, Role

_MANAGERS = {
    Role.COMMUNITY_WORKER,
    Role.COMMUNITY_SECRETARY,
    Role.STREET_OFFICIAL,
    Role.DISTRICT_ADMIN,
    Role.SYSTEM_ADMIN,
}

VIEW_PLACE = rule(
    "places.view_place",
    roles=set(Role.values),
    label="查看地点（小区、楼栋、户）",
)
CHANGE_PLACE = rule("places.change_place", roles=_MANAGERS, label="维护地点")
VIEW_GRID = rule(
    "places.view_grid",
    roles=FRONT_LINE | COMPOUND_BODIES | STAFF | {Role.DEPARTMENT_HANDLER, Role.MEDIATOR},
    label="查看网格",
)
CHANGE_GRID = rule("places.change_grid", roles=_MANAGERS | {Role.GRID_LEADER}, label="维护网格与划分")
IMPORT_PLACES = rule("places.import_places", roles=_MANAGERS, label="导入地点与网格")
EXPORT_PLACES = rule("places.export_places", roles=_MANAGERS | {Role.GRID_LEADER}, label="导出地点与网格")
