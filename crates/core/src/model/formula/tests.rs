use super::*;
use std::collections::HashMap;

/// Inputs from a table: (code, region, period, breakdown) → value.
struct Table(HashMap<(String, String, String, String), Value>);

impl Table {
    fn new(rows: &[(&str, &str, &str, &str, Value)]) -> Table {
        Table(
            rows.iter()
                .map(|(c, r, p, b, v)| {
                    (
                        ((*c).into(), (*r).into(), (*p).into(), (*b).into()),
                        v.clone(),
                    )
                })
                .collect(),
        )
    }
}

impl Inputs for Table {
    /// Region, period, breakdown.
    type At = (&'static str, &'static str, &'static str);

    /// Among every region of the table (the test's regions are one city's districts).
    fn standardised(&self, reference: &Reference, at: &Self::At) -> Option<Value> {
        let (_, period, breakdown) = *at;
        let values: Vec<f64> = self
            .0
            .iter()
            .filter(|((c, _, p, b), _)| *c == reference.code && p == period && b == breakdown)
            .filter_map(|(_, v)| match v {
                Value::Number { value, .. } => Some(*value),
                Value::Symbol(_) => None,
            })
            .collect();
        standardise(self.value(reference, at)?, &values)
    }

    fn value(&self, reference: &Reference, at: &Self::At) -> Option<Value> {
        let (region, period, breakdown) = *at;
        let period = if reference.previous {
            (period.parse::<i32>().ok()? - 1).to_string()
        } else {
            period.to_owned()
        };
        let breakdown = match &reference.breakdown {
            Breakdown::Same => breakdown.to_owned(),
            Breakdown::Total => String::new(),
            Breakdown::Member(key) => key.clone(),
            Breakdown::All(_) => return None,
        };
        self.0
            .get(&(reference.code.clone(), region.into(), period, breakdown))
            .cloned()
    }

    fn members(&self, reference: &Reference, at: &Self::At) -> Vec<Value> {
        let (region, period, _) = *at;
        let Breakdown::All(dimension) = &reference.breakdown else {
            return Vec::new();
        };
        let mut found: Vec<(&String, &Value)> = self
            .0
            .iter()
            .filter(|((c, r, p, b), _)| {
                *c == reference.code
                    && r == region
                    && p == period
                    && b.split_once('=').is_some_and(|(d, _)| d == dimension)
                    && !b.contains(';')
            })
            .map(|((.., b), v)| (b, v))
            .collect();
        found.sort_by(|a, b| a.0.cmp(b.0));
        found.into_iter().map(|(_, v)| v.clone()).collect()
    }
}

fn n(value: f64) -> Value {
    Value::Number {
        value,
        provisional: false,
    }
}

fn p(value: f64) -> Value {
    Value::Number {
        value,
        provisional: true,
    }
}

fn at(formula: &str, table: &Table, breakdown: &'static str) -> Option<Value> {
    Formula::parse(formula)
        .unwrap()
        .eval(table, &("01", "2024", breakdown))
}

#[test]
fn a_rate_from_a_count_and_a_total() {
    crate::i18n::set_thread_lang(crate::i18n::Lang::En);
    let table = Table::new(&[
        ("KITA_U3", "01", "2024", "", n(300.0)),
        ("BEV_U3", "01", "2024", "", n(1000.0)),
        ("BEV_U3", "01", "2024", "GES=W", n(490.0)),
    ]);
    assert_eq!(
        at("100 * [KITA_U3] / [BEV_U3; total]", &table, ""),
        Some(n(30.0))
    );
    assert_eq!(
        at("[BEV_U3; GES=W] / [BEV_U3; total] * 100", &table, ""),
        Some(n(49.0))
    );
    assert_eq!(at("-(2 + 3) * 2 - 1", &table, ""), Some(n(-11.0)));
    assert_eq!(at("10 / 4 / 5", &table, ""), Some(n(0.5)), "left to right");
}

/// An imported table's title is often its code, spaces and all; members too have spaces.
#[test]
fn codes_and_members_may_hold_spaces() {
    let code = "Absolvierende/Abgehende allgemeinbildender Schulen nach dem Abschluss";
    let table = Table::new(&[
        (
            code,
            "01",
            "2024",
            "Abschlussarten=ohne Hauptschulabschluss",
            n(12.0),
        ),
        (code, "01", "2024", "", n(240.0)),
    ]);
    assert_eq!(
        at(
            &format!("100 * [{code}; Abschlussarten=ohne Hauptschulabschluss] / [ {code} ; total]"),
            &table,
            ""
        ),
        Some(n(5.0))
    );
    let empty = Formula::parse("[ ; total]").unwrap_err();
    assert_eq!(empty.position, 1);
}

#[test]
fn sums_previous_periods_and_provisional_values() {
    let table = Table::new(&[
        ("A", "01", "2024", "ALT=U3", n(10.0)),
        ("A", "01", "2024", "ALT=3B6", p(20.0)),
        ("A", "01", "2024", "ALT=3B6;GES=W", n(99.0)),
        ("A", "01", "2024", "", n(30.0)),
        ("A", "01", "2023", "", n(25.0)),
    ]);
    assert_eq!(at("sum([A; ALT=*])", &table, ""), Some(p(30.0)));
    assert_eq!(at("[A] - [A; previous]", &table, ""), Some(n(5.0)));
    assert_eq!(at("[A; previous; total]", &table, "ALT=U3"), Some(n(25.0)));
    assert_eq!(
        at("sum([A; GES=*])", &table, ""),
        None,
        "no member: no value"
    );
}

#[test]
fn symbols_are_carried_through_by_the_written_rule() {
    let sym = |s: &'static str| Value::Symbol(s);
    let cases: [(Value, Value, &str, Option<Value>); 9] = [
        (sym("."), n(2.0), "[A] + [B]", Some(sym("."))),
        (sym("x"), sym("."), "[A] + [B]", Some(sym("."))),
        (sym("/"), sym("x"), "[A] * [B]", Some(sym("x"))),
        (sym("..."), sym("/"), "[A] - [B]", Some(sym("/"))),
        (
            Value::of(None, Some("-"), None),
            n(4.0),
            "[A] + [B]",
            Some(n(4.0)),
        ),
        (
            n(1.0),
            Value::of(None, Some("-"), None),
            "[A] / [B]",
            Some(sym("x")),
        ),
        (p(1.0), n(4.0), "[A] / [B]", Some(p(0.25))),
        (
            Value::of(None, Some("e"), None),
            n(1.0),
            "[A] + [B]",
            Some(sym("...")),
        ),
        (
            Value::of(Some(3.0), None, Some("p")),
            n(1.0),
            "[A] + [B]",
            Some(p(4.0)),
        ),
    ];
    for (a, b, formula, expected) in cases {
        let table = Table::new(&[
            ("A", "01", "2024", "", a.clone()),
            ("B", "01", "2024", "", b.clone()),
        ]);
        assert_eq!(at(formula, &table, ""), expected, "{a:?} {formula} {b:?}");
    }
    // No input, no result: never a number where an input had none.
    let table = Table::new(&[("A", "01", "2024", "", n(1.0))]);
    assert_eq!(at("[A] + [B]", &table, ""), None);
    assert_eq!(at("[A] * 0 + [B]", &table, ""), None);
}

#[test]
fn errors_say_what_and_where() {
    crate::i18n::set_thread_lang(crate::i18n::Lang::En);
    let error = |text: &str| Formula::parse(text).unwrap_err();
    assert_eq!(error("100 * ").position, 6);
    assert_eq!(error("([A] + 1").position, 8);
    assert_eq!(error("[A] [B]").position, 4);
    assert_eq!(error("2 + [A; ALT=*]").position, 4);
    assert_eq!(error("sum([A])").position, 4);
    assert_eq!(error("[A; weird]").position, 0);
    assert_eq!(error("[A").position, 0);
    assert_eq!(error("avg([A; X=*])").position, 0);
    assert!(
        error("100 * ").to_string().starts_with("Character 7: "),
        "{}",
        error("100 * ")
    );
    let formula = Formula::parse("100 * [KITA] / [BEV; total]").unwrap();
    assert_eq!(
        formula.check_codes(|c| c == "KITA").unwrap_err().position,
        15
    );
    assert_eq!(
        formula.codes().into_iter().collect::<Vec<_>>(),
        ["BEV", "KITA"]
    );
    assert_eq!(
        formula.driving_codes().into_iter().collect::<Vec<_>>(),
        ["KITA"]
    );
}

#[test]
fn a_formula_that_would_read_itself_is_refused_with_the_loop() {
    crate::i18n::set_thread_lang(crate::i18n::Lang::En);
    let indicator = |code: &str, formula: &str| crate::model::Indicator {
        uuid: crate::model::new_uuid(),
        code: code.to_owned(),
        name: code.to_owned(),
        definition: String::new(),
        unit: String::new(),
        decimals: 1,
        polarity: crate::model::Polarity::Neutral,
        band_low: None,
        band_high: None,
        source: String::new(),
        update_frequency: crate::model::UpdateFrequency::Yearly,
        baseline_period: None,
        baseline_value: None,
        formula: formula.to_owned(),
        counts: false,
    };
    let project = [
        indicator("KITA", ""),
        indicator("A", "[KITA] + 1"),
        indicator("B", "[A] * 2"),
    ];
    assert!(check_in(&project, "C", "[B] + [A]").is_ok());
    let error = check_in(&project, "A", "[B] / 2").unwrap_err();
    assert_eq!(error.position, 0);
    assert!(error.message.contains("A → B → A"), "{}", error.message);
    let error = check_in(&project, "A", "1 + [A]").unwrap_err();
    assert_eq!(error.position, 4);
    assert!(error.message.contains("A → A"), "{}", error.message);
    assert_eq!(check_in(&project, "A", "[NOPE]").unwrap_err().position, 0);
}

#[test]
fn a_value_standardised_among_the_districts() {
    let table = Table(
        [("01", 10.0), ("02", 20.0), ("03", 30.0)]
            .into_iter()
            .map(|(r, v)| {
                (
                    (
                        "A".to_owned(),
                        r.to_owned(),
                        "2024".to_owned(),
                        String::new(),
                    ),
                    n(v),
                )
            })
            .collect(),
    );
    let z = |region: &'static str| {
        Formula::parse("z([A])")
            .unwrap()
            .eval(&table, &(region, "2024", ""))
    };
    assert_eq!(z("02"), Some(n(0.0)));
    assert_eq!(
        z("03"),
        Some(n(1.0)),
        "one standard deviation (10) above the mean"
    );
    assert_eq!(
        Formula::parse("(z([A]) - z([B])) / 2")
            .unwrap()
            .codes()
            .len(),
        2
    );
    assert_eq!(Formula::parse("z([A; ALT=*])").unwrap_err().position, 2);
}

