"""REST endpoints for trainings (mounted under /api/)."""

urlpatterns: list = []
