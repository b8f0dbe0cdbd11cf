//! The files read in one run, and byte offset → line:column.
//!
//! Lines and columns are 1-based; columns count characters (Unicode scalar values),
//! not bytes, because the data is full of Japanese text and macrons. A line ends at
//! `\n`; a `\r` before it belongs to the line break, not to the line.

use crate::diagnostic::FileId;

/// One file's name (as given on the command line, `/`-separated) and text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> SourceFile {
        let text = text.into();
        let mut line_starts = vec![0];
        line_starts.extend(memchr_newlines(text.as_bytes()));
        SourceFile { name: name.into(), text, line_starts }
    }

    /// 1-based line and character column of a byte offset (clamped to the text, and
    /// moved back to a character boundary if it falls inside one).
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let column = self.text[start..offset].chars().count() + 1;
        (line + 1, column)
    }

    /// The text of 1-based line `line`, without its line break.
    pub fn line_text(&self, line: usize) -> &str {
        let start = self.line_starts[line - 1];
        let end = self.line_starts.get(line).map_or(self.text.len(), |&s| s - 1);
        self.text[start..end].trim_end_matches('\r')
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }
}

fn memchr_newlines(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    bytes.iter().enumerate().filter(|(_, b)| **b == b'\n').map(|(i, _)| i + 1)
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
    fn crlf_is_not_part_of_the_line() {
        let f = SourceFile::new("t.json", "{\r\n}\r\n");
        assert_eq!(f.line_text(1), "{");
        assert_eq!(f.line_col(3), (2, 1));
    }

    #[test]
    fn offset_inside_a_character_moves_back() {
        let f = SourceFile::new("t.json", "\"安\"");
        assert_eq!(f.line_col(2), (1, 2));
        assert_eq!(f.line_col(99), (1, 4));
    }
}
