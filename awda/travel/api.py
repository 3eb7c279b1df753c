"""REST endpoints for travel (mounted under /api/)."""

urlpatterns: list = []
