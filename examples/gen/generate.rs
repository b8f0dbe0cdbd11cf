//! Synthetic Anpo datasets of any size, for tests and benchmarks.
//!
//! [`generate`] is deterministic: the same [`Config`] gives the same bytes. The records
//! have the shapes of the canonical data: Japanese and accented text, imprecise EDTF
//! dates, references between every kind, figures, long summaries. Every record kind goes
//! to its own files of at most [`Config::chunk`] records (`data/events-0001.json`, …),
//! each naming the schema as `"../schema/dataset.schema.json"`, so a dataset written
//! with the schema copied to `schema/` validates in an editor as well as with `anpo`.
//!
//! A clean dataset passes every check with no warning: every place and actor is named by
//! some event, every source is cited, `within` and `part_of` point to earlier records (no
//! loops), and every later date follows its earlier one.
//!
//! With [`Config::faults`] = K, the generator plants K faults of every kind below, each on
//! a record of its own, and returns where each should be reported ([`Planted`]):
//!
//! | code | stage | fault |
//! | --- | --- | --- |
//! | J102 | schema | an event has an unknown property `summry` |
//! | J101 | schema | an event lacks its `summary` |
//! | J104 | schema | an event's `kind` is `protests` |
//! | J105 | schema | an event's `title` ends with a space |
//! | R201 | rules | a position takes the id of the position before it |
//! | R202 | rules | a position's `holders` names an actor that does not exist |
//! | R203 | rules | a position's `evidence` names an actor instead of a figure |
//! | R204 | rules | an event's `date` is `1959-02-29` |
//! | R205 | rules | an event's `date` is the interval `1960-06/1960-05` |
//!
//! `anpo` runs the semantic rules only on a dataset that passed the schema, so a dataset
//! with faults of both stages reports the schema faults only; [`Faults`] chooses the
//! stages to plant.

// Shared by the example, the tests and the benches, each of which uses a different part.
#![allow(dead_code)]

use anpo::model::{COLLECTIONS, RecordKind};
use serde_json::{Value, json};

/// What to generate.
#[derive(Debug, Clone)]
pub struct Config {
    /// Number of records (every kind together; the metadata is not a record). At least 30.
    pub records: usize,
    pub seed: u64,
    /// Faults planted of every kind chosen by `stages`.
    pub faults: usize,
    pub stages: Faults,
    /// Records per file.
    pub chunk: usize,
}

impl Default for Config {
    fn default() -> Config {
        Config { records: 1000, seed: 1960, faults: 0, stages: Faults::All, chunk: 10_000 }
    }
}

/// Which faults to plant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Faults {
    /// Schema faults (J101, J102, J104, J105): reported whatever else is wrong.
    Schema,
    /// Rule faults (R201 to R205): reported when the dataset passes the schema.
    Rules,
    All,
}

impl Faults {
    fn plants(self, stage: Stage) -> bool {
        matches!((self, stage), (Faults::All, _) | (Faults::Schema, Stage::Schema) | (Faults::Rules, Stage::Rules))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Schema,
    Rules,
}

impl Stage {
    pub fn name(self) -> &'static str {
        match self {
            Stage::Schema => "schema",
            Stage::Rules => "rules",
        }
    }
}

/// A planted fault: the diagnostic `anpo validate` must give for it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Planted {
    /// The file, relative to the dataset directory (`data/events-0001.json`).
    pub file: String,
    pub pointer: String,
    pub code: &'static str,
    pub stage: &'static str,
}

/// The kinds of fault, in the order of the table above.
pub const FAULTS: [(&str, Stage); 9] = [
    ("J102", Stage::Schema),
    ("J101", Stage::Schema),
    ("J104", Stage::Schema),
    ("J105", Stage::Schema),
    ("R201", Stage::Rules),
    ("R202", Stage::Rules),
    ("R203", Stage::Rules),
    ("R204", Stage::Rules),
    ("R205", Stage::Rules),
];

/// Event faults take slots 0..6 of the events, position faults slots 0..3 of the positions.
const EVENT_FAULTS: [&str; 6] = ["J102", "J101", "J104", "J105", "R204", "R205"];
const POSITION_FAULTS: [&str; 3] = ["R201", "R202", "R203"];

/// Records of each kind, in the order of `COLLECTIONS`.
pub fn counts(records: usize) -> [usize; 8] {
    // instrument, article, event, actor, place, figure, position, source (percent)
    let shares = [3, 10, 30, 20, 10, 12, 0, 2];
    let mut counts = shares.map(|s| (records * s / 100).max(1));
    let others: usize = counts.iter().sum::<usize>() - counts[6];
    counts[6] = records.saturating_sub(others).max(1);
    counts
}

