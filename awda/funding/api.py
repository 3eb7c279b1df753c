"""REST endpoints for funding (mounted under /api/)."""

urlpatterns: list = []
