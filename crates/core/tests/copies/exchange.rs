//! Exchanging copies: sharing without personal data, comparing, merging.

use std::path::{Path, PathBuf};

use lernstadt_core::model::Stakeholder;
use lernstadt_core::store::{ActionKind, OpenMode, Store};

use lernstadt_core::copies::share::ShareOptions;
use lernstadt_core::import::Options;

pub(crate) use crate::util::merge;
use crate::util::{self, Env, Merge, assert_no_sidecars};

pub(crate) fn open(path: &Path) -> Store {
    util::open(path)
}

pub(crate) fn stakeholders(path: &Path) -> Vec<Stakeholder> {
    let store = Store::open(
        path,
        OpenMode::ReadOnly,
        &lernstadt_core::store::Host::default(),
    )
    .unwrap();
    lernstadt_core::store::stakeholders::list(store.conn()).unwrap()
}

pub(crate) fn stakeholder(path: &Path, name: &str) -> Stakeholder {
    stakeholders(path)
        .into_iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("{name} not in {}", path.display()))
}

/// Changes one stakeholder in `path` as one edit.
pub(crate) fn edit(path: &Path, name: &str, change: impl FnOnce(&mut Stakeholder)) {
    let mut s = stakeholder(path, name);
    change(&mut s);
    save(path, &s);
}

pub(crate) fn measures(path: &Path) -> Vec<lernstadt_core::model::Measure> {
    lernstadt_core::store::measures::list(open(path).conn()).unwrap()
}

/// Deletes a stakeholder in `path` as one edit.
pub(crate) fn delete_stakeholder(path: &Path, gone: &Stakeholder) {
    let mut store = open(path);
    store
        .transact(ActionKind::Edit, "test delete", |tx| {
            tx.delete(
                lernstadt_core::model::meta::EntityKind::Stakeholder,
                &gone.uuid.to_string(),
            )
        })
        .unwrap();
    store.close().unwrap();
}

/// Writes an entity's new state to `path` as one edit.
pub(crate) fn save<T: lernstadt_core::store::entity::Entity>(path: &Path, entity: &T) {
    let mut store = open(path);
    store
        .transact(ActionKind::Edit, "test edit", |tx| {
            tx.update(entity).map(|_| ())
        })
        .unwrap();
    store.close().unwrap();
}

pub(crate) fn add(path: &Path, name: &str) {
    let s = Stakeholder {
        uuid: lernstadt_core::model::new_uuid(),
        name: name.into(),
        kind: lernstadt_core::model::StakeholderKind::CivilSociety,
        education_areas: vec![],
        description: String::new(),
        influence: 2,
        interest: 4,
        engagement: lernstadt_core::model::Engagement::Consult,
        tags: vec![],
        contact_person: String::new(),
        email: String::new(),
        phone: String::new(),
    };
    let mut store = open(path);
    store
        .transact(ActionKind::Edit, "test add", |tx| tx.insert(&s))
        .unwrap();
    store.close().unwrap();
}

/// The demo as "ours" and a copy of it as "theirs".
pub(crate) fn two_copies(env: &Env) -> (PathBuf, PathBuf) {
    let ours = env.demo();
    let theirs = env.path("theirs.lernstadt");
    std::fs::copy(&ours, &theirs).unwrap();
    (ours, theirs)
}

