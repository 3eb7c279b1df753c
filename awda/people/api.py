"""REST endpoints for people (mounted under /api/)."""

urlpatterns: list = []
