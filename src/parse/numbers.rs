//! Numerals: Arabic and Chinese, with 万/亿 scaling.
