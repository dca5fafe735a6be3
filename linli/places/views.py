from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from linli.core import policy

from . import rules, selectors
from .choices import GridLevel, PlaceLevel


@login_required
def place_browse(request):
    """Where the place browser starts: the highest places the user may see, with counts."""
    policy.require(request.user, rules.VIEW_PLACE)
    roots = selectors.place_roots_for_user(request.user)
    return render(
        request,
        "places/browse.html",
        {
            "children": roots,
            "counts": selectors.place_counts(user=request.user, places=roots),
            "may_import": policy.may(request.user, rules.IMPORT_PLACES),
            "may_export": policy.may(request.user, rules.EXPORT_PLACES),
        },
    )


@login_required
def place_detail(request, code: str):
    place = selectors.place_get_for_user(user=request.user, code=code)
    context = {
        "place": place,
        "crumbs": selectors.place_breadcrumbs(user=request.user, place=place),
        "counts": selectors.place_counts(user=request.user, places=[place])[place.code],
        "may_change": policy.may(request.user, rules.CHANGE_PLACE, place),
    }
    if place.level == PlaceLevel.HOUSEHOLD:
        from linli.people import selectors as people_selectors

        context["members"] = people_selectors.household_members_for_user(user=request.user, household=place)
        context["ledger_openable"] = policy.may(request.user, people_selectors.rules.VIEW_PERSON, place)
        context["grid_openable"] = bool(
            place.grid_id and selectors.grid_visible_to(request.user).filter(pk=place.grid_id).exists()
        )
    else:
        children = selectors.place_children_for_user(user=request.user, place=place)
        page = Paginator(children, 200).get_page(request.GET.get("page"))
        context["page"] = page
        context["children"] = list(page)
        context["child_counts"] = selectors.place_counts(user=request.user, places=list(page))
        context["child_level_label"] = PlaceLevel(place.level + 1).label
    return render(request, "places/detail.html", context)


@login_required
def grid_browse(request):
    policy.require(request.user, rules.VIEW_GRID)
    roots = selectors.grid_roots_for_user(request.user)
    return render(
        request,
        "places/grid_browse.html",
        {"children": roots, "counts": selectors.grid_counts(user=request.user, grids=roots)},
    )


@login_required
def grid_detail(request, code: str):
    grid = selectors.grid_get_for_user(user=request.user, code=code)
    context = {
        "grid": grid,
        "crumbs": selectors.grid_breadcrumbs(user=request.user, grid=grid),
        "counts": selectors.grid_counts(user=request.user, grids=[grid])[grid.code],
        "limits": selectors.micro_grid_size_limits(),
    }
    if grid.level == GridLevel.MICRO:
        households = (
            selectors.place_visible_to(request.user)
            .filter(grid=grid)
            .select_related("parent__parent__parent")
        )
        context["households"] = Paginator(households, 200).get_page(request.GET.get("page"))
    else:
        children = selectors.grid_children_for_user(user=request.user, grid=grid)
        context["children"] = children
        context["child_counts"] = selectors.grid_counts(user=request.user, grids=children)
    return render(request, "places/grid_detail.html", context)


@login_required
def grid_report(request):
    """Grid rules: 微网格 outside 30–100 households, households in no grid, 小区 ↔ grid relations."""
    policy.require(request.user, rules.VIEW_GRID)
    relations = selectors.compound_grid_relations(user=request.user)
    tally: dict[str, int] = {}
    for _, relation, _ in relations:
        tally[relation.label] = tally.get(relation.label, 0) + 1
    ungridded = selectors.households_without_grid(user=request.user)
    return render(
        request,
        "places/grid_report.html",
        {
            "out_of_range": selectors.micro_grids_out_of_range(user=request.user),
            "limits": selectors.micro_grid_size_limits(),
            "ungridded_count": ungridded.count(),
            "ungridded": ungridded.select_related("parent__parent__parent")[:200],
            "relations": relations,
            "tally": sorted(tally.items()),
        },
    )
