"""Save an openpyxl workbook so that the same content gives the same bytes: openpyxl
stamps the document properties with the time of writing and each zip entry with the local
time, so two runs differed by those alone. Both are fixed here: SOURCE_DATE_EPOCH when set
(the reproducible-builds convention), else 1980-01-01, the zip format's first date."""

from __future__ import annotations

import datetime
import os
import zipfile
from pathlib import Path

_ZIP_EPOCH = datetime.datetime(1980, 1, 1)


def fixed_time() -> datetime.datetime:
    """The time written into a workbook: SOURCE_DATE_EPOCH (UTC) or 1980-01-01."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    try:
        when = datetime.datetime.fromtimestamp(int(raw), datetime.UTC)
    except (ValueError, OverflowError, OSError):
        return _ZIP_EPOCH
    return max(when.replace(tzinfo=None), _ZIP_EPOCH)  # a zip cannot date before 1980


class _FixedDateZip(zipfile.ZipFile):
    """A zip whose every entry carries one fixed date and mode."""

    date_time = _ZIP_EPOCH.timetuple()[:6]

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        if isinstance(zinfo_or_arcname, str):
            info = zipfile.ZipInfo(zinfo_or_arcname, date_time=self.date_time)
            info.compress_type = self.compression
            info.external_attr = 0o600 << 16  # what ZipFile gives an entry written by name
            zinfo_or_arcname = info
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        # openpyxl writes each sheet to a temporary file first: its mtime must not show
        with open(filename, "rb") as f:
            data = f.read()
        self.writestr(str(arcname or filename), data, compress_type, compresslevel)


def save_workbook(wb, path: str | Path) -> Path:
    """wb.save(path), with fixed document and zip dates (so reruns are byte-identical)."""
    from openpyxl.writer.excel import ExcelWriter

    when = fixed_time()
    wb.properties.created = wb.properties.modified = when
    path = Path(path)
    archive = _FixedDateZip(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    archive.date_time = when.timetuple()[:6]
    try:
        ExcelWriter(wb, archive).save()  # what wb.save does, minus its modified = now
    finally:
        archive.close()
    return path
