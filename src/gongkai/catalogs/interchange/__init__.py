"""Catalog interchange: import and export of bureau catalogs (XLSX official layout, CSV, JSON, PDF, DOCX).

Layers, from the bottom up:

- `limits`, `report`, `labels`: configuration, the row-by-row report, label vocabulary;
- `filecheck`: file-level checks before anything is parsed (size, real XLSX, corrupt zip);
- `xlsx_reader`, `csv_format`, `json_format`: pure parsers returning a `ParseResult`;
- `xlsx_writer`, `csv_format`, `json_format`, `pdf_writer`, `docx_writer`: pure renderers;
- `service`: the one import/export service used by the admin upload, the commands and the
  portal downloads; `persist` hands validated items to the catalog services.

This package deliberately has no import-time side effects; `rules` registers the permission
actions and is imported by `service`.
"""
