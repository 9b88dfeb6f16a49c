"""Messages about the database file (maeul.plan.db.DatabaseError): one line each, for the CLI and the pages."""

TEXT = {
    "db.busy": ("데이터베이스를 다른 프로그램(대시보드 또는 다른 명령)이 사용 중입니다. 잠시 후 다시 시도하세요: {path}",
                "The database is in use by another program (the dashboard or another command). Try again in a "
                "moment: {path}"),
    "db.directory": ("데이터베이스 경로가 파일이 아니라 폴더입니다: {path}", "The database path is a folder, not a file: {path}"),
    "db.bad_suffix": ("데이터베이스 파일 이름은 {detail} 로 끝나야 합니다: {path}",
                      "A database file name must end in {detail}: {path}"),
    "db.not_duckdb": ("DuckDB 데이터베이스 파일이 아닙니다(내용이 {detail} 형식으로 보입니다): {path}",
                      "Not a DuckDB database file (its content looks like {detail}): {path}"),
    "db.missing": ("데이터베이스 파일이 없습니다: {path}", "No database file: {path}"),
    "db.corrupt": ("데이터베이스 파일을 열 수 없습니다(손상되었거나 다른 버전일 수 있습니다): {path} — {detail}",
                   "Cannot open the database file (damaged, or written by another version): {path} — {detail}"),
}
