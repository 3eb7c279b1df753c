"""REST endpoints for cases (mounted under /api/)."""

urlpatterns: list = []
