//! A linear pre-scan that bounds how deep elements nest before the HTML
//! parser sees a page: html5ever's tree builder takes time in the square of
//! the depth (40,000 nested `<div>` took seconds, 100,000 most of a
//! minute). Past [`MAX_DEPTH`] open elements a start tag is dropped, with
//! its end tag; the tags of a dropped block element become `<br>`, so its
//! text still has lines of its own. All text is kept.

use std::borrow::Cow;

/// Most open elements kept; deeper start tags are dropped. Real pages nest
/// a few dozen deep.
pub const MAX_DEPTH: usize = 256;

/// Elements without content or end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param",
    "source", "track", "wbr",
];

/// Elements whose content is raw text up to their end tag.
const RAW: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
];

/// Elements an open one of the same name closes (`<p>a<p>b`, `<li>`).
const SELF_CLOSING: &[&str] = &["p", "li", "dt", "dd", "tr", "td", "th", "option"];

/// The page with its nesting bounded to [`MAX_DEPTH`], borrowed when it
/// has fewer tags than that (nothing to bound) or nothing was dropped.
pub fn bound_depth(html: &str) -> Cow<'_, str> {
    if memchr::memchr_iter(b'<', html.as_bytes()).count() < MAX_DEPTH {
        return Cow::Borrowed(html);
    }
    let b = html.as_bytes();
    let mut out = String::new();
    // Bytes of `html` before `copied` are in `out` (once something is dropped).
    let mut copied = 0;
    let mut dropping = false;
    let mut open: Vec<String> = Vec::new();
    let mut dropped: Vec<String> = Vec::new();
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'<', &b[i..]) {
        let lt = i + off;
        let rest = &b[lt + 1..];
        if rest.starts_with(b"!--") {
            i = find(b, lt + 4, b"-->").map_or(b.len(), |e| e + 3);
            continue;
        }
        let end_tag = rest.first() == Some(&b'/');
        let name_at = lt + 1 + usize::from(end_tag);
        if !b.get(name_at).is_some_and(u8::is_ascii_alphabetic) {
            // `<!DOCTYPE`, `<?xml`, a stray `<`: up to the next `>`, or text.
            i = if matches!(rest.first(), Some(b'!' | b'?')) {
                memchr::memchr(b'>', &b[lt..]).map_or(b.len(), |e| lt + e + 1)
            } else {
                lt + 1
            };
            continue;
        }
        let name_end = b[name_at..]
            .iter()
            .position(|c| c.is_ascii_whitespace() || matches!(c, b'/' | b'>'))
            .map_or(b.len(), |p| name_at + p);
        let name = html[name_at..name_end].to_ascii_lowercase();
        let Some(gt) = tag_end(b, name_end) else {
            break;
        };
        let tag_next = gt + 1;
        let drop_tag = if end_tag {
            if dropped.last() == Some(&name) {
                dropped.pop();
                true
            } else {
                if let Some(p) = open.iter().rposition(|n| *n == name) {
                    open.truncate(p);
                }
                false
            }
        } else {
            let self_closed = b[gt - 1] == b'/' || VOID.contains(&name.as_str());
            if !self_closed && SELF_CLOSING.contains(&name.as_str()) && open.last() == Some(&name) {
                open.pop();
            }
            let deep = !self_closed && open.len() >= MAX_DEPTH;
            if deep {
                dropped.push(name.clone());
            } else if !self_closed {
                open.push(name.clone());
            }
            deep
        };
        let mut next = tag_next;
        if !end_tag && RAW.contains(&name.as_str()) {
            // Raw text: the next end tag of this name ends it.
            let close = format!("</{name}");
            next = find_ci(b, tag_next, close.as_bytes()).unwrap_or(b.len());
        }
        if drop_tag {
            dropping = true;
            out.push_str(&html[copied..lt]);
            if crate::ingest::html::is_block(&name) {
                out.push_str("<br>");
            }
            copied = tag_next;
        }
        i = next;
    }
    if !dropping {
        return Cow::Borrowed(html);
    }
    out.push_str(&html[copied..]);
    Cow::Owned(out)
}

/// Where `pat` next starts in `b` from `from`.
fn find(b: &[u8], from: usize, pat: &[u8]) -> Option<usize> {
    memchr::memmem::find(&b[from.min(b.len())..], pat).map(|p| from + p)
}

/// Where `pat` (lowercase ASCII) next starts in `b` from `from`, in any case.
fn find_ci(b: &[u8], from: usize, pat: &[u8]) -> Option<usize> {
    let mut at = from;
    while let Some(p) = memchr::memchr(b'<', &b[at.min(b.len())..]) {
        let s = at + p;
        if b.len() - s >= pat.len() && b[s..s + pat.len()].eq_ignore_ascii_case(pat) {
            return Some(s);
        }
        at = s + 1;
    }
    None
}

/// The `>` ending a tag whose name ends at `from`, quoted attribute values
/// skipped; `None` when the page ends first.
fn tag_end(b: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while i < b.len() {
        match b[i] {
            b'>' => return Some(i),
            q @ (b'"' | b'\'') if i > 0 && b[i - 1] == b'=' => {
                i = memchr::memchr(q, &b[i + 1..]).map_or(b.len(), |p| i + 1 + p);
            }
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shallow_pages_are_borrowed() {
        let page = "<p>a</p>".repeat(MAX_DEPTH);
        assert!(matches!(bound_depth(&page), Cow::Borrowed(_)));
    }

    #[test]
    fn deep_nesting_is_cut_and_text_kept() {
        let n = MAX_DEPTH + 10;
        let page = format!(
            "<!-- <div> --><html><body>{}{}</body></html>",
            "<div class=\"a>b\">x".repeat(n),
            "</div>".repeat(n)
        );
        let out = bound_depth(&page);
        // html, body and 254 divs are kept (and the comment); the tags of 12
        // divs become line breaks.
        assert_eq!(out.matches("<div").count(), MAX_DEPTH - 2 + 1);
        assert_eq!(out.matches("<br>").count(), 2 * (n - (MAX_DEPTH - 2)));
        assert_eq!(out.matches('x').count(), n);
        assert_eq!(out.matches("</div>").count(), MAX_DEPTH - 2);
    }
}
