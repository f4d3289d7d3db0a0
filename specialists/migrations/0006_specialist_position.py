from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("specialists", "0005_admin_labels_visitor"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="specialistpage",
            index=models.Index(fields=["latitude", "longitude"], name="specialist_position"),
        ),
    ]
