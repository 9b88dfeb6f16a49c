"""Operations on the database as a whole: backup and restore."""
