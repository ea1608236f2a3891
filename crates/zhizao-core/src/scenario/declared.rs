//! Where each named entity is declared in a scenario's text, for problem
//! locations: one pass of a small RON tokenizer that knows strings (with
//! escapes, and raw strings `r"..."`, `r#"..."#`), comments and nesting, so
//! a name written with escapes, on the line after its key, or shared by a
//! calendar and a station is found where it really is.

use std::collections::BTreeMap;

/// Declarations `name: "NAME"` by the top-level list they stand in
/// (`stations`, `operators`, `calendars`, ...).
#[derive(Debug, Default)]
pub(crate) struct Declared {
    in_section: BTreeMap<(String, String), usize>,
    anywhere: BTreeMap<String, usize>,
}

impl Declared {
    /// The line (1-based) of `name`'s declaration in the top-level list
    /// `section`, else its first declaration anywhere.
    pub fn line(&self, section: &str, name: &str) -> Option<usize> {
        self.in_section
            .get(&(section.to_string(), name.to_string()))
            .or_else(|| self.anywhere.get(name))
            .copied()
    }

    /// Scans `text` once.
    pub fn scan(text: &str) -> Declared {
        let mut out = Declared::default();
        let b = text.as_bytes();
        let (mut i, mut line, mut depth) = (0usize, 1usize, 0i32);
        let mut section = String::new();
        // The last token was the key `name:`.
        let mut after_name_key = false;
        while i < b.len() {
            let c = b[i];
            match c {
                b'\n' => {
                    line += 1;
                    i += 1;
                }
                b' ' | b'\t' | b'\r' => i += 1,
                b'/' if b.get(i + 1) == Some(&b'/') => {
                    while i < b.len() && b[i] != b'\n' {
                        i += 1;
                    }
                }
                b'/' if b.get(i + 1) == Some(&b'*') => {
                    i += 2;
                    while i < b.len() && !(b[i] == b'*' && b.get(i + 1) == Some(&b'/')) {
                        line += usize::from(b[i] == b'\n');
                        i += 1;
                    }
                    i += 2;
                }
                b'"' => {
                    let start_line = line;
                    let (value, end, lines) = quoted(b, i + 1);
                    if after_name_key {
                        out.in_section
                            .entry((section.clone(), value.clone()))
                            .or_insert(start_line);
                        out.anywhere.entry(value).or_insert(start_line);
                    }
                    after_name_key = false;
                    line += lines;
                    i = end;
                }
                b'r' if matches!(b.get(i + 1), Some(b'"' | b'#')) && raw_start(b, i + 1).is_some() => {
                    let start_line = line;
                    let (value, end) = raw(b, i + 1);
                    if after_name_key {
                        out.in_section
                            .entry((section.clone(), value.clone()))
                            .or_insert(start_line);
                        out.anywhere.entry(value.clone()).or_insert(start_line);
                    }
                    after_name_key = false;
                    line += value.matches('\n').count();
                    i = end;
                }
                b'(' | b'[' | b'{' => {
                    depth += 1;
                    after_name_key = false;
                    i += 1;
                }
                b')' | b']' | b'}' => {
                    depth -= 1;
                    after_name_key = false;
                    i += 1;
                }
                c if c.is_ascii_alphabetic() || c == b'_' => {
                    let start = i;
                    while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                        i += 1;
                    }
                    let ident = &text[start..i];
                    // A key is an identifier followed by `:`.
                    let mut j = i;
                    while j < b.len() && matches!(b[j], b' ' | b'\t') {
                        j += 1;
                    }
                    after_name_key = false;
                    if b.get(j) == Some(&b':') {
                        if depth == 1 {
                            section = ident.to_string();
                        }
                        after_name_key = ident == "name";
                        i = j + 1;
                    }
                }
                _ => {
                    after_name_key = false;
                    i += 1;
                }
            }
        }
        out
    }
}

/// A string literal's value from just after its opening quote: the value,
/// the index after its closing quote, and the line breaks inside it.
fn quoted(b: &[u8], mut i: usize) -> (String, usize, usize) {
    let mut bytes = Vec::new();
    let mut lines = 0;
    while i < b.len() && b[i] != b'"' {
        if b[i] == b'\\' && i + 1 < b.len() {
            i += 1;
            match b[i] {
                b'n' => bytes.push(b'\n'),
                b't' => bytes.push(b'\t'),
                b'r' => bytes.push(b'\r'),
                b'0' => bytes.push(0),
                b'u' if b.get(i + 1) == Some(&b'{') => {
                    let close = b[i..].iter().position(|&x| x == b'}').map(|p| i + p);
                    let ch = close
                        .and_then(|e| std::str::from_utf8(&b[i + 2..e]).ok())
                        .and_then(|h| u32::from_str_radix(h, 16).ok())
                        .and_then(char::from_u32);
                    if let (Some(ch), Some(e)) = (ch, close) {
                        bytes.extend_from_slice(ch.encode_utf8(&mut [0; 4]).as_bytes());
                        i = e;
                    }
                }
                other => bytes.push(other),
            }
        } else {
            lines += usize::from(b[i] == b'\n');
            bytes.push(b[i]);
        }
        i += 1;
    }
    (String::from_utf8_lossy(&bytes).into_owned(), i + 1, lines)
}

/// The number of `#` of a raw string starting at `i` (after the `r`).
fn raw_start(b: &[u8], i: usize) -> Option<usize> {
    let hashes = b[i..].iter().take_while(|&&x| x == b'#').count();
    (b.get(i + hashes) == Some(&b'"')).then_some(hashes)
}

/// A raw string's value from its `#`s or quote: the value and the index
/// after it.
fn raw(b: &[u8], i: usize) -> (String, usize) {
    let hashes = raw_start(b, i).unwrap_or(0);
    let start = i + hashes + 1;
    let mut j = start;
    while j < b.len() {
        if b[j] == b'"' && b[j + 1..].iter().take(hashes).filter(|&&x| x == b'#').count() == hashes {
            return (String::from_utf8_lossy(&b[start..j]).into_owned(), j + 1 + hashes);
        }
        j += 1;
    }
    (String::from_utf8_lossy(&b[start..]).into_owned(), b.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_found_as_written() {
        let text = r####"Scenario(
    name: "n",
    calendars: [(name: "x", days: 5)],
    operators: [(name: "x")],
    // name: "x" in a comment is no declaration
    stations: [
        (name:
            "x", time: Const("1s")),
        (name: r#"raw "quoted""#, time: Const("1s")),
        (name: "esc\"aped\u{1b}", time: Const("1s")),
        (name: r"plain raw"),
    ],
)"####;
        let d = Declared::scan(text);
        assert_eq!(d.line("calendars", "x"), Some(3));
        assert_eq!(d.line("operators", "x"), Some(4));
        assert_eq!(d.line("stations", "x"), Some(8), "the name on the line after its key");
        assert_eq!(d.line("stations", "raw \"quoted\""), Some(9));
        assert_eq!(d.line("stations", "esc\"aped\u{1b}"), Some(10));
        assert_eq!(d.line("stations", "plain raw"), Some(11));
        // Not in the list asked for: its first declaration anywhere.
        assert_eq!(d.line("products", "x"), Some(3));
        assert_eq!(d.line("stations", "nobody"), None);
    }
}
