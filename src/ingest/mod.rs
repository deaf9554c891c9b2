//! Reading report files: encodings and saved HTML pages.
