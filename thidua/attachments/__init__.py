"""Attachments shared by every record that holds files: checked by content, stored outside static/.

Owning modules call register_owner() once at import, save_upload() from their own forms, list_for()
to show files (templates/attachments/_list.html), and link to the download route of views.py.
"""
from .service import (
    AttachmentError,
    can_change,
    can_view,
    list_for,
    register_owner,
    remove,
    save_upload,
)
from .storage import LocalStorage, Storage, get_storage

__all__ = ["AttachmentError", "LocalStorage", "Storage", "can_change", "can_view", "get_storage", "list_for",
           "register_owner", "remove", "save_upload"]
