use super::*;

#[test]
fn codes_round_trip() {
    for kind in StakeholderKind::ALL {
        assert_eq!(StakeholderKind::from_code(kind.code()), Some(*kind));
    }
    assert_eq!(SdgTarget::from_code("4.a"), Some(SdgTarget::T4A));
    assert_eq!(MeasureStage::from_code("nonsense"), None);
    assert_eq!(serde_json::to_string(&SdgTarget::T47).unwrap(), "\"4.7\"");
}

#[test]
fn breakdown_key_is_sorted_and_total_is_empty() {
    assert_eq!(
        breakdown_key(&[("GES", "GESW"), ("ALT", "A25")]),
        "ALT=A25;GES=GESW"
    );
    assert_eq!(breakdown_key(&[]), "");
}
