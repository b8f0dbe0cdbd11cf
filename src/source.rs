//! The files read in one run, and byte offset → line:column.
//!
//! Lines and columns are 1-based; columns count characters (Unicode scalar values),
//! not bytes, because the data is full of Japanese text and macrons. A line ends at
//! `\n`; a `\r` before it belongs to the line break, not to the line.

use crate::diagnostic::FileId;
use std::sync::OnceLock;

/// One file's name (as given on the command line, `/`-separated) and text.
///
/// The line index is built on first use, so a clean file (no diagnostic to show) costs
/// nothing beyond its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
    line_starts: OnceLock<Vec<usize>>,
    /// Characters before each [`BLOCK`]-byte boundary, built for files with long lines.
    char_blocks: OnceLock<Vec<usize>>,
}

/// Lines longer than this count their columns through [`SourceFile::char_blocks`], so
/// that a minified file with a diagnostic every few bytes stays linear.
const BLOCK: usize = 4096;

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> SourceFile {
        SourceFile { name: name.into(), text: text.into(), line_starts: OnceLock::new(), char_blocks: OnceLock::new() }
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            let bytes = self.text.as_bytes();
            let mut starts = Vec::with_capacity(bytes.len() / 32 + 1);
            starts.push(0);
            starts.extend(bytes.iter().enumerate().filter(|(_, b)| **b == b'\n').map(|(i, _)| i + 1));
            starts
        })
    }

    /// The number of characters in `text[..offset]` (`offset` on a character boundary),
    /// in time bounded by [`BLOCK`].
    fn chars_before(&self, offset: usize) -> usize {
        let bytes = self.text.as_bytes();
        let blocks = self.char_blocks.get_or_init(|| {
            let mut total = 0;
            let mut blocks = Vec::with_capacity(bytes.len() / BLOCK + 1);
            for chunk in bytes.chunks(BLOCK) {
                blocks.push(total);
                total += count_chars(chunk);
            }
            blocks
        });
        let block = offset / BLOCK;
        blocks.get(block).copied().unwrap_or(0) + count_chars(&bytes[block * BLOCK..offset])
    }

    /// 1-based line and character column of a byte offset (clamped to the text, and
    /// moved back to a character boundary if it falls inside one).
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let starts = self.line_starts();
        let line = starts.partition_point(|&s| s <= offset) - 1;
        let start = starts[line];
        let column = if offset - start > BLOCK {
            self.chars_before(offset) - self.chars_before(start)
        } else {
            count_chars(&self.text.as_bytes()[start..offset])
        };
        (line + 1, column + 1)
    }

    /// The byte range of the line that holds `offset` (clamped to the text), without its
    /// line break: found in the line index, not by scanning the line.
    pub fn line_range(&self, offset: usize) -> (usize, usize) {
        let starts = self.line_starts();
        let offset = offset.min(self.text.len());
        let line = starts.partition_point(|&s| s <= offset) - 1;
        let start = starts[line];
        let mut end = starts.get(line + 1).map_or(self.text.len(), |&s| s - 1);
        if end > start && self.text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        (start, end)
    }

    /// The text of 1-based line `line`, without its line break.
    pub fn line_text(&self, line: usize) -> &str {
        let starts = self.line_starts();
        let start = starts[line - 1];
        let end = starts.get(line).map_or(self.text.len(), |&s| s - 1);
        self.text[start..end].trim_end_matches('\r')
    }

    pub fn line_count(&self) -> usize {
        self.line_starts().len()
    }
}

/// Characters in UTF-8 bytes: every byte that does not continue a sequence starts one.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// Every file read in one run, indexed by [`FileId`].
#[derive(Debug, Clone, Default)]
pub struct Files {
    files: Vec<SourceFile>,
}

impl Files {
    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        self.files.len() - 1
    }
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id]
    }
    /// Replace a file's text (one that was dropped to save memory and read again).
    pub fn set_text(&mut self, id: FileId, text: String) {
        let file = &mut self.files[id];
        *file = SourceFile::new(std::mem::take(&mut file.name), text);
    }
    pub fn len(&self) -> usize {
        self.files.len()
    }
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files.iter().enumerate()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let f = SourceFile::new("t.json", "{\n  \"ja\": \"安保条約\", \"x\": 1\n}\n");
        let offset = f.text.find("\"x\"").unwrap();
        assert_eq!(f.line_col(offset), (2, 17));
        assert_eq!(f.line_text(2), "  \"ja\": \"安保条約\", \"x\": 1");
    }

    #[test]
    fn line_ranges_leave_out_the_line_break() {
        let f = SourceFile::new("t.json", "ab\r\ncd\n\nef");
        assert_eq!(f.line_range(0), (0, 2));
        assert_eq!(f.line_range(3), (0, 2), "the line break belongs to its line");
        assert_eq!(f.line_range(5), (4, 6));
        assert_eq!(f.line_range(7), (7, 7));
        assert_eq!(f.line_range(99), (8, 10));
    }

    #[test]
    fn crlf_is_not_part_of_the_line() {
        let f = SourceFile::new("t.json", "{\r\n}\r\n");
        assert_eq!(f.line_text(1), "{");
        assert_eq!(f.line_col(3), (2, 1));
    }

    #[test]
    fn columns_on_a_long_line_count_characters() {
        // One line of 20 000 characters, a third of them three bytes long.
        let text: String = (0..20_000).map(|i| if i % 3 == 0 { '安' } else { 'a' }).collect();
        let f = SourceFile::new("t.json", format!("x\n{text}"));
        for chars in [0, 1, 4095, 4096, 4097, 12_345, 19_999, 20_000] {
            let offset = 2 + text.char_indices().nth(chars).map_or(text.len(), |(i, _)| i);
            assert_eq!(f.line_col(offset), (2, chars + 1), "at character {chars}");
        }
    }

    #[test]
    fn offset_inside_a_character_moves_back() {
        let f = SourceFile::new("t.json", "\"安\"");
        assert_eq!(f.line_col(2), (1, 2));
        assert_eq!(f.line_col(99), (1, 4));
    }
}
