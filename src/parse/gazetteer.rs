//! The administrative-division gazetteer (`assets/gazetteer.tsv`).