#[test]
fn a_copy_without_personal_data_holds_no_e_mail_address_anywhere() {
    let env = Env::new();
    let source = env.demo();
    // An edit of an e-mail address, so that the change log holds old and new addresses.
    edit(&source, "Jugendamt Musterstadt", |s| {
        s.email = "neu.jugendamt@musterstadt.example".into();
    });
    let secrets: Vec<String> = stakeholders(&source)
        .iter()
        .flat_map(|s| [s.email.clone(), s.phone.clone(), s.contact_person.clone()])
        .chain(["thomas.brandt@musterstadt.example".to_owned()])
        .filter(|v| !v.is_empty())
        .collect();
    assert!(secrets.len() > 40, "the demo has contact data");
    let before = std::fs::read(&source).unwrap();
    assert!(
        before
            .windows(secrets[0].len())
            .any(|w| w == secrets[0].as_bytes())
    );

    let copy = env.path("shared.lernstadt");
    let report = util::share_copy(
        &source,
        &copy,
        ShareOptions {
            without_personal_data: true,
            ..Default::default()
        },
    );
    let bytes = std::fs::read(&copy).unwrap();
    assert_eq!(report["bytes"].as_u64(), Some(bytes.len() as u64));
    for secret in &secrets {
        assert!(
            !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
            "{secret} is still in the copy"
        );
    }
    // The author's name is gone too, and the copy is a sound project.
    let author = util::AUTHOR;
    if author.len() > 3 {
        assert!(!bytes.windows(author.len()).any(|w| w == author.as_bytes()));
    }
    util::check(&copy);
    assert_no_sidecars(&copy);
    let leftovers: Vec<String> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("stage") || n.contains("clean") || n.ends_with("-journal"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // Everything else travelled.
    assert_eq!(stakeholders(&copy).len(), stakeholders(&source).len());
    assert!(stakeholders(&copy).iter().all(|s| s.email.is_empty()));
}

#[test]
fn stakeholders_added_on_both_sides_are_both_kept() {
    let env = Env::new();
    let (ours, theirs) = two_copies(&env);
    add(&ours, "Seniorenbeirat");
    add(&theirs, "Elternbeirat Nordstadt");
    let report = merge(&ours, &theirs, Merge::Apply);
    assert_eq!(report["applied"][0]["change"], "added");
    assert_eq!(report["kept"][0]["change"], "added");
    assert_eq!(report["conflicts"].as_array().unwrap().len(), 0);
    stakeholder(&ours, "Seniorenbeirat");
    stakeholder(&ours, "Elternbeirat Nordstadt");
    // Theirs is unchanged.
    assert!(
        stakeholders(&theirs)
            .iter()
            .all(|s| s.name != "Seniorenbeirat")
    );
}

#[test]
fn each_side_editing_a_different_field_merges_both() {
    let env = Env::new();
    let (ours, theirs) = two_copies(&env);
    edit(&ours, "Jugendamt Musterstadt", |s| s.influence = 2);
    edit(&theirs, "Jugendamt Musterstadt", |s| s.interest = 1);
    let report = merge(&ours, &theirs, Merge::Apply);
    let merged = stakeholder(&ours, "Jugendamt Musterstadt");
    assert_eq!((merged.influence, merged.interest), (2, 1));
    assert_eq!(report["applied"][0]["field"], "interest");
    assert_eq!(report["kept"][0]["field"], "influence");
    // Merging again changes nothing.
    let again = merge(&ours, &theirs, Merge::Apply);
    assert_eq!(again["applied"].as_array().unwrap().len(), 0);
}

#[test]
fn the_same_field_changed_on_both_sides_is_a_conflict_not_applied() {
    let env = Env::new();
    let (ours, theirs) = two_copies(&env);
    let base = stakeholder(&ours, "Jugendamt Musterstadt").interest;
    edit(&ours, "Jugendamt Musterstadt", |s| s.interest = 1);
    edit(&theirs, "Jugendamt Musterstadt", |s| s.interest = 2);
    // The window first shows what a merge would do (a dry run) and lets the user decide.
    let report = merge(&ours, &theirs, Merge::DryRun);
    let conflicts = report["conflicts"].as_array().unwrap();
    assert_eq!(conflicts.len(), 1);
    let conflict = &conflicts[0];
    assert_eq!(conflict["entity"]["name"], "Jugendamt Musterstadt");
    assert_eq!(conflict["field"], "interest");
    assert_eq!(conflict["base"], base);
    assert_eq!(conflict["ours"], 1);
    assert_eq!(conflict["theirs"], 2);
    assert_eq!(stakeholder(&ours, "Jugendamt Musterstadt").interest, 1);

    // Resolved for theirs, it is applied.
    let mut target = open(&ours);
    let other = Store::open(
        &theirs,
        OpenMode::ReadOnly,
        &lernstadt_core::store::Host::default(),
    )
    .unwrap();
    let mut options = lernstadt_core::copies::merge::MergeOptions::default();
    options.resolutions.insert(
        (
            "stakeholder".into(),
            conflict["entity"]["key"].as_str().unwrap().into(),
            "interest".into(),
        ),
        lernstadt_core::copies::merge::Side::Theirs,
    );
    let resolved = lernstadt_core::copies::merge::merge(&mut target, &other, &options).unwrap();
    assert!(resolved.conflicts.is_empty());
    target.close().unwrap();
    assert_eq!(stakeholder(&ours, "Jugendamt Musterstadt").interest, 2);
}

#[test]
fn a_merge_is_one_undo_step() {
    let env = Env::new();
    let (ours, theirs) = two_copies(&env);
    let before = stakeholders(&ours);
    edit(&theirs, "Goethe-Gymnasium", |s| {
        s.engagement = lernstadt_core::model::Engagement::Empower;
    });
    add(&theirs, "Elternbeirat Nordstadt");
    // Theirs imports data values too.
    util::import(
        &theirs,
        &util::fixture("sheet_wide_en.csv"),
        &Options::default(),
    );
    let dry = merge(&ours, &theirs, Merge::DryRun);
    assert_eq!(dry["dry_run"], true);
    assert_eq!(stakeholders(&ours), before, "a dry run changes nothing");
    let counted = |path: &Path| {
        let store = Store::open(
            path,
            OpenMode::ReadOnly,
            &lernstadt_core::store::Host::default(),
        )
        .unwrap();
        lernstadt_core::store::counts::counts(store.conn())
            .unwrap()
            .observations
    };
    let observations_before = counted(&ours);
    let report = merge(&ours, &theirs, Merge::Apply);
    assert!(report["observations_applied"].as_u64().unwrap() > 0);
    assert_eq!(counted(&ours), counted(&theirs));
    assert_eq!(stakeholders(&ours).len(), before.len() + 1);

    let mut store = open(&ours);
    let undone = store.undo().unwrap().unwrap();
    assert_eq!(undone.kind, ActionKind::Merge);
    store.close().unwrap();
    assert_eq!(stakeholders(&ours), before);
    assert_eq!(counted(&ours), observations_before);
    util::check(&ours);
}

#[test]
fn diff_lists_what_was_added_removed_and_changed() {
    let env = Env::new();
    let (ours, theirs) = two_copies(&env);
    add(&theirs, "Elternbeirat Nordstadt");
    edit(&theirs, "Jugendamt Musterstadt", |s| s.interest = 1);
    let json = util::diff(&ours, &theirs);
    assert_eq!(json["same_project"], true);
    assert_eq!(json["added"][0]["name"], "Elternbeirat Nordstadt");
    assert_eq!(json["changed"][0]["fields"][0]["field"], "interest");
    assert_eq!(json["changed"][0]["fields"][0]["b"], 1);
    let text = util::diff_text(&ours, &theirs);
    assert!(text.contains("Added in the second copy (1):"), "{text}");
    assert!(text.contains("Interest:"), "{text}");
}

/// A stakeholder list edited in a spreadsheet flows back by id, new rows need only a name,
/// and the edits are in the change log, so they merge like edits in the window.
#[test]
fn spreadsheet_edits_flow_through_to_a_merge() {
    let env = Env::new();
    let (ours, theirs) = two_copies(&env);
    let csv = env.path("stakeholders.csv");
    util::export(&theirs, "stakeholders", &csv, &util::ExportAs::default());
    let text = std::fs::read_to_string(&csv).unwrap();
    let header = text.lines().next().unwrap().to_owned();
    let columns = header.split(',').count();
    let edited: String = text
        .lines()
        .map(|line| {
            if line.contains(",Jugendamt Musterstadt,") {
                // id,name,kind,areas,description,influence,interest,…: set interest to 1.
                let mut record = csv::ReaderBuilder::new()
                    .has_headers(false)
                    .from_reader(line.as_bytes())
                    .records()
                    .next()
                    .unwrap()
                    .unwrap()
                    .iter()
                    .map(str::to_owned)
                    .collect::<Vec<_>>();
                record[6] = "1".into();
                let mut out = csv::Writer::from_writer(vec![]);
                out.write_record(&record).unwrap();
                String::from_utf8(out.into_inner().unwrap())
                    .unwrap()
                    .trim_end()
                    .to_owned()
            } else {
                line.to_owned()
            }
        })
        .chain([format!(
            ",Elternbeirat Nordstadt{}",
            ",".repeat(columns - 2)
        )])
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&csv, edited).unwrap();
    let report = util::import(&theirs, &csv, &util::entity_list("stakeholders"));
    assert_eq!(util::outcome(&report), (1, 1, 0));
    let added = stakeholder(&theirs, "Elternbeirat Nordstadt");
    assert_eq!((added.influence, added.interest), (3, 3), "defaults");

    let merged = merge(&ours, &theirs, Merge::Apply);
    assert_eq!(merged["applied"].as_array().unwrap().len(), 2, "{merged}");
    assert_eq!(stakeholder(&ours, "Jugendamt Musterstadt").interest, 1);
    stakeholder(&ours, "Elternbeirat Nordstadt");
}

