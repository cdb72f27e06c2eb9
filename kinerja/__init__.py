"""kinerja: Indonesian government performance documents -> one clean, checked dataset.

    from kinerja import scan_paths
    for result in scan_paths([Path("docs/")]):
        print(result.document.status, len(result.indicators))
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("kinerja")
except PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = "unknown"

from kinerja.pipeline import Result, process_layout, scan, scan_file, scan_paths

__all__ = ["__version__", "Result", "process_layout", "scan", "scan_file", "scan_paths"]
