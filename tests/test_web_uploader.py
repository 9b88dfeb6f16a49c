"""The file uploader's own texts in the page's language (maeul.web.widgets.uploader_css): Streamlit 1.67 draws
'Upload', '20MB per file • CSV, XLSX' and 'Drag and drop a file here' in English whatever the page's language."""

from __future__ import annotations

import re

from maeul.web.widgets import _css_text, uploader_css


def test_korean_and_english_texts_scoped_to_the_uploader():
    ko = uploader_css("upload_file", "ko", ["csv", "xlsx"], 20)
    assert ko.startswith("<style>") and ko.endswith("</style>")
    assert 'content: "파일 선택"' in ko and 'content: "파일당 20MB 이하 · CSV, XLSX"' in ko
    assert 'content: "여기에 파일을 놓으세요"' in ko
    # every rule is scoped to this uploader (st-key-<key>), so no other button or text changes
    rules = [r for r in ko[len("<style>"):-len("</style>")].split("}") if r.strip()]
    assert len(rules) == 6 and all(r.lstrip().startswith(".st-key-upload_file [data-testid='stFileUploaderDropzone']")
                                   for r in rules)
    en = uploader_css("upload_file", "en", ["csv", "xlsx"], 20)
    assert 'content: "Browse files"' in en and 'content: "Up to 20 MB per file · CSV, XLSX"' in en
    assert re.findall(r'content: "([^"]*)"', en) == ["Browse files", "Up to 20 MB per file · CSV, XLSX",
                                                     "Drop the file here"]


def test_css_strings_are_escaped():
    assert _css_text('a"b\\c\nd') == '"a\\"b\\\\c\\a d"'
    assert _css_text("</style>") == '"\\3c /style>"'  # a text can never end the style element