/// Renaming an input rewrites only its references, the rest of the text as written.
#[test]
fn renaming_an_input_rewrites_its_references_only() {
    assert_eq!(
        Formula::rename(
            "100 * [KITA_U3] / [ KITA_U3 ; total] + sum([KITA_U3_X; ALT=*]) - z([KITA_U3;previous])",
            "KITA_U3",
            "Kita unter 3"
        )
        .as_deref(),
        Some(
            "100 * [Kita unter 3] / [ Kita unter 3 ; total] + sum([KITA_U3_X; ALT=*]) - z([Kita unter 3;previous])"
        )
    );
    // A formula that does not read it, or does not parse, is left alone.
    assert_eq!(Formula::rename("[A] + [B]", "C", "D"), None);
    assert_eq!(Formula::rename("[A] +", "A", "D"), None);
    // The rewritten formula reads exactly what the old one read, under the new name.
    let old = "(([A]+[AB; total])*[A;X=y]) / -[AB; previous]";
    let new = Formula::rename(old, "AB", "Ä b").unwrap();
    let read = |text: &str| -> Vec<(String, Breakdown, bool)> {
        Formula::parse(text)
            .unwrap()
            .references()
            .into_iter()
            .map(|r| (r.code.clone(), r.breakdown.clone(), r.previous))
            .collect()
    };
    let expected: Vec<_> = read(old)
        .into_iter()
        .map(|(code, b, p)| (if code == "AB" { "Ä b".into() } else { code }, b, p))
        .collect();
    assert_eq!(read(&new), expected);
}

