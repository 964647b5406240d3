//! The layers of both crates, read from the sources: no top-level module uses one that
//! stands above it in `docs/ARCHITECTURE.md`'s order, so no two modules can form a circle;
//! and inside every module, no two of its files (or folders) use each other, directly or
//! through others.
//!
//! The sources are read as Rust tokens, comments and strings left out: whole `use` items
//! (groups over many lines), paths written in code (`crate::store::x(…)`), and `super::`
//! counted from the module each file is, so `super::` and `crate::` references count alike.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The top-level modules of one crate, lowest first, as `docs/ARCHITECTURE.md` lists them
/// under the heading that names `crate_dir`.
fn documented_order(crate_dir: &str) -> Vec<String> {
    let doc = std::fs::read_to_string(root().join("docs/ARCHITECTURE.md")).unwrap();
    let mut order = Vec::new();
    let mut inside = false;
    for line in doc.lines() {
        if line.starts_with('#') {
            inside = line.starts_with("### ") && line.contains(&format!("`{crate_dir}`"));
            continue;
        }
        if !inside {
            continue;
        }
        // "1. `name` — purpose"
        let Some((number, rest)) = line.split_once(". `") else {
            continue;
        };
        if number.trim().parse::<u32>().is_err() {
            continue;
        }
        let Some((name, _)) = rest.split_once('`') else {
            continue;
        };
        order.push(name.to_owned());
    }
    assert!(
        !order.is_empty(),
        "docs/ARCHITECTURE.md lists no modules under a heading naming `{crate_dir}`"
    );
    order
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The top-level modules `lib.rs` declares.
fn declared_modules(src: &Path) -> Vec<String> {
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    lib.lines()
        .filter_map(|line| line.trim().strip_prefix("pub mod "))
        .filter_map(|rest| rest.strip_suffix(';'))
        .map(str::to_owned)
        .collect()
}

/// A module's path from the crate root (`["store", "changelog"]`; the root is empty).
type ModulePath = Vec<String>;

/// One token of Rust source, comments left out.
#[derive(Clone, Debug, PartialEq)]
enum Token {
    /// A name or keyword (`crate`, `super`, `use`, `mod`; `$crate` reads as `crate`).
    Word(String),
    /// `::`.
    PathSep,
    /// A string literal's text (read for `#[path = "…"]`, never as code).
    Text(String),
    /// Any other character but white space.
    Punct(char),
}

/// The tokens of a source with the line each starts on. Comments (nested block comments
/// too), character literals and lifetimes are left out; string literals (raw ones too) are
/// one `Text` token each, so nothing inside a comment or a string reads as a path.
fn tokens(source: &str) -> Vec<(usize, Token)> {
    let chars: Vec<char> = source.chars().collect();
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    let mut found = Vec::new();
    let mut line = 1;
    let mut i = 0;
    // Moves past `chars[from..to]`, counting its lines.
    let skip = |from: usize, to: usize, line: &mut usize| {
        *line += chars[from..to.min(chars.len())]
            .iter()
            .filter(|c| **c == '\n')
            .count();
        to
    };
    while i < chars.len() {
        let c = chars[i];
        let start_line = line;
        if c == '/' && at(i + 1) == '/' {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && at(i + 1) == '*' {
            let mut depth = 0;
            let mut j = i;
            while j < chars.len() {
                if chars[j] == '/' && at(j + 1) == '*' {
                    depth += 1;
                    j += 2;
                } else if chars[j] == '*' && at(j + 1) == '/' {
                    depth -= 1;
                    j += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    j += 1;
                }
            }
            i = skip(i, j, &mut line);
        } else if c == '"' || ((c == 'r' || c == 'b') && starts_raw_or_byte_string(&chars, i)) {
            let (text, end) = string_literal(&chars, i);
            i = skip(i, end, &mut line);
            found.push((start_line, Token::Text(text)));
        } else if c == '\'' {
            // A character literal ('x', '\n', '\u{…}') or a lifetime ('a, 'static).
            if at(i + 1) == '\\' {
                let mut j = i + 3;
                while j < chars.len() && chars[j] != '\'' {
                    j += 1;
                }
                i = j + 1;
            } else if at(i + 2) == '\'' {
                i += 3;
            } else {
                i += 1;
                while at(i).is_alphanumeric() || at(i) == '_' {
                    i += 1;
                }
            }
        } else if c.is_alphanumeric() || c == '_' || (c == '$' && at(i + 1).is_alphabetic()) {
            let from = if c == '$' { i + 1 } else { i };
            let mut j = from;
            while at(j).is_alphanumeric() || at(j) == '_' {
                j += 1;
            }
            let mut word: String = chars[from..j].iter().collect();
            if word == "r" && at(j) == '#' && (at(j + 1).is_alphabetic() || at(j + 1) == '_') {
                // A raw identifier, r#type.
                let mut k = j + 1;
                while at(k).is_alphanumeric() || at(k) == '_' {
                    k += 1;
                }
                word = chars[j + 1..k].iter().collect();
                j = k;
            }
            found.push((start_line, Token::Word(word)));
            i = j;
        } else if c == ':' && at(i + 1) == ':' {
            found.push((start_line, Token::PathSep));
            i += 2;
        } else {
            if c == '\n' {
                line += 1;
            } else if !c.is_whitespace() {
                found.push((start_line, Token::Punct(c)));
            }
            i += 1;
        }
    }
    found
}

/// Whether `r"…"`, `r#"…"#`, `b"…"` or `br"…"` starts at `i` (a byte character `b'x'`
/// reads as a character literal after the word `b`).
fn starts_raw_or_byte_string(chars: &[char], i: usize) -> bool {
    if i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_') {
        return false;
    }
    let mut j = i;
    if chars.get(j) == Some(&'b') {
        j += 1;
    }
    if chars.get(j) == Some(&'r') {
        j += 1;
        while chars.get(j) == Some(&'#') {
            j += 1;
        }
    }
    j > i && chars.get(j) == Some(&'"')
}

/// The text of the string literal starting at `i` and the index after it.
fn string_literal(chars: &[char], i: usize) -> (String, usize) {
    let mut j = i;
    let mut raw = false;
    if chars[j] == 'b' {
        j += 1;
    }
    if chars[j] == 'r' {
        raw = true;
        j += 1;
    }
    let mut hashes = 0;
    while chars[j] == '#' {
        hashes += 1;
        j += 1;
    }
    j += 1; // The opening quote.
    let start = j;
    while j < chars.len() {
        if !raw && chars[j] == '\\' {
            j += 2;
            continue;
        }
        if chars[j] == '"' && (0..hashes).all(|h| chars.get(j + 1 + h) == Some(&'#')) {
            let text = chars[start..j].iter().collect();
            return (text, j + 1 + hashes);
        }
        j += 1;
    }
    (chars[start..].iter().collect(), chars.len())
}

/// A path a source names, as written: `use` trees are spread out into one path per leaf
/// (`use crate::{a::b, c::{d, e}}` names `crate::a::b`, `crate::c::d` and `crate::c::e`;
/// `self` in a group names the group's own path).
#[derive(Clone, Debug, PartialEq)]
struct WrittenPath {
    /// The line the path (or its `use` item) starts on.
    line: usize,
    /// The inline modules (`mod tests { … }`) the path stands in, outermost first.
    inside: Vec<String>,
    /// The path's segments as written (`["super", "super", "foo", "bar"]`).
    segments: Vec<String>,
    /// For a path of a `use` item, the name it brings into scope (`b` for `a::b`, `c` for
    /// `a::b as c`, `*` for a glob); `None` for a path written in code.
    binds: Option<String>,
}

/// Every path of two or more segments a source names in code (in `use` items, expressions,
/// types and patterns), and every path a `use` group spreads out to; a visibility such as
/// `pub(in crate::copies)` is no reference and is left out.
fn written_paths(source: &str) -> Vec<WrittenPath> {
    let tokens = tokens(source);
    let mut paths = Vec::new();
    // The inline modules open at this point, with the brace depth each was opened at.
    let mut inside: Vec<(String, usize)> = Vec::new();
    let mut depth = 0;
    let mut i = 0;
    while i < tokens.len() {
        let word = |k: usize| match tokens.get(k) {
            Some((_, Token::Word(w))) => Some(w.as_str()),
            _ => None,
        };
        let (line, token) = &tokens[i];
        match token {
            Token::Punct('{') => {
                if i >= 2 && word(i - 2) == Some("mod") {
                    let name = word(i - 1).unwrap_or_default().to_owned();
                    inside.push((name, depth));
                }
                depth += 1;
                i += 1;
                continue;
            }
            Token::Punct('}') => {
                depth -= 1;
                if inside.last().is_some_and(|(_, at)| *at == depth) {
                    inside.pop();
                }
                i += 1;
                continue;
            }
            _ => {}
        }
        let after_path_sep = i > 0 && tokens[i - 1].1 == Token::PathSep;
        let visibility = i >= 2
            && word(i - 1) == Some("in")
            && tokens[i - 2].1 == Token::Punct('(')
            && word(i.wrapping_sub(3)) == Some("pub");
        let group_after_use =
            word(i) == Some("use") && matches!(tokens.get(i + 1), Some((_, Token::Punct('{'))));
        let starts_path = matches!(token, Token::Word(_))
            && !after_path_sep
            && tokens.get(i + 1).map(|(_, t)| t) == Some(&Token::PathSep);
        if group_after_use {
            let mut leaves = Vec::new();
            let end = use_tree(&tokens, i + 1, Vec::new(), &mut leaves);
            push_paths(&mut paths, *line, &inside, leaves, true);
            i = end;
        } else if starts_path && !visibility {
            let mut leaves = Vec::new();
            let end = use_tree(&tokens, i, Vec::new(), &mut leaves);
            let in_use = i > 0 && word(i - 1) == Some("use");
            push_paths(&mut paths, *line, &inside, leaves, in_use);
            i = end;
        } else {
            i += 1;
        }
    }
    paths
}

fn push_paths(
    paths: &mut Vec<WrittenPath>,
    line: usize,
    inside: &[(String, usize)],
    leaves: Vec<(Vec<String>, String)>,
    in_use: bool,
) {
    let inside: Vec<String> = inside.iter().map(|(name, _)| name.clone()).collect();
    paths.extend(
        leaves
            .into_iter()
            .filter(|(segments, _)| !segments.is_empty())
            .map(|(segments, binds)| WrittenPath {
                line,
                inside: inside.clone(),
                segments,
                binds: in_use.then_some(binds),
            }),
    );
}

/// Reads the path (or `use` tree) starting at token `i` below `prefix`, adding each leaf's
/// full path to `leaves` with the name it would bring into scope; returns the index after it. Braces nest (`a::{b, c::{d, e}}`), a
/// `self` leaf is the group's own path, `*` and `as name` end a leaf.
fn use_tree(
    tokens: &[(usize, Token)],
    mut i: usize,
    mut prefix: Vec<String>,
    leaves: &mut Vec<(Vec<String>, String)>,
) -> usize {
    loop {
        match tokens.get(i).map(|(_, t)| t) {
            Some(Token::Punct('{')) => {
                i += 1;
                loop {
                    match tokens.get(i).map(|(_, t)| t) {
                        Some(Token::Punct('}')) => return i + 1,
                        Some(Token::Punct(',')) => i += 1,
                        None => return i,
                        Some(_) => {
                            let before = i;
                            i = use_tree(tokens, i, prefix.clone(), leaves);
                            if i == before {
                                i += 1; // Something no tree starts with: stepped over.
                            }
                        }
                    }
                }
            }
            Some(Token::Word(word)) => {
                if word != "self" || prefix.is_empty() {
                    prefix.push(word.clone());
                }
                i += 1;
                if tokens.get(i).map(|(_, t)| t) == Some(&Token::PathSep) {
                    i += 1;
                    continue;
                }
                let mut binds = prefix.last().cloned().unwrap_or_default();
                if matches!(tokens.get(i), Some((_, Token::Word(w))) if w == "as") {
                    if let Some((_, Token::Word(alias))) = tokens.get(i + 1) {
                        binds.clone_from(alias);
                    }
                    i += 2;
                }
                leaves.push((prefix, binds));
                return i;
            }
            Some(Token::Punct('*')) => {
                leaves.push((prefix, "*".to_owned()));
                return i + 1;
            }
            // `Vec::<u8>` and the like: the path ends before its generic arguments.
            _ => {
                let binds = prefix.last().cloned().unwrap_or_default();
                leaves.push((prefix, binds));
                return i;
            }
        }
    }
}

/// The modules of one crate: each file's module and the inline modules, from `lib.rs` down
/// through its `mod` declarations (`#[path = "…"]` followed), so that a file no `mod`
/// declares is no module, and `main.rs` (another crate root) none of this crate's.
struct Crate {
    /// Each file with its module's path.
    files: Vec<(PathBuf, ModulePath)>,
    /// Every module's path: files' and inline ones (`mod tests { … }`).
    modules: std::collections::BTreeSet<ModulePath>,
}

fn read_crate(src: &Path) -> Crate {
    let mut files = Vec::new();
    let mut modules = std::collections::BTreeSet::new();
    let mut stack = vec![(src.join("lib.rs"), ModulePath::new())];
    while let Some((file, module)) = stack.pop() {
        let source =
            std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let tokens = tokens(&source);
        // Where a child's file is: beside a crate root or `mod.rs`, below a `name.rs`.
        let dir = file.parent().unwrap().to_path_buf();
        let stem = file.file_stem().unwrap().to_string_lossy().into_owned();
        let child_dir = if ["lib", "main", "mod"].contains(&stem.as_str()) {
            dir.clone()
        } else {
            dir.join(&stem)
        };
        let mut path_attribute: Option<String> = None;
        let mut inside: Vec<(String, usize)> = Vec::new();
        let mut depth = 0;
        for (k, (_, token)) in tokens.iter().enumerate() {
            let word = |k: usize| match tokens.get(k) {
                Some((_, Token::Word(w))) => Some(w.as_str()),
                _ => None,
            };
            match token {
                Token::Word(w) if w == "path" && k >= 2 => {
                    if tokens[k - 1].1 == Token::Punct('[')
                        && tokens[k - 2].1 == Token::Punct('#')
                        && let Some((_, Token::Text(text))) = tokens.get(k + 2)
                    {
                        path_attribute = Some(text.clone());
                    }
                }
                Token::Word(w) if w == "mod" => {
                    let Some(name) = word(k + 1) else { continue };
                    let mut child = module.clone();
                    child.extend(inside.iter().map(|(n, _)| n.clone()));
                    child.push(name.to_owned());
                    match tokens.get(k + 2).map(|(_, t)| t) {
                        Some(Token::Punct(';')) if inside.is_empty() => {
                            let child_file = match path_attribute.take() {
                                Some(path) => dir.join(path),
                                None if child_dir.join(format!("{name}.rs")).exists() => {
                                    child_dir.join(format!("{name}.rs"))
                                }
                                None => child_dir.join(name).join("mod.rs"),
                            };
                            stack.push((child_file, child.clone()));
                            modules.insert(child);
                        }
                        Some(Token::Punct('{')) => {
                            modules.insert(child);
                        }
                        _ => {}
                    }
                }
                Token::Punct('{') => {
                    if k >= 2 && word(k - 2) == Some("mod") {
                        inside.push((word(k - 1).unwrap_or_default().to_owned(), depth));
                    }
                    depth += 1;
                    path_attribute = None;
                }
                Token::Punct('}') => {
                    depth -= 1;
                    if inside.last().is_some_and(|(_, at)| *at == depth) {
                        inside.pop();
                    }
                    path_attribute = None;
                }
                Token::Punct(';') => path_attribute = None,
                _ => {}
            }
        }
        modules.insert(module.clone());
        files.push((file, module));
    }
    files.sort();
    Crate { files, modules }
}

/// Where a path written in module `at` leads, from the crate root: `crate::` from the root,
/// each leading `super::` one module up, `self::` and a child module's name from `at`.
/// `None` for what is not this crate's (another crate, a prelude name, a local item or a
/// name a `use` brought in — that `use` is read itself).
fn resolve(
    at: &[String],
    segments: &[String],
    modules: &std::collections::BTreeSet<ModulePath>,
) -> Option<ModulePath> {
    let mut base: ModulePath = at.to_vec();
    let mut rest = segments;
    match segments.first()?.as_str() {
        "crate" => {
            base.clear();
            rest = &segments[1..];
        }
        "self" => rest = &segments[1..],
        "super" => {}
        first => {
            let mut child = base.clone();
            child.push(first.to_owned());
            if !modules.contains(&child) {
                return None;
            }
        }
    }
    while rest.first().is_some_and(|s| s == "super") {
        base.pop()?;
        rest = &rest[1..];
    }
    base.extend(rest.iter().cloned());
    Some(base)
}

/// The module a resolved path names or names an item of: its longest prefix that is a
/// module.
fn module_of(path: &[String], modules: &std::collections::BTreeSet<ModulePath>) -> ModulePath {
    (0..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|prefix| modules.contains(prefix))
        .unwrap_or_default()
}

/// One reference from a file to a module of its crate.
struct Reference {
    /// The file, relative to the repository.
    file: PathBuf,
    line: usize,
    /// The module the reference stands in (an inline `mod tests` included).
    from: ModulePath,
    /// The path it names, from the crate root.
    path: ModulePath,
    /// The module that path names or names an item of.
    to: ModulePath,
}

/// What each module's `use` items bring into scope (its own items are not listed): a name
/// with the path it stands for, from the crate root.
type Bindings = BTreeMap<ModulePath, BTreeMap<String, ModulePath>>;

/// Where a resolved path really leads: a name a module brings in with `use` (its root
/// file's re-exports above all: `super::Store` where `mod.rs` has `pub use open::Store`)
/// is followed to what it stands for, so that a use through a re-export counts as a use
/// of the file that defines the item.
fn through_uses(mut path: ModulePath, bindings: &Bindings, krate: &Crate) -> ModulePath {
    for _ in 0..8 {
        let module = module_of(&path, &krate.modules);
        let Some(name) = path.get(module.len()) else {
            break;
        };
        let Some(target) = bindings.get(&module).and_then(|b| b.get(name)) else {
            break;
        };
        let mut followed = target.clone();
        followed.extend(path[module.len() + 1..].iter().cloned());
        if followed == path {
            break;
        }
        path = followed;
    }
    path
}

/// Every reference of one crate's files to its own modules. With `follow_uses`, a name
/// taken through a `use` of another module (a re-export) counts as a use of where it is
/// defined ([`through_uses`]); without, as a use of the module named.
fn references(crate_dir: &str, follow_uses: bool) -> (Crate, Vec<Reference>) {
    let src = root().join(crate_dir).join("src");
    let krate = read_crate(&src);
    let mut written = Vec::new();
    let mut bindings = Bindings::new();
    for (file, module) in &krate.files {
        let source = std::fs::read_to_string(file).unwrap();
        for path in written_paths(&source) {
            let mut from = module.clone();
            from.extend(path.inside.iter().cloned());
            let Some(resolved) = resolve(&from, &path.segments, &krate.modules) else {
                continue;
            };
            if let Some(name) = path.binds.as_ref().filter(|name| *name != "*") {
                bindings
                    .entry(from.clone())
                    .or_default()
                    .insert(name.clone(), resolved.clone());
            }
            written.push((file, path.line, from, resolved));
        }
    }
    let found = written
        .into_iter()
        .map(|(file, line, from, path)| {
            let path = if follow_uses {
                through_uses(path, &bindings, &krate)
            } else {
                path
            };
            let to = module_of(&path, &krate.modules);
            Reference {
                file: file.strip_prefix(root()).unwrap_or(file).to_path_buf(),
                line,
                from,
                path,
                to,
            }
        })
        .collect();
    (krate, found)
}

/// Within one module, which of its children (files or folders) uses which: `a` uses `b`
/// when a file in `a` names `b` or something in it, through `crate::…` or `super::…`
/// alike. A module's root file (`mod.rs`, or `name.rs` beside the folder `name/`) stands
/// above its children and is no child, so its `mod`s and re-exports make no edges.
/// Keyed by module, then by (user, used) with the first place that says so.
type Uses = BTreeMap<ModulePath, BTreeMap<(String, String), (PathBuf, usize)>>;

fn uses_between_siblings(references: &[Reference]) -> Uses {
    let mut uses = Uses::new();
    for reference in references {
        let common = reference
            .from
            .iter()
            .zip(&reference.to)
            .take_while(|(a, b)| a == b)
            .count();
        let (Some(from_child), Some(to_child)) =
            (reference.from.get(common), reference.to.get(common))
        else {
            continue; // One stands inside the other.
        };
        uses.entry(reference.from[..common].to_vec())
            .or_default()
            .entry((from_child.clone(), to_child.clone()))
            .or_insert_with(|| (reference.file.clone(), reference.line));
    }
    uses
}

/// A circle among the children of one module, with the group of children it lies in.
#[derive(Debug, PartialEq)]
struct Circle {
    /// One shortest circle through the group, its first child again at the end
    /// (`["changelog", "derive", "changelog"]`).
    steps: Vec<String>,
    /// Every child that reaches the others and is reached by them, sorted.
    group: Vec<String>,
}

/// Everything reachable from `start` along `next`, by breadth, with the step that first
/// reached each.
fn reach<'a>(next: &BTreeMap<&'a str, Vec<&'a str>>, start: &'a str) -> BTreeMap<&'a str, &'a str> {
    let mut came_from: BTreeMap<&str, &str> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(node) = queue.pop_front() {
        for &to in next.get(node).into_iter().flatten() {
            if !came_from.contains_key(to) {
                came_from.insert(to, node);
                queue.push_back(to);
            }
        }
    }
    came_from
}

