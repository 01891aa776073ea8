"""Celery tasks of consultations, one module per concern; imported here so Celery finds them."""
