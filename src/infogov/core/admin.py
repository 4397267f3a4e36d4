from django.contrib import admin

from infogov.core.models import AuditEvent, DemoState, Notification


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("at", "actor", "verb", "summary")
    list_filter = ("verb",)
    search_fields = ("summary",)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "recipient_email", "subject", "sent_at", "attempts", "failed_at")
    list_filter = ("failed_at",)
    search_fields = ("recipient_email", "subject", "key")


admin.site.register(DemoState)