/// The circles among the children of one module: one for each group of children that
/// reach one another.
fn circles(edges: &BTreeMap<(String, String), (PathBuf, usize)>) -> Vec<Circle> {
    let mut next: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (a, b) in edges.keys() {
        next.entry(a).or_default().push(b);
    }
    let mut placed: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
    let mut found = Vec::new();
    for &start in next.keys() {
        if placed.contains(start) {
            continue;
        }
        let from_start = reach(&next, start);
        if !from_start.contains_key(start) {
            continue; // No way back: on no circle.
        }
        let group: Vec<String> = from_start
            .keys()
            .filter(|node| reach(&next, node).contains_key(start))
            .map(|node| (*node).to_owned())
            .collect();
        placed.extend(
            from_start
                .keys()
                .copied()
                .filter(|n| group.iter().any(|g| g == n)),
        );
        // The shortest way from `start` back to it, walked backwards.
        let mut steps = vec![start.to_owned()];
        let mut at = from_start[start];
        while at != start {
            steps.push(at.to_owned());
            at = from_start[at];
        }
        steps.push(start.to_owned());
        let last = steps.len() - 1;
        steps[1..last].reverse();
        found.push(Circle { steps, group });
    }
    found
}

/// The circles between files (or folders) inside each module of one crate, as lines: the
/// module, the circle, and where each step is written.
fn circles_inside_modules(crate_dir: &str, follow_uses: bool) -> Vec<String> {
    let (_, references) = references(crate_dir, follow_uses);
    let mut problems = Vec::new();
    for (module, edges) in uses_between_siblings(&references) {
        for circle in circles(&edges) {
            let places: Vec<String> = circle
                .steps
                .windows(2)
                .map(|step| {
                    let (file, line) = &edges[&(step[0].clone(), step[1].clone())];
                    format!("{} -> {}: {}:{line}", step[0], step[1], file.display())
                })
                .collect();
            let name = if module.is_empty() {
                format!("{crate_dir} (crate root)")
            } else {
                module.join("::")
            };
            let group = if circle.group.len() + 1 > circle.steps.len() {
                format!("; all of {} reach one another", circle.group.join(", "))
            } else {
                String::new()
            };
            problems.push(format!(
                "{name}: {} ({}{group})",
                circle.steps.join(" -> "),
                places.join("; ")
            ));
        }
    }
    problems
}

