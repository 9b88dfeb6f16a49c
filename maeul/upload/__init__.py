"""The upload path: read a staff file, validate it against the plan, preview, commit, roll back; templates and
sample data (which go through the same path). Pure of Streamlit: the upload page and `python -m maeul ingest` call
the same functions.

- spec      what a file of each kind (actuals, budget, spaces) may hold, the fixed vocabularies, where it is stored
- errors    UploadError (one problem in a file), IngestError (a refused request), error_frame
- parse     cell texts → numbers, dates, yes/no, district codes
- reader    bytes → ReadResult (encoding, CSV/XLSX, header and kind detection, bounded memory): `read_upload`
- xlsx      the rows of a workbook's first visible sheet, streamed (no openpyxl parsing)
- validate  ReadResult → Validated (every cell checked against the plan): `validate`
- store     the stored tables: `preview` (which rows are new / superseding / unchanged), `commit`, `rollback`,
            `remove_sample` — each one transaction through maeul.plan.write.write
- effect    what a pending upload would do to progress (`progress_effect`, rolled back)
- history   every row ever uploaded for a key; `kind_label`
- messages  every user message (Korean and English); templates, sample: files staff fill in, 예시 data
"""