pub(crate) fn delete(path: &Path, name: &str) {
    let key = stakeholder(path, name).uuid.to_string();
    let mut store = open(path);
    store
        .transact(ActionKind::Edit, "test delete", |tx| {
            tx.delete(lernstadt_core::model::meta::EntityKind::Stakeholder, &key)
        })
        .unwrap();
    store.close().unwrap();
}

/// Deletions and new entities that refer to each other come across; a deletion of what
/// the target changed is a conflict.
#[test]
fn deletions_and_linked_additions_merge() {
    let env = Env::new();
    let (ours, theirs) = two_copies(&env);
    edit(&ours, "Goethe-Gymnasium", |s| s.interest = 5);
    delete(&theirs, "Goethe-Gymnasium");
    delete(&theirs, "Musikschule Musterstadt");
    // A new working group with a new member, added in one action.
    let member = lernstadt_core::model::new_uuid();
    let group = lernstadt_core::model::WorkingGroup {
        uuid: lernstadt_core::model::new_uuid(),
        name: "AG Sprachbildung".into(),
        purpose: String::new(),
    };
    add(&theirs, "Sprachbrücke e. V.");
    let new_member = stakeholder(&theirs, "Sprachbrücke e. V.").uuid;
    let mut store = open(&theirs);
    store
        .transact(ActionKind::Edit, "group", |tx| {
            tx.insert(&lernstadt_core::model::WorkingGroupMember {
                uuid: member,
                working_group: group.uuid,
                stakeholder: new_member,
                role: "Sprecherin".into(),
            })?;
            tx.insert(&group)
        })
        .unwrap_err(); // The member before its group: refused inside one action…
    store
        .transact(ActionKind::Edit, "group", |tx| {
            tx.insert(&group)?;
            tx.insert(&lernstadt_core::model::WorkingGroupMember {
                uuid: member,
                working_group: group.uuid,
                stakeholder: new_member,
                role: "Sprecherin".into(),
            })
        })
        .unwrap();
    store.close().unwrap();

    let report = merge(&ours, &theirs, Merge::Apply);
    let conflicts = report["conflicts"].as_array().unwrap();
    assert_eq!(conflicts.len(), 1, "{report}");
    assert_eq!(conflicts[0]["entity"]["name"], "Goethe-Gymnasium");
    assert_eq!(conflicts[0]["field"], "(deleted)");
    stakeholder(&ours, "Goethe-Gymnasium");
    assert!(
        stakeholders(&ours)
            .iter()
            .all(|s| s.name != "Musikschule Musterstadt")
    );
    let store = Store::open(
        &ours,
        OpenMode::ReadOnly,
        &lernstadt_core::store::Host::default(),
    )
    .unwrap();
    let members: Vec<lernstadt_core::model::WorkingGroupMember> =
        lernstadt_core::store::entity::list(store.conn()).unwrap();
    assert!(
        members
            .iter()
            .any(|m| m.uuid == member && m.stakeholder == new_member)
    );
    drop(store);
    util::check(&ours);
}

