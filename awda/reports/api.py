"""REST endpoints for reports (mounted under /api/): the annual report as JSON.

Same access rules as the page (`report_scope`): donors get suppressed aggregates, roles
without reports get 404. Hidden counts are the string "<5".
"""

from django.http import Http404
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from awda.reports.exporters import footnote
from awda.reports.forms import ReportForm
from awda.reports.selectors import TABLES, default_year, report_build, report_scope


class ColumnSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    hxl = serializers.CharField()
    kind = serializers.CharField()


class TableSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    footnote = serializers.CharField()
    status = serializers.CharField()
    columns = ColumnSerializer(many=True)
    rows = serializers.ListField(child=serializers.DictField())


class ReportSerializer(serializers.Serializer):
    params = serializers.DictField()
    scope = serializers.CharField()
    tables = TableSerializer(many=True)


def _table_json(table) -> dict:
    rows = []
    for row, cells in table.rows:
        rows.append(
            {
                "key": row.key,
                "code": row.code,
                "label": str(row.label),
                "total": row.is_total,
                "values": {
                    col.key: ("<5" if cell.hidden else cell.value)
                    for col, cell in zip(table.columns, cells, strict=True)
                },
            }
        )
    return {
        "code": table.code,
        "title": str(table.spec.title),
        "footnote": footnote(table),
        "status": table.data.status,
        "columns": [
            {"key": c.key, "label": str(c.label), "hxl": c.hxl, "kind": c.kind}
            for c in table.columns
        ],
        "rows": rows,
    }


class BilanView(APIView):
    @extend_schema(
        summary="The annual report (Bilan) for a year or period, office and programme",
        parameters=[
            OpenApiParameter("year", OpenApiTypes.INT),
            OpenApiParameter("start", OpenApiTypes.DATE),
            OpenApiParameter("end", OpenApiTypes.DATE),
            OpenApiParameter("office", OpenApiTypes.INT),
            OpenApiParameter("programme", OpenApiTypes.INT),
            OpenApiParameter(
                "bands", OpenApiTypes.STR, description="e.g. 0-10,11-18,19-35,36-65,66+"
            ),
            OpenApiParameter("suppress", OpenApiTypes.BOOL),
            OpenApiParameter("tables", OpenApiTypes.STR, description="comma-separated table codes"),
        ],
        responses=ReportSerializer,
    )
    def get(self, request):
        scope = report_scope(request.user)
        data = request.query_params.copy()
        if "year" not in data and "start" not in data:
            data["year"] = str(default_year())
        form = ReportForm(data, scope=scope, default_year=default_year())
        if not form.is_valid():
            return Response({"errors": form.errors}, status=400)
        codes = [c for c in (request.query_params.get("tables") or "").split(",") if c]
        known = {t.code for t in TABLES}
        if any(c not in known for c in codes):
            raise Http404("Unknown table")
        report = report_build(request.user, form.params(), codes=codes or None)
        return Response(
            {
                "params": report.params.to_dict(),
                "scope": str(report.scope_label),
                "tables": [_table_json(t) for t in report.tables],
            }
        )


urlpatterns = [path("reports/bilan/", BilanView.as_view(), name="reports-bilan")]
