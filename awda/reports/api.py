"""REST endpoints for reports (mounted under /api/)."""

urlpatterns: list = []