/// The largest number of faults of each kind that `records` records can hold.
pub fn max_faults(records: usize) -> usize {
    let c = counts(records);
    // Positions: an R201 needs the position before it free of faults, so the three
    // position faults stay at least two records apart.
    (c[2] / 6).min(c[6].saturating_sub(1) / 7)
}

/// A small xorshift64* generator: deterministic and good enough for shapes.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next() >> 11) % n as u64) as usize
    }
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    pub fn pick<'a, T: ?Sized>(&mut self, items: &[&'a T]) -> &'a T {
        items[self.below(items.len())]
    }
    /// Up to `n` distinct numbers below `limit`, each different from `except`.
    fn distinct(&mut self, n: usize, limit: usize, except: &[usize]) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        for _ in 0..n * 3 {
            if out.len() == n {
                break;
            }
            let i = self.below(limit);
            if !out.contains(&i) && !except.contains(&i) {
                out.push(i);
            }
        }
        out
    }
}

const SENTENCES: &[&str] = &[
    "The revised treaty obliged each party to act against an armed attack on territories under the administration of Japan.",
    "Students of the Zengakuren (全学連) marched on the National Diet building, and the police answered with water cannon.",
    "Prime Minister Kishi Nobusuke (岸信介) pushed the ratification through the House of Representatives after midnight.",
    "Opponents argued that the bases would draw Japan into wars it had not chosen, from Korea to Indochina.",
    "The Sōhyō labour federation called a series of political strikes that stopped trains across Kantō and Kansai.",
    "Newspapers in Tōkyō and Ōsaka published a joint editorial calling for an end to violence “whatever the cause”.",
    "The agreed minutes provided for prior consultation before major changes in the deployment of United States forces.",
    "On Okinawa (沖縄), still under American administration, the treaty's reach was debated for another decade.",
    "Hagerty's car was surrounded at Haneda airport, and he left by a Marine Corps helicopter.",
    "Kanba Michiko (樺美智子), a student at the University of Tokyo, died during the clashes at the south gate of the Diet.",
    "The Japan Socialist Party boycotted the session, and its members tried to keep the Speaker from reaching his chair.",
    "Diplomats in Washington and in Tōkyō exchanged notes on the status of the Bonin and Ryūkyū islands.",
    "Critics such as Maruyama Masao saw in the forced vote a threat to parliamentary democracy itself.",
    "The ten-year term ran until 1970, after which either party could end the treaty on one year's notice.",
    "Polls of the Asahi Shimbun (朝日新聞) found that a majority opposed the way the treaty was ratified.",
    "Les manifestations de Tokyo furent suivies de près à Paris, à Genève et à São Paulo, où la presse parlait d'une « crise ».",
    "Die Zürcher Zeitung nannte den Vertrag eine „Garantie auf Gegenseitigkeit“, nicht ein Bündnis.",
    "日米安全保障条約の改定に反対する運動は、戦後最大の大衆運動となった。",
    "Base towns such as Tachikawa, Sunagawa (砂川) and Yokota saw years of protest over runway extensions.",
    "The Status of Forces Agreement set out which courts would try members of the forces for crimes off duty.",
    "Ōno Banboku and Kōno Ichirō, rivals within the Liberal Democratic Party, weighed whether to stand by Kishi.",
    "Article VI granted the use of facilities and areas in Japan for the security of the Far East.",
];

const TITLES: &[&str] = &[
    "Demonstration at the Diet",
    "Vote in the House of Representatives",
    "Exchange of notes in Washington",
    "Strike of the Sōhyō unions",
    "Signing ceremony at the White House",
    "安保反対デモ",
    "Cabinet decision on the revision",
    "Rally in Hibiya Park (日比谷公園)",
    "Hagerty incident at Haneda",
    "Resignation of the Kishi cabinet",
    "Protest at Sunagawa",
    "Renewal of the treaty in 1970",
];

