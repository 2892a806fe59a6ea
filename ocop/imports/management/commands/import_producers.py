"""`ocop import_producers FILE [--dry-run] [--keep-valid]`: a list of producers (chủ thể)."""

from ocop.imports import imports
from ocop.imports.management.commands.import_products import ListImportCommand


class Command(ListImportCommand):
    help = "Nhập danh sách chủ thể OCOP (.xlsx/.csv); chủ thể trùng được báo là cảnh báo."
    kind = imports.PRODUCERS