/// A random formula of at most `depth` levels over `codes`, with the spacing and
/// qualifiers people write: references plain, with `total`, a member, `previous`, inside
/// `sum(…)` and `z(…)`; numbers; the four operations; parentheses.
fn random_formula(random: &mut crate::model::testing::Lcg, codes: &[&str], depth: u64) -> String {
    let space = |random: &mut crate::model::testing::Lcg| " ".repeat(random.below(2) as usize);
    if depth == 0 || random.below(3) == 0 {
        if random.below(4) == 0 {
            return format!("{}", random.below(1000));
        }
        let code = codes[random.below(codes.len() as u64) as usize];
        let (a, b) = (space(random), space(random));
        return match random.below(6) {
            0 => format!("[{a}{code}{b}]"),
            1 => format!("[{a}{code}{b};{a}total]"),
            2 => format!("[{code}; ALT=U3{b}]"),
            3 => format!("[{code};{a}previous]"),
            4 => format!("sum([{a}{code}; ALT=*])"),
            _ => format!("z([{code}{b}])"),
        };
    }
    let left = random_formula(random, codes, depth - 1);
    let right = random_formula(random, codes, depth - 1);
    let op = ["+", "-", "*", "/"][random.below(4) as usize];
    let (a, b) = (space(random), space(random));
    if random.below(3) == 0 {
        format!("({left}{a}{op}{b}{right})")
    } else {
        format!("{left}{a}{op}{b}{right}")
    }
}

