//! What would make pdf-extract recurse without end: it follows a page's
//! `/Parent` chain for inherited keys and draws form XObjects (`Do`) by
//! calling itself, with no check for loops. A loop overflows the stack,
//! which no `catch_unwind` catches (the process aborts), so such a
//! document is refused before it is drawn.

use pdf_extract::{Dictionary, Document, Object, ObjectId};
use std::collections::HashSet;

/// Deepest page tree (`/Parent` links) followed.
const MAX_PARENTS: usize = 64;
/// Deepest nesting of forms drawn inside forms.
const MAX_FORM_DEPTH: usize = 32;
/// Most forms drawn, all pages together.
const MAX_FORM_DRAWS: usize = 100_000;

/// Refuse a document whose pages' parent chains or forms loop or nest
/// too deep, or which draws too many forms.
pub(super) fn check(doc: &Document) -> Result<(), String> {
    let mut draws = 0;
    for page_id in doc.get_pages().into_values() {
        let page = doc
            .get_dictionary(page_id)
            .map_err(|e| format!("damaged PDF: {e}"))?;
        let Some(resources) = inherited_resources(doc, page)? else {
            continue;
        };
        let content = doc.get_page_content(page_id).unwrap_or_default();
        let mut path = Vec::new();
        draw(doc, &content, resources, &mut path, &mut draws)?;
    }
    Ok(())
}

/// A dictionary value, through references.
fn dict<'a>(doc: &'a Document, obj: &'a Object) -> Option<&'a Dictionary> {
    doc.dereference(obj).ok()?.1.as_dict().ok()
}

/// The page's resources, from it or the nearest page-tree node above it;
/// an error when the `/Parent` chain loops or is too deep.
fn inherited_resources<'a>(
    doc: &'a Document,
    mut node: &'a Dictionary,
) -> Result<Option<&'a Dictionary>, String> {
    let mut seen: HashSet<ObjectId> = HashSet::new();
    for _ in 0..MAX_PARENTS {
        if let Some(r) = node.get(b"Resources").ok().and_then(|r| dict(doc, r)) {
            return Ok(Some(r));
        }
        let Ok(parent) = node.get(b"Parent").and_then(Object::as_reference) else {
            return Ok(None);
        };
        if !seen.insert(parent) {
            return Err("damaged PDF: its page tree loops (a page is its own parent)".into());
        }
        match doc.get_dictionary(parent) {
            Ok(p) => node = p,
            Err(_) => return Ok(None),
        }
    }
    Err(format!(
        "damaged PDF: its page tree is more than {MAX_PARENTS} levels deep"
    ))
}

/// Follow the forms a content stream draws, as pdf-extract will; `path`
/// holds the forms being drawn.
fn draw(
    doc: &Document,
    content: &[u8],
    resources: &Dictionary,
    path: &mut Vec<ObjectId>,
    draws: &mut usize,
) -> Result<(), String> {
    // Only streams that name a form can draw one: most never do.
    if memchr::memmem::find(content, b"Do").is_none() {
        return Ok(());
    }
    let Ok(ops) = pdf_extract::content::Content::decode(content) else {
        return Ok(());
    };
    let xobjects = resources.get(b"XObject").ok().and_then(|x| dict(doc, x));
    for op in ops.operations.iter().filter(|op| op.operator == "Do") {
        let Some(name) = op.operands.first().and_then(|n| n.as_name().ok()) else {
            continue;
        };
        let Some(Ok(id)) = xobjects
            .and_then(|x| x.get(name).ok())
            .map(Object::as_reference)
        else {
            continue;
        };
        if path.contains(&id) {
            return Err("damaged PDF: a form in it draws itself (a loop)".into());
        }
        *draws += 1;
        if path.len() >= MAX_FORM_DEPTH || *draws > MAX_FORM_DRAWS {
            return Err(format!(
                "refused: its forms nest more than {MAX_FORM_DEPTH} deep or are drawn more \
                 than {MAX_FORM_DRAWS} times"
            ));
        }
        let Ok(Object::Stream(form)) = doc.get_object(id) else {
            continue;
        };
        let own = form.dict.get(b"Resources").ok().and_then(|r| dict(doc, r));
        let inner = if form.filters().is_ok() {
            form.decompressed_content()
                .unwrap_or_else(|_| form.content.clone())
        } else {
            form.content.clone()
        };
        path.push(id);
        draw(doc, &inner, own.unwrap_or(resources), path, draws)?;
        path.pop();
    }
    Ok(())
}