/// A colleague's imports come across whole: the periods, breakdowns (with their labels) and
/// regions they created are brought with the values — a region under a parent the import
/// created later as well — so no value is a conflict, and both copies end the same.
#[test]
fn a_colleagues_imports_come_across_whole() {
    let env = Env::new();
    let (ours, theirs) = two_copies(&env);
    // A reporting date and an age breakdown the demo does not have, and a city listed
    // before the Kreis it lies in (its parent is created after it).
    for file in [
        "genesis_flat_new_references.csv",
        "genesis_flat_legacy.csv",
        "genesis_table_cp1252.csv",
    ] {
        util::import(&theirs, &util::fixture(file), &Options::default());
    }
    let report = merge(&ours, &theirs, Merge::Apply);
    assert_eq!(report["conflicts"], serde_json::json!([]), "{report:#}");
    assert!(report["observations_applied"].as_u64().unwrap() > 0);
    let back = merge(&theirs, &ours, Merge::Apply);
    assert_eq!(back["conflicts"], serde_json::json!([]), "{back:#}");
    assert_eq!(back["observations_applied"], 0, "{back:#}");
    let text = util::diff_text(&ours, &theirs);
    assert!(text.contains("No differences"), "{text}");
    let reference = |path: &Path| -> Vec<String> {
        let conn = rusqlite::Connection::open(path).unwrap();
        let mut rows = Vec::new();
        for sql in [
            "SELECT code || ' ' || kind || ' ' || start_date || ' ' || end_date FROM period",
            "SELECT code || ' ' || label FROM dimension",
            "SELECT d.code || '=' || m.code || ' ' || m.label FROM dimension_member m \
             JOIN dimension d ON d.id = m.dimension_id",
            "SELECT key FROM breakdown",
        ] {
            let mut statement = conn.prepare(sql).unwrap();
            let mut found: Vec<String> = statement
                .query_map([], |r| r.get(0))
                .unwrap()
                .map(Result::unwrap)
                .collect();
            found.sort();
            rows.extend(found);
        }
        rows
    };
    assert_eq!(reference(&ours), reference(&theirs));
    util::check(&ours);
}