/// Checks one crate; returns the violations as lines.
fn violations(crate_dir: &str) -> Vec<String> {
    let src = root().join(crate_dir).join("src");
    let order = documented_order(crate_dir);
    let declared = declared_modules(&src);
    let mut problems = Vec::new();
    for module in &declared {
        if !order.contains(module) {
            problems.push(format!(
                "{crate_dir}: module `{module}` is not in docs/ARCHITECTURE.md's order"
            ));
        }
    }
    for module in &order {
        if !declared.contains(module) {
            problems.push(format!(
                "{crate_dir}: docs/ARCHITECTURE.md lists `{module}`, which lib.rs does not declare"
            ));
        }
    }
    let rank: BTreeMap<&str, usize> = order
        .iter()
        .enumerate()
        .map(|(i, m)| (m.as_str(), i))
        .collect();
    let (_, references) = references(crate_dir, false);
    for reference in references {
        let Some(&position) = reference.from.first().and_then(|m| rank.get(m.as_str())) else {
            continue; // lib.rs itself.
        };
        let name = match (reference.to.first(), reference.path.first()) {
            (Some(module), _) => module.as_str(),
            // `crate::t!` is the catalogue's macro.
            (None, Some(macro_name)) if macro_name == "t" => "i18n",
            _ => continue, // An item of lib.rs itself.
        };
        let Some(&used) = rank.get(name) else {
            continue;
        };
        if used > position {
            problems.push(format!(
                "{}:{}: `{}` uses `{name}`, which stands above it",
                reference.file.display(),
                reference.line,
                reference.from[0]
            ));
        }
    }
    problems
}

