"""REST endpoints for partners (mounted under /api/)."""

urlpatterns: list = []
