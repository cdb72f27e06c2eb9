#!/usr/bin/env bash
# Set-up on a fresh Debian/Ubuntu machine: Tesseract with its English and Indonesian models (OCR
# of scanned pages, ingest/readers/scan.py, and of table pictures on diagram pages) when missing,
# qpdf and LibreOffice when missing, PostgreSQL (for the store's tests) and Chromium (for the
# report's tests) when missing, then kinerja itself with its test extras.
set -euo pipefail
cd "$(dirname "$0")"
export PIP_DISABLE_PIP_VERSION_CHECK=1
if ! command -v tesseract >/dev/null || ! tesseract --list-langs 2>/dev/null | grep -qx ind \
        || ! tesseract --list-langs 2>/dev/null | grep -qx eng; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq --no-install-recommends tesseract-ocr tesseract-ocr-eng tesseract-ocr-ind >/dev/null
fi
# qpdf repairs damaged PDFs; LibreOffice (headless) converts legacy .doc/.xls (both optional at run time).
if ! command -v qpdf >/dev/null || ! command -v soffice >/dev/null || ! dpkg -s libreoffice-calc-nogui >/dev/null 2>&1; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq --no-install-recommends qpdf libreoffice-writer-nogui libreoffice-calc-nogui >/dev/null
fi
# PostgreSQL server binaries: the store's tests start a throw-away cluster on loopback with them
# (tests/conftest.py; initdb/pg_ctl as an unprivileged user, no system service needed).
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi
# Chromium (headless) opens the HTML audit report in the tests (tests/test_report.py, through playwright).
if ! command -v chromium >/dev/null; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
python3 -m pip install -q -e ".[dev]"
# Only to rebuild normalize/data/ (python -m normalize.build_data): the sources it derives from.
if [ "${KINERJA_DATA_SOURCES:-0}" = 1 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends hunspell-id >/dev/null
    python3 -m pip install -q -e ".[data]"
fi
