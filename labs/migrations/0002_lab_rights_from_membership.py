"""A lab member's rights are their active ``Membership`` alone: the guardian grants that were
kept in step with it (``view_lab_log``, ``write_lab_log``, ``decide_for_lab`` on the lab) are
deleted, with those three permissions. The next migration drops the lab's object-permission
tables (a separate transaction: PostgreSQL does not drop a table with pending deletes)."""

from django.db import migrations

MEMBER_CODENAMES = ("view_lab_log", "write_lab_log", "decide_for_lab")


def delete_member_grants(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    lab_type = ContentType.objects.filter(app_label="labs", model="lab").first()
    if lab_type is None:
        return
    member_permissions = Permission.objects.filter(content_type=lab_type, codename__in=MEMBER_CODENAMES)
    for model in ("LabUserObjectPermission", "LabGroupObjectPermission"):
        apps.get_model("labs", model).objects.filter(permission__in=member_permissions).delete()
    for model in ("UserObjectPermission", "GroupObjectPermission"):
        apps.get_model("guardian", model).objects.filter(
            content_type=lab_type, permission__in=member_permissions
        ).delete()
    member_permissions.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("labs", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("guardian", "0003_remove_groupobjectpermission_guardian_gr_content_ae6aec_idx_and_more"),
    ]

    operations = [
        migrations.RunPython(delete_member_grants, migrations.RunPython.noop),
    ]
