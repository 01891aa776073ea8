"""Writes in open data, one module per concern; everything is importable from here."""

from .catalogue import (
    dataset_create,
    dataset_refresh,
    dataset_update,
    licence_ensure,
    resource_add,
    resource_delete,
    resource_publish_generated,
    resource_replace_content,
    resource_update,
)
from .harvest import harvest_run
from .push import DatasetNotOwned, DatasetPushResult, PushOutcome, dataset_push
from .quality import link_check_all, link_check_resources, link_probe, staleness_check_all
from .requests import (
    dataset_request_answer,
    dataset_request_comment,
    dataset_request_create,
    dataset_request_support,
)
from .reuse import reuse_moderate, reuse_submit
from .usage import usage_count

__all__ = [
    "DatasetNotOwned",
    "DatasetPushResult",
    "PushOutcome",
    "dataset_push",
    "dataset_create",
    "dataset_refresh",
    "dataset_request_answer",
    "dataset_request_comment",
    "dataset_request_create",
    "dataset_request_support",
    "dataset_update",
    "harvest_run",
    "licence_ensure",
    "link_check_all",
    "link_check_resources",
    "link_probe",
    "resource_add",
    "resource_delete",
    "resource_update",
    "resource_publish_generated",
    "resource_replace_content",
    "reuse_moderate",
    "reuse_submit",
    "staleness_check_all",
    "usage_count",
]
