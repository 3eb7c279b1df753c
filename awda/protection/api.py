"""REST endpoints for protection (mounted under /api/)."""

urlpatterns: list = []