/// 3,000 random formulas, smallest first (the first to fail is among the smallest), each
/// with one of its codes renamed: the new text reads exactly what the old one read, the
/// renamed code under its new name — codes that contain each other, hold spaces or a colon
/// included.
#[test]
fn renaming_holds_for_random_formulas() {
    let codes = ["A", "AB", "A B", "Kita U3", "12411:BEVSTD", "X_1"];
    let names = ["NEU", "A", "Neu Code", "B:2", "AB C"];
    let mut random = crate::model::testing::Lcg(41);
    for case in 0..3000_u64 {
        let text = random_formula(&mut random, &codes, case / 600);
        let formula = Formula::parse(&text).unwrap_or_else(|e| panic!("case {case}: {text}: {e}"));
        let from = codes[random.below(codes.len() as u64) as usize];
        let to = names[random.below(names.len() as u64) as usize];
        let renamed = Formula::rename(&text, from, to);
        let read = |formula: &Formula| -> Vec<(String, Breakdown, bool)> {
            formula
                .references()
                .into_iter()
                .map(|r| (r.code.clone(), r.breakdown.clone(), r.previous))
                .collect()
        };
        let before = read(&formula);
        if !before.iter().any(|(code, ..)| code == from) {
            assert_eq!(renamed, None, "case {case}: {text} does not read {from}");
            continue;
        }
        let renamed = renamed.unwrap_or_else(|| panic!("case {case}: {text}"));
        let expected: Vec<_> = before
            .into_iter()
            .map(|(code, b, p)| (if code == from { to.to_owned() } else { code }, b, p))
            .collect();
        let after = Formula::parse(&renamed)
            .unwrap_or_else(|e| panic!("case {case}: {text} → {renamed}: {e}"));
        assert_eq!(read(&after), expected, "case {case}: {text} → {renamed}");
        // Outside the references, the text is as written.
        let outside = |text: &str| -> String {
            let mut depth = 0;
            text.chars()
                .filter(|c| {
                    match c {
                        '[' => depth += 1,
                        ']' => depth -= 1,
                        _ => return depth == 0,
                    }
                    false
                })
                .collect()
        };
        assert_eq!(outside(&renamed), outside(&text), "case {case}");
    }
}

/// A formula nested or chained beyond `parse::MAX_DEPTH` (200) is refused where it gets
/// too deep — never a stack overflow, however deep the text (a file crafted with 100,000
/// levels) — and one a planner writes is read as before.
#[test]
fn depth_is_limited_while_parsing() {
    for text in [
        format!("{}1{}", "(".repeat(100_000), ")".repeat(100_000)),
        format!("{}1", "-".repeat(100_000)),
        vec!["1"; 100_000].join(" + "),
        vec!["[A]"; 100_000].join(" * "),
    ] {
        let error = Formula::parse(&text).expect_err("too deep");
        assert!(error.message.contains("200"), "{}", error.message);
    }
    let fine = format!("{}[A]{}", "(".repeat(60), ")".repeat(60));
    assert!(Formula::parse(&fine).is_ok());
    assert!(Formula::parse(&vec!["z([A])"; 150].join(" + ")).is_ok());
}