#[test]
fn the_core_crate_is_layered() {
    let problems = violations("crates/core");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_window_crate_is_layered() {
    let problems = violations(".");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// No two files (or folders) inside one module use each other, directly or through others:
/// what both need goes down into a file of its own.
#[test]
fn the_core_crate_has_no_circle_inside_a_module() {
    let problems = circles_inside_modules("crates/core", false);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_window_crate_has_no_circle_inside_a_module() {
    let problems = circles_inside_modules(".", false);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The same, seeing through re-exports: `super::Store` where `mod.rs` has
/// `pub use open::Store` is a use of `open`. Stricter than the rule the rooms keep today
/// (a root's re-exports stand between its files), so not yet run by default:
/// `cargo test --test integration circle_even_through -- --ignored` lists what it finds.
#[test]
#[ignore = "what a re-export hides: not yet a rule"]
fn no_circle_inside_a_module_even_through_re_exports() {
    let mut problems = circles_inside_modules("crates/core", true);
    problems.extend(circles_inside_modules(".", true));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The module walk reaches every Rust file of both crates (but the window's `main.rs`,
/// another crate's root): a file it missed would go unchecked.
#[test]
fn every_source_file_is_read() {
    for crate_dir in ["crates/core", "."] {
        let src = root().join(crate_dir).join("src");
        let read: Vec<PathBuf> = read_crate(&src).files.into_iter().map(|(f, _)| f).collect();
        let mut missed: Vec<PathBuf> = rust_files(vec![src.clone()])
            .into_iter()
            .filter(|file| !read.contains(file) && *file != src.join("main.rs"))
            .collect();
        missed.sort();
        assert!(missed.is_empty(), "{crate_dir}: not reached: {missed:?}");
    }
}

/// Every Rust file below the folders.
fn rust_files(mut stack: Vec<PathBuf>) -> Vec<PathBuf> {
    let mut files = Vec::new();
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for path in entries.map(|e| e.unwrap().path()) {
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files
}

#[test]
fn the_core_crate_has_no_window_dependency() {
    let manifest = std::fs::read_to_string(root().join("crates/core/Cargo.toml")).unwrap();
    let dependencies = manifest
        .split("[dependencies]")
        .nth(1)
        .unwrap()
        .split("\n[")
        .next()
        .unwrap();
    for name in ["egui", "eframe", "egui_plot", "egui_extras", "rfd", "clap"] {
        assert!(
            !dependencies
                .lines()
                .any(|line| line.trim_start().starts_with(&format!("{name} "))
                    || line.trim_start().starts_with(&format!("{name}."))
                    || line.trim_start().starts_with(&format!("{name}="))),
            "the core crate depends on {name}"
        );
    }
}

fn joined(paths: &[WrittenPath]) -> Vec<String> {
    paths.iter().map(|p| p.segments.join("::")).collect()
}

#[test]
fn the_reference_scan_reads_groups_and_paths() {
    let source = "use crate::{model::Goal, store::{self, Store}, t};\nlet x = crate::data::Data::default(); // crate::ui\nlernstadt_core::map::x();";
    assert_eq!(
        joined(&written_paths(source)),
        [
            "crate::model::Goal",
            "crate::store",
            "crate::store::Store",
            "crate::t",
            "crate::data::Data::default",
            "lernstadt_core::map::x",
        ]
    );
}

/// A `use` item over many lines, groups inside groups, globs and renames.
#[test]
fn the_reference_scan_reads_whole_use_items() {
    let source = "use crate::{\n    a::b,\n    c::{\n        d, e::{self as f, *},\n    },\n};\nuse super::{g, super::h::i};\nuse {crate::j, k::l};\npub use self::m::n as o;\nuse super :: p\n    :: q;";
    assert_eq!(
        joined(&written_paths(source)),
        [
            "crate::a::b",
            "crate::c::d",
            "crate::c::e",
            "crate::c::e",
            "super::g",
            "super::super::h::i",
            "crate::j",
            "k::l",
            "self::m::n",
            "super::p::q",
        ]
    );
    let lines: Vec<usize> = written_paths(source).iter().map(|p| p.line).collect();
    assert_eq!(lines, [1, 1, 1, 1, 7, 7, 8, 8, 9, 10]);
}

/// Paths in code, not in comments, strings or character literals; a visibility names no
/// module it uses.
#[test]
fn the_reference_scan_sees_code_only() {
    let source = r##"
        /* crate::a /* nested crate::b */ crate::c */
        /// [`crate::d`]
        let s = "crate::e \" crate::f";
        let r = r#"crate::g " crate::h"#;
        let quote = '"'; let x = crate::i::call(super::j::K, '\'', b'"');
        fn f<'a>(x: &'a str) -> Vec::<u8> { $crate::k::l!(x) }
        pub(in crate::m) fn n() {} pub(crate) fn o() { super::super::p(); }
        let t = crate::q::r
            ::s();
    "##;
    assert_eq!(
        joined(&written_paths(source)),
        [
            "crate::i::call",
            "super::j::K",
            "Vec",
            "crate::k::l",
            "super::super::p",
            "crate::q::r::s",
        ]
    );
}

/// A path knows the inline module it stands in, so `super::` in a file's `mod tests` is
/// the file itself.
#[test]
fn the_reference_scan_knows_inline_modules() {
    let source = "use super::a;\nmod tests {\n    use super::*;\n    mod deeper { fn f() { super::super::b::c(); } }\n    fn g() { crate::d::e(); }\n}\nfn h() { self::i::j(); }";
    let found: Vec<(Vec<String>, String)> = written_paths(source)
        .into_iter()
        .map(|p| (p.inside, p.segments.join("::")))
        .collect();
    let inside = |names: &[&str]| names.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>();
    assert_eq!(
        found,
        [
            (inside(&[]), "super::a".to_owned()),
            (inside(&["tests"]), "super".to_owned()),
            (
                inside(&["tests", "deeper"]),
                "super::super::b::c".to_owned()
            ),
            (inside(&["tests"]), "crate::d::e".to_owned()),
            (inside(&[]), "self::i::j".to_owned()),
        ]
    );
}

/// A `use` item says what name it brings into scope; a path in code brings in none.
#[test]
fn the_reference_scan_knows_what_a_use_brings_in() {
    let source =
        "use crate::a::{b, c as d, e::{self, *}};\npub use super::f;\nfn g() { crate::h::i(); }";
    let found: Vec<(String, Option<String>)> = written_paths(source)
        .into_iter()
        .map(|p| (p.segments.join("::"), p.binds))
        .collect();
    let row = |path: &str, binds: Option<&str>| (path.to_owned(), binds.map(str::to_owned));
    assert_eq!(
        found,
        [
            row("crate::a::b", Some("b")),
            row("crate::a::c", Some("d")),
            row("crate::a::e", Some("e")),
            row("crate::a::e", Some("*")),
            row("super::f", Some("f")),
            row("crate::h::i", None),
        ]
    );
}

/// Seen through re-exports, `store::Store` where `store/mod.rs` has `pub use open::Store`
/// is `store::open::Store`; a name no `use` brought in stays where it is.
#[test]
fn re_exports_are_followed_when_asked() {
    let krate = Crate {
        files: Vec::new(),
        modules: module_set(&["", "store", "store::open", "store::error"]),
    };
    let bindings: Bindings = [(
        path("store"),
        [
            ("Store".to_owned(), path("store::open::Store")),
            ("Result".to_owned(), path("store::error::Result")),
        ]
        .into_iter()
        .collect(),
    )]
    .into_iter()
    .collect();
    assert_eq!(
        through_uses(path("store::Store::open"), &bindings, &krate),
        path("store::open::Store::open")
    );
    assert_eq!(
        through_uses(path("store::SCHEMA_VERSION"), &bindings, &krate),
        path("store::SCHEMA_VERSION")
    );
}

fn module_set(paths: &[&str]) -> std::collections::BTreeSet<ModulePath> {
    paths
        .iter()
        .map(|p| {
            p.split("::")
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .collect()
}

fn path(text: &str) -> Vec<String> {
    text.split("::")
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// `super::` counts from the module a file is: a top-level file's `super::super::foo` in
/// `store/changelog/tx.rs` names `store::foo`; from a module's root file (`mod.rs`),
/// `super::` is the parent.
#[test]
fn paths_resolve_from_the_file_module() {
    let modules = module_set(&[
        "",
        "store",
        "store::foo",
        "store::changelog",
        "store::changelog::tx",
        "store::changelog::derive",
        "copies",
    ]);
    let tx = path("store::changelog::tx");
    let resolved = |at: &[String], written: &str| resolve(at, &path(written), &modules);
    assert_eq!(
        resolved(&tx, "super::super::foo::bar"),
        Some(path("store::foo::bar"))
    );
    assert_eq!(
        module_of(&path("store::foo::bar"), &modules),
        path("store::foo")
    );
    assert_eq!(
        resolved(&tx, "super::derive::x"),
        Some(path("store::changelog::derive::x"))
    );
    // From `store/changelog/mod.rs`, the module `store::changelog`.
    let changelog = path("store::changelog");
    assert_eq!(resolved(&changelog, "super::foo"), Some(path("store::foo")));
    assert_eq!(
        resolved(&changelog, "tx::Tx"),
        Some(path("store::changelog::tx::Tx"))
    );
    assert_eq!(
        resolved(&changelog, "self::tx"),
        Some(path("store::changelog::tx"))
    );
    assert_eq!(resolved(&tx, "crate::copies::x"), Some(path("copies::x")));
    assert_eq!(resolved(&tx, "std::path::Path"), None);
    assert_eq!(resolved(&tx, "rusqlite::Connection"), None);
    assert_eq!(module_of(&path("t"), &modules), path(""));
}

fn reference(from: &str, to: &str) -> Reference {
    Reference {
        file: PathBuf::from(format!("{}.rs", from.replace("::", "/"))),
        line: 1,
        from: path(from),
        path: path(to),
        to: path(to),
    }
}

/// Two children of a module use each other through `crate::` and `super::` alike; a
/// module's root file uses its children without a circle.
#[test]
fn uses_are_counted_between_siblings_only() {
    let uses = uses_between_siblings(&[
        reference("copies", "copies::merge"),
        reference("copies::merge", "copies::merge::pass"),
        reference("copies::merge::pass", "copies"),
        reference("copies::merge::pass", "copies::merge"),
        reference("copies::merge::pass", "copies::diff"),
        reference("copies::merge::pass", "copies::merge::values"),
        reference("copies::merge::pass::tests", "copies::merge::pass"),
        reference("copies::diff", "store"),
    ]);
    let listed: Vec<(String, String, String)> = uses
        .iter()
        .flat_map(|(module, edges)| {
            edges
                .keys()
                .map(|(a, b)| (module.join("::"), a.clone(), b.clone()))
        })
        .collect();
    let row = |m: &str, a: &str, b: &str| (m.to_owned(), a.to_owned(), b.to_owned());
    assert_eq!(
        listed,
        [
            row("", "copies", "store"),
            row("copies", "merge", "diff"),
            row("copies::merge", "pass", "values"),
        ]
    );
}

#[test]
fn circles_are_found_and_named() {
    let edges: BTreeMap<(String, String), (PathBuf, usize)> = [
        ("changelog", "derive"),
        ("derive", "indicators"),
        ("indicators", "changelog"),
        ("derive", "changelog"),
        ("indicators", "values"),
        ("error", "holder"),
        ("holder", "open"),
        ("open", "error"),
        ("values", "units"),
    ]
    .into_iter()
    .map(|(a, b)| ((a.to_owned(), b.to_owned()), (PathBuf::new(), 1)))
    .collect();
    let found = circles(&edges);
    let names = |list: &[&str]| list.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>();
    assert_eq!(
        found,
        [
            Circle {
                steps: names(&["changelog", "derive", "changelog"]),
                group: names(&["changelog", "derive", "indicators"]),
            },
            Circle {
                steps: names(&["error", "holder", "open", "error"]),
                group: names(&["error", "holder", "open"]),
            },
        ]
    );
}

/// The window's views and dialogs read the snapshot and push commands: no file under
/// `src/ui/` names the store (`lernstadt_core::store…` in a path, a `use` item or a group).
/// What a view needs that the store defines comes re-exported from `snapshot` or `command`.
#[test]
fn no_view_names_the_store() {
    let krate = read_crate(&root().join("src"));
    let mut problems = Vec::new();
    for (file, module) in &krate.files {
        if module.first().is_none_or(|m| m != "ui") {
            continue;
        }
        let source = std::fs::read_to_string(file).unwrap();
        for written in written_paths(&source) {
            if written.segments.len() >= 2
                && written.segments[0] == "lernstadt_core"
                && written.segments[1] == "store"
            {
                problems.push(format!(
                    "{}:{}: names {}",
                    file.strip_prefix(root()).unwrap_or(file).display(),
                    written.line,
                    written.segments.join("::")
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The items `lib.rs` defines (its functions, and the names its `use` items bring in), each
/// with the modules of the crate its code names. A module that names such an item reaches
/// those modules through it, which the layer test, counting only modules, does not see.
fn root_items(krate: &Crate, lib: &str) -> BTreeMap<String, Vec<ModulePath>> {
    // Each top-level function's name with the lines of its body.
    let mut functions: Vec<(String, usize, usize)> = Vec::new();
    let mut depth = 0;
    let tokens = tokens(lib);
    for (k, (line, token)) in tokens.iter().enumerate() {
        match token {
            Token::Word(w) if w == "fn" && depth == 0 => {
                if let Some((_, Token::Word(name))) = tokens.get(k + 1) {
                    functions.push((name.clone(), *line, usize::MAX));
                }
            }
            Token::Punct('{') => depth += 1,
            Token::Punct('}') => {
                depth -= 1;
                if depth == 0
                    && let Some(last) = functions.last_mut()
                    && last.2 == usize::MAX
                {
                    last.2 = *line;
                }
            }
            _ => {}
        }
    }
    let mut items: BTreeMap<String, Vec<ModulePath>> = BTreeMap::new();
    for written in written_paths(lib) {
        if !written.inside.is_empty() {
            continue; // `mod tests` and the like.
        }
        let Some(path) = resolve(&[], &written.segments, &krate.modules) else {
            continue;
        };
        let module = module_of(&path, &krate.modules);
        let item = functions
            .iter()
            .find(|(_, start, end)| (*start..=*end).contains(&written.line))
            .map_or_else(
                || written.segments.last().cloned().unwrap_or_default(),
                |(name, _, _)| name.clone(),
            );
        items.entry(item).or_default().push(module);
    }
    items
}

/// The store stands below the importer and reaches it neither directly nor through an item
/// of `lib.rs` that names it (`dynamic_keys` names the importer's roles and shapes for the
/// catalogue test).
#[test]
fn the_store_does_not_reach_the_importer() {
    let (krate, references) = references("crates/core", false);
    let lib = std::fs::read_to_string(root().join("crates/core/src/lib.rs")).unwrap();
    let is_import = |module: &ModulePath| module.first().is_some_and(|m| m == "import");
    let through_root: Vec<String> = root_items(&krate, &lib)
        .into_iter()
        .filter(|(_, modules)| modules.iter().any(is_import))
        .map(|(name, _)| name)
        .collect();
    let problems: Vec<String> = references
        .iter()
        .filter(|r| r.from.first().is_some_and(|m| m == "store"))
        .filter(|r| {
            is_import(&r.to)
                || (r.to.is_empty() && r.path.first().is_some_and(|n| through_root.contains(n)))
        })
        .map(|r| {
            format!(
                "{}:{}: names {}",
                r.file.display(),
                r.line,
                r.path.join("::")
            )
        })
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// `lib.rs`'s items are found with what their code names: a function's body, a re-export.
#[test]
fn root_items_name_what_their_code_uses() {
    let krate = Crate {
        files: Vec::new(),
        modules: module_set(&["", "import", "model", "store"]),
    };
    let lib = "pub mod import;\npub use store::Tx;\n\npub fn keys() -> Vec<String> {\n    let x = crate::model::A::ALL;\n    crate::import::sheet::Role::ALL.len();\n}\n\n#[cfg(test)]\nmod tests {\n    fn t() { crate::store::x(); }\n}\n";
    let items = root_items(&krate, lib);
    assert_eq!(items["keys"], [path("model"), path("import")]);
    assert_eq!(items["Tx"], [path("store")]);
    assert!(!items.contains_key("t"), "{items:?}");
}

/// The write path knows no feature (issue 32): `store/tx.rs` records what an action touched
/// and writes through the entity table, the data's own rules and the observations; what
/// follows from a change (formulas computed again, trees checked) is decided where the
/// action commits, never inside a write.
#[test]
fn the_write_path_knows_no_feature() {
    let (_, references) = references("crates/core", false);
    let allowed = |to: &ModulePath| match to.first().map(String::as_str) {
        None | Some("model" | "i18n") => true,
        Some("store") => {
            to.len() == 1 || matches!(to[1].as_str(), "entity" | "error" | "observations")
        }
        Some(_) => false,
    };
    let problems: Vec<String> = references
        .iter()
        .filter(|r| r.from.len() >= 2 && r.from[0] == "store" && r.from[1] == "tx")
        .filter(|r| !allowed(&r.to))
        .map(|r| {
            format!(
                "{}:{}: names {}",
                r.file.display(),
                r.line,
                r.path.join("::")
            )
        })
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
