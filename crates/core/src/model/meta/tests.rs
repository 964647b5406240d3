use super::*;

#[test]
fn every_kind_has_one_definition() {
    for def in ALL {
        assert_eq!(def.kind.def().table, def.table);
        assert_eq!(EntityKind::from_code(def.table), Some(def.kind));
    }
}

#[test]
fn personal_fields_are_the_contact_fields() {
    assert_eq!(
        personal_columns(),
        vec![
            ("stakeholder", "contact_person"),
            ("stakeholder", "email"),
            ("stakeholder", "phone")
        ]
    );
}

#[test]
fn model_structs_serialise_to_the_defined_fields() {
    let stakeholder = crate::model::Stakeholder {
        uuid: crate::model::new_uuid(),
        name: "VHS".into(),
        kind: crate::model::StakeholderKind::AdultEducation,
        education_areas: vec![],
        description: String::new(),
        influence: 3,
        interest: 4,
        engagement: crate::model::Engagement::Involve,
        tags: vec![],
        contact_person: String::new(),
        email: String::new(),
        phone: String::new(),
    };
    let json = serde_json::to_value(&stakeholder).unwrap();
    let object = json.as_object().unwrap();
    let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
    keys.sort_unstable();
    let mut expected: Vec<&str> = STAKEHOLDER.fields.iter().map(|f| f.name).collect();
    expected.push("uuid");
    expected.sort_unstable();
    assert_eq!(keys, expected);
}
