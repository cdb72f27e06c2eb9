"""kinerja: Indonesian government performance documents -> one clean, checked dataset.

    from kinerja import scan_paths
    for result in scan_paths([Path("docs/")]):
        print(result.document.status, len(result.indicators))
"""

from kinerja.pipeline import Result, process_layout, scan, scan_file, scan_paths

__all__ = ["Result", "process_layout", "scan", "scan_file", "scan_paths"]