const PEOPLE: &[(&str, &str, &str)] = &[
    ("Kishi Nobusuke", "岸信介", "Kishi Nobusuke"),
    ("Kanba Michiko", "樺美智子", "Kanba Michiko"),
    ("Ōno Banboku", "大野伴睦", "Ōno Banboku"),
    ("Kōno Ichirō", "河野一郎", "Kōno Ichirō"),
    ("Ikeda Hayato", "池田勇人", "Ikeda Hayato"),
    ("Asanuma Inejirō", "浅沼稲次郎", "Asanuma Inejirō"),
    ("Fujiyama Aiichirō", "藤山愛一郎", "Fujiyama Aiichirō"),
    ("Douglas MacArthur II", "ダグラス・マッカーサー2世", "Dagurasu Makkāsā Nisei"),
    ("Christian A. Herter", "クリスチャン・ハーター", "Kurisuchan Hātā"),
    ("Maruyama Masao", "丸山眞男", "Maruyama Masao"),
    ("José Pérez", "ホセ・ペレス", "Hose Peresu"),
    ("Françoise Müller", "フランソワーズ・ミュラー", "Furansowāzu Myurā"),
];

const PLACES: &[(&str, &str, &str)] = &[
    ("Tokyo", "東京", "Tōkyō"),
    ("Ōsaka", "大阪", "Ōsaka"),
    ("Naha", "那覇", "Naha"),
    ("Kadena Air Base", "嘉手納飛行場", "Kadena Hikōjō"),
    ("National Diet Building", "国会議事堂", "Kokkai-gijidō"),
    ("Sunagawa", "砂川", "Sunagawa"),
    ("Yokosuka", "横須賀", "Yokosuka"),
    ("Hokkaidō", "北海道", "Hokkaidō"),
    ("Kyūshū", "九州", "Kyūshū"),
    ("Haneda Airport", "羽田空港", "Haneda Kūkō"),
];

const ORGANIZATIONS: &[(&str, &str)] = &[
    ("Japan Socialist Party", "日本社会党"),
    ("Liberal Democratic Party", "自由民主党"),
    ("Zengakuren", "全学連"),
    ("Sōhyō", "総評"),
    ("Asahi Shimbun", "朝日新聞"),
    ("House of Councillors", "参議院"),
    ("United States Senate", "アメリカ合衆国上院"),
];

const INSTRUMENT_KINDS: &[&str] = &["treaty", "agreement", "agreed-minutes", "status-of-forces-agreement", "statement"];
const EVENT_KINDS: &[&str] = &[
    "negotiation",
    "signing",
    "legislative-vote",
    "protest",
    "protest",
    "protest",
    "resignation",
    "election",
    "statement",
    "poll",
    "lawsuit",
];
/// Every this many actors, one is a state (actor 0, 5, 10, …), so instruments have parties.
const STATE_EVERY: usize = 5;
const PERSON_KINDS: &[&str] = &["person", "person", "person", "group", "political-party", "newspaper", "chamber"];
const PLACE_KINDS: &[&str] = &["city", "building", "gate", "island", "prefecture", "military-base", "region"];
const UNITS: &[&str] = &["percent", "count", "count", "USD", "years", "days", "hours", "age-years"];
const QUALIFIERS: &[&str] = &["exact", "about", "at-least", "at-most", "less-than"];
const TOPICS: &[&str] = &["sovereignty", "bases", "okinawa", "protest", "equality", "nuclear-weapons", "consultation"];
const ROLES: &[&str] = &[
    "Signed for Japan",
    "Led the march",
    "Spoke against the treaty",
    "Called the vote",
    "Reported on the clashes",
    "Negotiated the text",
    "デモを指揮した",
];

/// A date of any precision the data uses, between 1945 and 2019: a day, a month, a year,
/// with or without a qualifier, or an interval.
fn any_date(rng: &mut Rng) -> String {
    let year = 1945 + rng.below(75);
    let month = 1 + rng.below(12);
    let day = 1 + rng.below(28);
    match rng.below(10) {
        0..=3 => format!("{year:04}-{month:02}-{day:02}"),
        4 | 5 => format!("{year:04}-{month:02}"),
        6 => format!("{year:04}"),
        7 => format!("{year:04}{}", rng.pick(&["~", "?", "%"])),
        8 => format!("{year:04}-{month:02}/{:04}-{:02}", year + 1, month),
        _ => format!("../{year:04}"),
    }
}

