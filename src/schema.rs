//! The embedded JSON Schema and the data dictionary read from it.
//!
//! `schema/dataset.schema.json` is the source of truth; the binary embeds it so that it
//! validates a dataset anywhere without the source tree.

use serde_json::Value;

/// The schema text, as in `schema/dataset.schema.json`.
pub const SCHEMA_TEXT: &str = include_str!("../schema/dataset.schema.json");

/// The schema's file name, as data files name it in `"$schema"`.
pub const SCHEMA_FILE: &str = "dataset.schema.json";

/// Field descriptions, read from the schema: the one place they are written.
#[derive(Debug, Clone)]
pub struct Dictionary {
    schema: Value,
}

impl Default for Dictionary {
    fn default() -> Dictionary {
        Dictionary::new()
    }
}

impl Dictionary {
    pub fn new() -> Dictionary {
        let schema = serde_json::from_str(SCHEMA_TEXT).expect("the embedded schema is valid JSON");
        Dictionary { schema }
    }

    /// The schema version: the number in its `$id` (`…/schema/1/dataset.schema.json`).
    pub fn version(&self) -> &str {
        self.schema["$id"].as_str().and_then(|id| id.rsplit('/').nth(1)).unwrap_or("")
    }

    /// Description of a record kind (`"event"`) or other definition (`"names"`).
    pub fn definition(&self, def: &str) -> Option<&str> {
        self.schema["$defs"][def]["description"].as_str()
    }

    /// Description of a property of a definition, following a `/`-separated path through
    /// nested objects and array items: `("event", "participants/role")`.
    pub fn field(&self, def: &str, path: &str) -> Option<&str> {
        let mut node = &self.schema["$defs"][def];
        let mut description = None;
        for part in path.split('/') {
            node = self.resolve(node);
            if node["type"] == "array" {
                node = self.resolve(&node["items"]);
            }
            node = &node["properties"][part];
            description = node["description"].as_str();
        }
        description
    }

    fn resolve<'a>(&'a self, node: &'a Value) -> &'a Value {
        match node["$ref"].as_str().and_then(|r| r.strip_prefix("#/$defs/")) {
            Some(name) => &self.schema["$defs"][name],
            None => node,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dictionary_reads_descriptions_from_the_schema() {
        let d = Dictionary::new();
        assert_eq!(d.version(), "1");
        assert!(d.definition("event").unwrap().contains("dated happening"));
        assert!(d.field("event", "date").unwrap().contains("precision"));
        assert!(d.field("event", "participants/role").unwrap().contains("part in the event"));
        assert!(d.field("instrument", "signed/place").unwrap().contains("place"));
        assert_eq!(d.field("event", "no_such_field"), None);
    }
}