/// A copy for publication leaves out personal data as one without personal data does, and
/// both leave out contact data typed into free text: an e-mail address and a telephone
/// number in a measure's description are gone, its other words and numbers stay.
#[test]
fn a_copy_for_publication_holds_no_contact_data_even_in_free_text() {
    let env = Env::new();
    let source = env.demo();
    let mut measure = measures(&source)[0].clone();
    measure.description =
        "Koordination: kontakt@schulamt.example, Tel. 0551 400-1234; Start 2025 in 3 Schulen"
            .into();
    let mut store = open(&source);
    store
        .transact(ActionKind::Edit, "test edit", |tx| {
            tx.update(&measure).map(|_| ())
        })
        .unwrap();
    store.close().unwrap();
    let secrets: Vec<String> = stakeholders(&source)
        .iter()
        .flat_map(|s| [s.email.clone(), s.phone.clone(), s.contact_person.clone()])
        .chain(["kontakt@schulamt.example".to_owned(), "400-1234".to_owned()])
        .filter(|v| !v.is_empty())
        .collect();
    let copy = env.path("public.lernstadt");
    util::share_copy(
        &source,
        &copy,
        ShareOptions {
            for_publication: true,
            ..Default::default()
        },
    );
    let bytes = std::fs::read(&copy).unwrap();
    for secret in &secrets {
        assert!(
            !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
            "{secret} is still in the copy"
        );
    }
    let described = measures(&copy)
        .into_iter()
        .find(|m| m.uuid == measure.uuid)
        .unwrap()
        .description;
    assert_eq!(
        described,
        "Koordination: […], Tel. […]; Start 2025 in 3 Schulen"
    );
    util::check(&copy);
}