fn day(rng: &mut Rng, from_year: usize, years: usize) -> (usize, String) {
    let year = from_year + rng.below(years);
    (year, format!("{year:04}-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28)))
}

fn summary(rng: &mut Rng, min: usize, max: usize) -> String {
    let n = min + rng.below(max - min + 1);
    let mut parts: Vec<&str> = Vec::with_capacity(n);
    for _ in 0..n {
        parts.push(SENTENCES[rng.below(SENTENCES.len())]);
    }
    parts.join(" ")
}

fn slug(word: &str, i: usize) -> String {
    format!("{word}-{i}")
}

/// The ids of the records of each kind: `{kind}-{n}` with a descriptive middle.
struct Ids;

impl Ids {
    fn instrument(i: usize) -> String {
        slug("instrument", i)
    }
    fn article(i: usize) -> String {
        slug("article", i)
    }
    fn event(i: usize) -> String {
        slug("event", i)
    }
    fn actor(i: usize) -> String {
        slug("actor", i)
    }
    fn place(i: usize) -> String {
        slug("place", i)
    }
    fn figure(i: usize) -> String {
        slug("figure", i)
    }
    fn position(i: usize) -> String {
        slug("position", i)
    }
    fn source(i: usize) -> String {
        slug("source", i)
    }
}

struct Builder {
    rng: Rng,
    n: [usize; 8],
    /// Running count of records that cite a source, so every source is cited.
    cited: usize,
}

/// A record under construction: members in the order written, optional ones left out.
#[derive(Default)]
struct Record(serde_json::Map<String, Value>);

impl Record {
    fn set(mut self, key: &str, value: impl Into<Value>) -> Record {
        self.0.insert(key.to_string(), value.into());
        self
    }
    fn opt(self, key: &str, value: Option<impl Into<Value>>) -> Record {
        match value {
            Some(value) => self.set(key, value),
            None => self,
        }
    }
    /// A list, left out when empty.
    fn list(self, key: &str, items: Vec<Value>) -> Record {
        if items.is_empty() { self } else { self.set(key, Value::Array(items)) }
    }
    fn ids(self, key: &str, ids: Vec<String>) -> Record {
        self.list(key, ids.into_iter().map(Value::String).collect())
    }
    fn done(self) -> Value {
        Value::Object(self.0)
    }
}

impl Builder {
    fn sources(&mut self) -> Vec<String> {
        let s = self.n[7];
        let first = self.cited % s;
        self.cited += 1;
        let mut out = vec![Ids::source(first)];
        if s > 1 && self.rng.chance(30) {
            let other = (first + 1 + self.rng.below(s - 1)) % s;
            out.push(Ids::source(other));
        }
        out
    }

    fn names(&mut self, (en, ja, latn): (&str, &str, &str), i: usize) -> Value {
        Record::default()
            .set("en", format!("{en} {i}"))
            .opt("ja", self.rng.chance(70).then(|| format!("{ja}{i}")))
            .opt("ja-Latn", self.rng.chance(40).then(|| format!("{latn} {i}")))
            .done()
    }

    fn notes(&mut self) -> Option<String> {
        self.rng.chance(20).then(|| summary(&mut self.rng, 1, 2))
    }

    fn some(&mut self, n: usize, limit: usize, except: &[usize]) -> Vec<usize> {
        let n = self.rng.below(n + 1);
        self.rng.distinct(n, limit, except)
    }

    fn instrument(&mut self, i: usize) -> Value {
        let (actors, places, articles) = (self.n[3], self.n[4], self.n[1]);
        let (year, signed) = day(&mut self.rng, 1946, 70);
        // Parties are states (R209): every `STATE_EVERY`-th actor is one.
        let states = actors.div_ceil(STATE_EVERY);
        let parties = self.rng.distinct(2, states, &[]).into_iter().map(|k| Ids::actor(k * STATE_EVERY)).collect();
        let signatories = self.rng.distinct(2, actors, &[]).into_iter().map(Ids::actor).collect();
        let mut relations = Vec::new();
        if i > 0 && self.rng.chance(50) {
            let kind = self.rng.pick(&["revises-and-replaces", "supplements", "implements", "interprets"]);
            let target = Ids::instrument(self.rng.below(i));
            let article = self.rng.chance(30).then(|| Ids::article(self.rng.below(articles)));
            relations.push(Record::default().set("kind", kind).set("target", target).opt("article", article).done());
        }
        let aliases = if self.rng.chance(40) {
            vec![json!({ "name": format!("Anpo {i}"), "lang": "ja-Latn", "note": "Common short name" })]
        } else {
            Vec::new()
        };
        let title = Record::default()
            .set("en", format!("Treaty of Mutual Cooperation and Security, instrument {i}"))
            .opt("ja", self.rng.chance(80).then(|| format!("日米相互協力及び安全保障条約 第{i}号")))
            .opt("ja-Latn", self.rng.chance(30).then(|| format!("Nichibei Anzen Hoshō Jōyaku {i}")))
            .done();
        let signed = Record::default()
            .set("date", signed)
            .set("place", Ids::place(self.rng.below(places)))
            .ids("signatories", signatories)
            .done();
        Record::default()
            .set("id", Ids::instrument(i))
            .set("kind", self.rng.pick(INSTRUMENT_KINDS))
            .set("title", title)
            .set("short_name", format!("Security instrument {i}"))
            .list("aliases", aliases)
            .ids("parties", parties)
            .set("signed", signed)
            .opt("entry_into_force", self.rng.chance(70).then(|| format!("{:04}", year + 1 + self.rng.below(3))))
            .opt("article_count", self.rng.chance(60).then(|| 1 + self.rng.below(30)))
            .opt("term", self.rng.chance(40).then_some("Ten years, then until one party gives a year's notice"))
            .opt("termination", self.rng.chance(30).then_some("On one year's written notice by either party"))
            .list("relations", relations)
            .set("summary", summary(&mut self.rng, 2, 6))
            .ids("sources", self.sources())
            .opt("notes", self.notes())
            .done()
    }

    fn article(&mut self, i: usize) -> Value {
        let instruments = self.n[0];
        let topics = self.rng.distinct(2, TOPICS.len(), &[]).into_iter().map(|t| TOPICS[t].to_string()).collect();
        let mut quotations = Vec::new();
        if self.rng.chance(25) {
            quotations.push(json!({
                "text": "Each Party recognizes that an armed attack against either Party would be dangerous to its own peace and safety",
                "quoted_from": format!("Article {} of the treaty", 1 + i % 10),
                "source": Ids::source(self.rng.below(self.n[7])),
            }));
        }
        Record::default()
            .set("id", Ids::article(i))
            .set("instrument", Ids::instrument(i % instruments))
            .opt("number", self.rng.chance(85).then_some(1 + (i / instruments) % 40))
            .set("heading", format!("Article {} (第{}条)", 1 + i % 10, 1 + i % 10))
            .set("summary", summary(&mut self.rng, 1, 4))
            .ids("topics", topics)
            .list("quotations", quotations)
            .ids("sources", self.sources())
            .opt("notes", self.notes())
            .done()
    }

    fn event(&mut self, i: usize) -> Value {
        let (instruments, actors, places) = (self.n[0], self.n[3], self.n[4]);
        // Event i names actor i and place i (modulo their counts): every actor and place is used.
        let mut who = vec![i % actors];
        who.extend(self.some(2, actors, &[i % actors]));
        let participants =
            who.into_iter().map(|a| json!({ "actor": Ids::actor(a), "role": self.rng.pick(ROLES) })).collect();
        let mut wher = vec![i % places];
        wher.extend(self.some(1, places, &[i % places]));
        let date = any_date(&mut self.rng);
        let phrase = (date.contains('~') || date.starts_with("..")).then_some("early in the year");
        let instrument = self.rng.chance(40).then(|| Ids::instrument(self.rng.below(instruments)));
        Record::default()
            .set("id", Ids::event(i))
            .set("kind", self.rng.pick(EVENT_KINDS))
            .set("date", date)
            .opt("date_phrase", phrase)
            .set("title", format!("{} {i}", self.rng.pick(TITLES)))
            .set("summary", summary(&mut self.rng, 2, 8))
            .list("participants", participants)
            .ids("places", wher.into_iter().map(Ids::place).collect())
            .ids("instruments", instrument.into_iter().collect())
            .ids("sources", self.sources())
            .opt("notes", self.notes())
            .done()
    }

    fn actor(&mut self, i: usize) -> Value {
        let kind = if i.is_multiple_of(STATE_EVERY) { "state" } else { self.rng.pick(PERSON_KINDS) };
        let name = if kind == "person" {
            let p = PEOPLE[self.rng.below(PEOPLE.len())];
            self.names(p, i)
        } else {
            let (en, ja) = ORGANIZATIONS[self.rng.below(ORGANIZATIONS.len())];
            self.names((en, ja, en), i)
        };
        let mut roles = Vec::new();
        if kind == "person" && self.rng.chance(50) {
            let (year, start) = day(&mut self.rng, 1945, 60);
            let end = format!("{:04}-{:02}", year + 1 + self.rng.below(10), 1 + self.rng.below(12));
            let title =
                self.rng.pick(&["Prime Minister of Japan", "Foreign Minister", "Ambassador to Japan", "委員長"]);
            let organization = (i > 0 && self.rng.chance(50)).then(|| Ids::actor(self.rng.below(i)));
            roles.push(
                Record::default()
                    .set("title", title)
                    .opt("organization", organization)
                    .set("start", start)
                    .opt("end", self.rng.chance(80).then_some(end))
                    .done(),
            );
        }
        let aliases = if self.rng.chance(20) {
            vec![json!({ "name": format!("Anpo actor {i}"), "lang": "en" })]
        } else {
            Vec::new()
        };
        Record::default()
            .set("id", Ids::actor(i))
            .set("kind", kind)
            .set("name", name)
            .list("aliases", aliases)
            .opt("description", self.rng.chance(60).then(|| summary(&mut self.rng, 1, 3)))
            // Only earlier actors: the chains have no loop.
            .opt("part_of", (i > 0 && self.rng.chance(30)).then(|| Ids::actor(self.rng.below(i))))
            .list("roles", roles)
            .ids("sources", self.sources())
            .opt("notes", self.notes())
            .done()
    }

    fn place(&mut self, i: usize) -> Value {
        let p = PLACES[self.rng.below(PLACES.len())];
        let kind = self.rng.pick(PLACE_KINDS);
        let name = self.names(p, i);
        Record::default()
            .set("id", Ids::place(i))
            .set("kind", kind)
            .set("name", name)
            .opt("within", (i > 0 && self.rng.chance(60)).then(|| Ids::place((i - 1) / 8)))
            .opt("description", self.rng.chance(50).then(|| summary(&mut self.rng, 1, 2)))
            .ids("sources", self.sources())
            .opt("notes", self.notes())
            .done()
    }

    fn figure(&mut self, i: usize) -> Value {
        let (events, instruments) = (self.n[2], self.n[0]);
        let value: Value = match self.rng.below(4) {
            0 => json!((self.rng.below(10_000) as f64) / 100.0),
            1 => json!(-(self.rng.below(1000) as i64)),
            _ => json!(self.rng.below(5_000_000)),
        };
        let mut about = vec![Ids::event(self.rng.below(events))];
        if self.rng.chance(30) {
            about.push(Ids::instrument(self.rng.below(instruments)));
        }
        Record::default()
            .set("id", Ids::figure(i))
            .set("value", value)
            .set("unit", self.rng.pick(UNITS))
            .set("qualifier", self.rng.pick(QUALIFIERS))
            .set("measure", format!("Number of people at rally {i}, as the police counted them (警察発表)"))
            .ids("about", about)
            .opt("date", self.rng.chance(60).then(|| any_date(&mut self.rng)))
            .ids("sources", self.sources())
            .opt("notes", self.notes())
            .done()
    }

    /// A position, and what a fault needs to change it: its holders and evidence.
    fn position(&mut self, i: usize, fault: Option<&str>) -> Value {
        let (instruments, articles, events, actors, figures) = (self.n[0], self.n[1], self.n[2], self.n[3], self.n[5]);
        let mut holders: Vec<String> = self.some(3, actors, &[]).into_iter().map(Ids::actor).collect();
        let mut evidence: Vec<String> = self.some(2, figures, &[]).into_iter().map(Ids::figure).collect();
        let concerns = match self.rng.below(3) {
            0 => vec![Ids::instrument(self.rng.below(instruments))],
            1 => vec![Ids::article(self.rng.below(articles)), Ids::event(self.rng.below(events))],
            _ => vec![Ids::event(self.rng.below(events))],
        };
        let mut id = Ids::position(i);
        match fault {
            Some("R201") => id = Ids::position(i - 1),
            Some("R202") => holders.push(format!("no-such-actor-{i}")),
            Some("R203") => evidence.push(Ids::actor(i % actors)),
            _ => {}
        }
        let phrase = holders.is_empty().then_some("some commentators");
        Record::default()
            .set("id", id)
            .set("stance", self.rng.pick(&["for", "against"]))
            .set("claim", summary(&mut self.rng, 1, 5))
            .ids("holders", holders)
            .opt("holders_phrase", phrase)
            .ids("topics", vec![self.rng.pick(TOPICS).to_string()])
            .ids("concerns", concerns)
            .ids("evidence", evidence)
            .ids("sources", self.sources())
            .opt("notes", self.notes())
            .done()
    }

    fn source(&mut self, i: usize) -> Value {
        let (publisher, title) = *self.rng.pick(&[
            &("Wikipedia", "Treaty of Mutual Cooperation and Security between the United States and Japan"),
            &("朝日新聞", "安保改定の経緯"),
            &("Le Monde", "Le Japon et le traité de sécurité"),
            &("Office of the Historian", "Foreign Relations of the United States, 1958–1960"),
        ]);
        let kind = self.rng.pick(&["encyclopedia-article", "news-report", "government-web-page", "database-record"]);
        Record::default()
            .set("id", Ids::source(i))
            .set("kind", kind)
            .set("title", format!("{title} ({i})"))
            .set("publisher", publisher)
            .opt("author", self.rng.chance(40).then_some("Associated Press"))
            .set("url", format!("https://example.org/anpo/sources/{i}"))
            .opt("published", self.rng.chance(70).then(|| any_date(&mut self.rng)))
            .set("license", "CC-BY-SA-4.0")
            .set("license_url", "https://creativecommons.org/licenses/by-sa/4.0/")
            .set("attribution", format!("{publisher}, “{title}”, https://example.org/anpo/sources/{i}"))
            .done()
    }
}

fn meta() -> Value {
    json!({
        "id": "anpo-synthetic",
        "title": "Anpo (synthetic): generated records for tests and benchmarks",
        "description": "Records generated by examples/gen in the shapes of the canonical data; not history.",
        "version": "0.0.1",
        "license": "CC0-1.0",
        "license_url": "https://creativecommons.org/publicdomain/zero/1.0/",
        "publisher": "The Anpo dataset contributors",
        "keywords": ["Anpo", "安保", "synthetic"],
        "modified": "2026-01-01"
    })
}

/// The slots of the records that carry faults: `faults × kinds` records spread evenly over
/// `len`, starting at `offset`.
fn fault_slots(len: usize, kinds: usize, faults: usize, offset: usize) -> Vec<usize> {
    let total = kinds * faults;
    (0..total).map(|slot| slot * len / total + offset).collect()
}

/// Generate a dataset, handing each file to `emit` as (path relative to the dataset
/// directory, bytes). Returns the planted faults, sorted.
pub fn generate(config: &Config, emit: &mut dyn FnMut(&str, Vec<u8>)) -> Result<Vec<Planted>, String> {
    if config.records < 30 {
        return Err("--records must be at least 30".into());
    }
    if config.faults > max_faults(config.records) {
        return Err(format!(
            "{} records hold at most {} faults of each kind",
            config.records,
            max_faults(config.records)
        ));
    }
    let n = counts(config.records);
    let mut builder = Builder { rng: Rng::new(config.seed), n, cited: 0 };
    let mut planted = Vec::new();

    // Which record of which kind carries which fault: fault kind per record index.
    let mut event_faults = std::collections::HashMap::new();
    let mut position_faults = std::collections::HashMap::new();
    if config.faults > 0 {
        for (slot, index) in fault_slots(n[2], EVENT_FAULTS.len(), config.faults, 0).into_iter().enumerate() {
            event_faults.insert(index, EVENT_FAULTS[slot % EVENT_FAULTS.len()]);
        }
        // Offset 1: an R201 position takes the id of the one before it, which carries no fault.
        for (slot, index) in fault_slots(n[6] - 1, POSITION_FAULTS.len(), config.faults, 1).into_iter().enumerate() {
            position_faults.insert(index, POSITION_FAULTS[slot % POSITION_FAULTS.len()]);
        }
    }
    let plants = |code: &str| {
        let stage = FAULTS.iter().find(|(c, _)| *c == code).expect("a known fault").1;
        config.stages.plants(stage).then_some(stage)
    };

    let mut write_file = |path: String, collection: Option<(&str, Vec<Value>)>, meta: Option<Value>| {
        let mut root = serde_json::Map::new();
        root.insert("$schema".into(), json!("../schema/dataset.schema.json"));
        if let Some(meta) = meta {
            root.insert("dataset".into(), meta);
        }
        if let Some((key, records)) = collection {
            root.insert(key.into(), Value::Array(records));
        }
        let mut bytes = serde_json::to_vec_pretty(&Value::Object(root)).expect("serializable");
        bytes.push(b'\n');
        emit(&path, bytes);
    };
    write_file("data/dataset.json".into(), None, Some(meta()));

    for (k, kind) in COLLECTIONS.into_iter().enumerate() {
        let chunks = n[k].div_ceil(config.chunk);
        for chunk in 0..chunks {
            let file = format!("data/{}-{:04}.json", kind.collection(), chunk + 1);
            let range = chunk * config.chunk..((chunk + 1) * config.chunk).min(n[k]);
            let mut records = Vec::with_capacity(range.len());
            for i in range.clone() {
                let at = format!("/{}/{}", kind.collection(), i - range.start);
                let mut plant = |code: &'static str, pointer: String, stage: Stage| {
                    planted.push(Planted { file: file.clone(), pointer, code, stage: stage.name() })
                };
                let value = match kind {
                    RecordKind::Instrument => builder.instrument(i),
                    RecordKind::Article => builder.article(i),
                    RecordKind::Event => {
                        let mut event = builder.event(i);
                        let fault = event_faults.get(&i).copied().and_then(|code| Some((code, plants(code)?)));
                        if let Some((code, stage)) = fault {
                            let record = event.as_object_mut().expect("an object");
                            let field = match code {
                                "J102" => {
                                    record.insert("summry".into(), json!("A misspelt property."));
                                    "/summry"
                                }
                                "J101" => {
                                    record.remove("summary");
                                    ""
                                }
                                "J104" => {
                                    record.insert("kind".into(), json!("protests"));
                                    "/kind"
                                }
                                "J105" => {
                                    let title = format!("{} ", record["title"].as_str().unwrap_or_default());
                                    record.insert("title".into(), json!(title));
                                    "/title"
                                }
                                "R204" | "R205" => {
                                    let date = if code == "R204" { "1959-02-29" } else { "1960-06/1960-05" };
                                    record.insert("date".into(), json!(date));
                                    record.remove("date_phrase");
                                    "/date"
                                }
                                _ => unreachable!("an event fault"),
                            };
                            plant(code, format!("{at}{field}"), stage);
                        }
                        event
                    }
                    RecordKind::Actor => builder.actor(i),
                    RecordKind::Place => builder.place(i),
                    RecordKind::Figure => builder.figure(i),
                    RecordKind::Position => {
                        let fault = position_faults.get(&i).copied().and_then(|code| Some((code, plants(code)?)));
                        let position = builder.position(i, fault.map(|(code, _)| code));
                        if let Some((code, stage)) = fault {
                            let last = |key: &str| position[key].as_array().map_or(0, |a| a.len().saturating_sub(1));
                            let field = match code {
                                "R201" => "/id".to_string(),
                                "R202" => format!("/holders/{}", last("holders")),
                                "R203" => format!("/evidence/{}", last("evidence")),
                                _ => unreachable!("a position fault"),
                            };
                            plant(code, format!("{at}{field}"), stage);
                        }
                        position
                    }
                    RecordKind::Source => builder.source(i),
                };
                records.push(value);
            }
            write_file(file, Some((kind.collection(), records)), None);
        }
    }
    planted.sort();
    Ok(planted)
}

/// The planted faults as a JSON array (`faults.json`), one object per line.
pub fn planted_json(planted: &[Planted]) -> String {
    let mut out = String::from("[\n");
    for (i, p) in planted.iter().enumerate() {
        let line = json!({ "code": p.code, "stage": p.stage, "file": p.file, "pointer": p.pointer });
        out.push_str("  ");
        out.push_str(&line.to_string());
        out.push_str(if i + 1 < planted.len() { ",\n" } else { "\n" });
    }
    out.push_str("]\n");
    out
}

/// What [`write_dir`] wrote.
pub struct Written {
    pub files: usize,
    pub bytes: usize,
    pub planted: Vec<Planted>,
}

/// Generate into a directory: `out/data/*.json`, the schema they name at
/// `out/schema/dataset.schema.json`, and `out/faults.json` when faults are planted
/// (removed otherwise, so that it always describes the data beside it).
pub fn write_dir(config: &Config, out: &std::path::Path) -> Result<Written, String> {
    let data = out.join("data");
    let schema = out.join("schema");
    for dir in [&data, &schema] {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let schema_file = schema.join(anpo::schema::SCHEMA_FILE);
    std::fs::write(&schema_file, anpo::schema::SCHEMA_TEXT).map_err(|e| format!("{}: {e}", schema_file.display()))?;
    let (mut files, mut bytes, mut error) = (0, 0, None);
    let planted = generate(config, &mut |path, content| {
        files += 1;
        bytes += content.len();
        if let Err(e) = std::fs::write(out.join(path), &content) {
            error.get_or_insert(format!("{path}: {e}"));
        }
    })?;
    if let Some(error) = error {
        return Err(error);
    }
    let faults = out.join("faults.json");
    if planted.is_empty() {
        let _ = std::fs::remove_file(&faults);
    } else {
        std::fs::write(&faults, planted_json(&planted)).map_err(|e| format!("{}: {e}", faults.display()))?;
    }
    Ok(Written { files, bytes, planted })
}
