"""The limits every reader of users' files enforces, named once (docs/limits.md lists them).

Each limit is checked by a cheap look (bytes, the header line, a count of lines, a stream of
parse events) before the expensive parse, so no file under the upload limit can crash the
process or keep a core busy for long. They are generous for real work: a 500-respondent wide
export of a 70-question questionnaire (72 columns x 501 lines) and a 100,000-response customer
survey (100,001 lines x up to 40 columns) pass with room to spare.
"""

from __future__ import annotations

#: Nesting depth of YAML or JSON (lists and mappings inside each other). Shipped files use 6.
MAX_NESTING = 64
#: Nodes (scalars, lists and mappings) of one YAML document. The shipped questionnaire has ~3,100.
MAX_YAML_NODES = 100_000
#: Bytes of one YAML file (a questionnaire, a recommendation library, a catalogue).
MAX_YAML_BYTES = 5 * 1024 * 1024
#: Columns of a CSV or XLSX table, counted on the header line before the table is read.
MAX_COLUMNS = 1_000
#: Cells (rows x columns) of a CSV or XLSX table; CSV counts its lines before parsing,
#: XLSX streams its rows and stops at the cap. Sized for the command line's largest real file: a
#: long answer file of 100,000 respondents x 55 questions (22,000,000 cells) is scored in seconds.
#: The app's 5 MB upload limit keeps any upload far below it.
MAX_CELLS = 25_000_000
#: Cells of an XLSX workbook, counted in the unpacked sheets before openpyxl parses them: openpyxl
#: reads ~20,000-40,000 cells a second here, so this keeps a workbook to a few seconds. Bigger
#: tables (a 100,000-response survey) go through CSV, which pandas reads ~100x faster.
MAX_XLSX_CELLS = 150_000
#: An .xlsx is a zip: refuse one that would unpack past this (a "zip bomb"), before any XML is read.
MAX_XLSX_UNPACKED_BYTES = 100 * 1024 * 1024
#: Characters of one text field that has no tighter limit of its own (notes, evidence, rationale).
MAX_TEXT_CHARS = 10_000
#: Bytes of the consultancy's logo (PNG or JPEG). A print-quality logo is 20-300 KB.
MAX_LOGO_BYTES = 2 * 1024 * 1024
#: Pixels (width x height) of the logo, read from the image's header before it is decoded,
#: so a small file that would unpack into a huge bitmap ("decompression bomb") is refused.
MAX_LOGO_PIXELS = 25_000_000
