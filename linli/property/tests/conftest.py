import pytest


@pytest.fixture(autouse=True)
def default_template(request):
    """Transactional tests elsewhere flush the data migration's template; put it back."""
    if request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db")
        from linli.property.services import evaluation_template_ensure_default

        evaluation_template_ensure_default()
