"""REST endpoints for assistance (mounted under /api/)."""

urlpatterns: list = []
