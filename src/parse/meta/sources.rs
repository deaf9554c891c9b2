//! The strings that name the reporting body most directly.

use super::dates::{CN_DATE, DATE};
use super::issuer::{relative_subject, ORGAN_AFTER_NAME, ORGAN_END};
use super::*;

/// The strings that name the reporting body most directly.
pub(super) struct Sources {
    /// `(folded text, weight)`: title, publisher field, source field,
    /// signature and the opening sentence's subject.
    pub(super) strong: Vec<(String, f64, &'static str)>,
    /// Index of the title line, if the title is a line of the text.
    pub(super) title_line: Option<usize>,
    pub(super) title: Option<String>,
    pub(super) publisher: Option<String>,
    pub(super) source: Option<String>,
    pub(super) signature: Option<String>,
    /// The opening sentence's subject (`东丽区司法局` in `2021年,东丽区司法局坚持…`).
    pub(super) subject: Option<String>,
    /// The opening's level-relative subject (`省司法厅` in
    /// `2024年,在省委省政府的坚强领导下,省司法厅坚持…`).
    pub(super) relative: Option<String>,
}

impl Sources {
    pub(super) fn new(doc: &Doc, title: Option<&str>, title_line: Option<usize>) -> Self {
        let gaz = Gazetteer::global();
        let publisher = doc.field(&["发布机构", "发文机关", "发布单位", "发文单位"], |_| true);
        let source = doc.field(&["来源", "文章来源", "信息来源"], |s| {
            ORGAN_END.is_match(s) && !s.contains("网")
        });
        // The signature ends the text: after the title, never a menu or a
        // breadcrumb.
        let after_title = |i: usize| title_line.is_none_or(|t| i > t);
        let signature = doc.tail(4).filter(|&i| after_title(i)).find_map(|i| {
            let n = doc.norm(i).trim();
            // A signature is short (an organ of at most 30 characters and a
            // date): longer lines are settled by their length in bytes.
            if n.len() > 200 || n.contains(['>', '»', '|']) {
                return None;
            }
            let organ = DATE
                .find(n)
                .or(CN_DATE.find(n))
                .map_or(n, |m| n[..m.start()].trim());
            (chars(organ) >= 3
                && chars(organ) <= 30
                && ORGAN_END.is_match(organ)
                && !organ.contains([',', '。', ':', ';']))
            .then(|| organ.to_string())
        });
        let start = title_line.map_or(0, |t| t + 1);
        let subject = doc
            .body
            .iter()
            .filter(|&&i| i >= start)
            .take(3)
            // The opening, before the first heading: its first sentence.
            .take_while(|&&i| !is_heading(doc.norm(i)))
            .find_map(|&i| {
                let n = doc.norm(i);
                let n = first_sentence(n, 80);
                let m = gaz.mentions(n).into_iter().next()?;
                if chars(&n[..m.range.start]) > 16 {
                    return None;
                }
                let mut end = m.range.end;
                for next in gaz.mentions(&n[end..]) {
                    if next.range.start != 0 {
                        break;
                    }
                    end += next.range.end;
                }
                let organ = ORGAN_AFTER_NAME.find(&n[end..])?;
                // `在XX市人民政府的领导下`, `XX市人民政府、…`: a superior or a
                // list, not the subject.
                let after = &n[end + organ.end()..];
                let led = n[..m.range.start].contains('在')
                    || after.starts_with(['的', '、', '和', '及', '与', '等'])
                    // A site's name (`XX区人民政府门户网站`) is no subject.
                    || after.starts_with("门户")
                    || after.starts_with('网');
                (!led).then(|| n[m.range.start..end + organ.end()].to_string())
            });
        // The title's, else the opening's first sentences', up to the
        // first heading.
        let relative = title.and_then(relative_subject).or_else(|| {
            doc.body
                .iter()
                .filter(|&&i| i >= start)
                .take(6)
                .take_while(|&&i| !is_heading(doc.norm(i)))
                .find_map(|&i| {
                    let n = doc.norm(i);
                    // A subject comes early: `2024年,在…的坚强领导下,省司法厅…`.
                    relative_subject(first_sentence(n, 60))
                })
        });
        let mut strong = Vec::new();
        let mut push = |s: &Option<String>, w: f64, tag: &'static str| {
            if let Some(s) = s {
                strong.push((s.clone(), w, tag));
            }
        };
        push(&title.map(str::to_string), 100.0, "title");
        push(&publisher, 60.0, "metadata");
        push(&source, 40.0, "metadata");
        push(&signature, 40.0, "signature");
        push(&subject, 30.0, "body");
        Sources {
            strong,
            title_line,
            title: title.map(str::to_string),
            publisher,
            source,
            signature,
            subject,
            relative,
        }
    }
}
