from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("labs", "0002_lab_rights_from_membership"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="lab",
            options={"ordering": ["-start_date", "-id"], "verbose_name": "lab", "verbose_name_plural": "labs"},
        ),
        migrations.DeleteModel(name="LabGroupObjectPermission"),
        migrations.DeleteModel(name="LabUserObjectPermission"),
    ]
