"""REST endpoints for reintegration (mounted under /api/)."""

urlpatterns: list = []
