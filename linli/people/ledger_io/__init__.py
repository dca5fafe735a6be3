"""Excel in and out for the household ledger (数字化底账).

- ``layout``: the columns of the ledger workbook (the import template and the export share them).
- ``template``: the downloadable template, with an explanation sheet.
- ``reader``: streams the rows of an uploaded workbook (openpyxl read-only: the file is never loaded).
- ``rows``: turns one row into a validated ``LedgerRow`` or a list of (column, reason) — no database.
- ``importer``: applies valid rows in batches (bulk writes, one query per batch for households, ID-number
  hashes and tags), matches the same person by 身份证号 (re-import is idempotent), reports every refused
  row, and writes nothing at all when asked for all-or-nothing and any row is bad.
- ``report``: the import report; errors are spooled to a temporary file so that a million bad rows do
  not fill the memory.
- ``exporter``: filtered ledger lists, masked unless the exporter holds EXPORT_PERSON_FULL and states a
  reason; streamed (write-only workbook, chunked query); every export is audited.
"""
