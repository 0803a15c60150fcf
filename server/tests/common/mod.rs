//! What the property tests over edited documents share.

use agentls::document::Document;

/// Applies an edit to both the document and a plain `String` model.
pub fn edit(doc: &mut Document, model: &mut String, at: f64, len: usize, piece: &str) {
    let chars = model.chars().count();
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss
    )]
    let start_char = ((chars as f64) * at) as usize;
    let end_char = (start_char + len).min(chars);
    let byte = |c: usize| model.char_indices().nth(c).map_or(model.len(), |(b, _)| b);
    let (start, end) = (byte(start_char), byte(end_char));
    doc.edit(start, end, piece);
    model.replace_range(start..end, piece);
}
