from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from awda.accounts.models import Organisation, User


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "country", "city")
    list_filter = ("kind",)
    search_fields = ("code", "name")


@admin.register(User)
class AwdaUserAdmin(UserAdmin):
    list_display = ("username", "get_full_name", "organisation", "role", "is_active")
    list_filter = ("role", "organisation__kind", "is_active")
    fieldsets = (*UserAdmin.fieldsets, ("Awda", {"fields": ("organisation", "role", "language")}))
