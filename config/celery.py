"""Celery app: runs jobs on Redis when CELERY_BROKER_URL is set, in-process otherwise."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
app = Celery("tomoni")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
