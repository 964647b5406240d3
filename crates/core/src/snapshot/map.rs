//! Where on the map: the region a point falls in, the latest period a mapped region has a
//! value for.

use uuid::Uuid;

use super::project::Snapshot;
use crate::model::Observation;

/// The region whose boundary holds a point (longitude/latitude), of those `among` when
/// given (the regions a map shows: a Kreis, not its Land).
#[must_use]
pub fn region_at(
    data: &Snapshot,
    lon: f64,
    lat: f64,
    among: Option<&std::collections::HashSet<Uuid, impl std::hash::BuildHasher>>,
) -> Option<Uuid> {
    let point = geo::Point::new(lon, lat);
    data.shapes
        .iter()
        .filter(|(uuid, _)| among.is_none_or(|among| among.contains(uuid)))
        .find(|(_, shape)| geo::Contains::contains(shape, &point))
        .map(|(region, _)| *region)
}

/// The latest period in which a region with a boundary has a value.
#[must_use]
pub fn latest_period(data: &Snapshot, observations: &[Observation]) -> Option<String> {
    let keys: Vec<&str> = data
        .shapes
        .iter()
        .filter_map(|(r, _)| data.region(*r).map(|r| r.key.as_str()))
        .collect();
    observations
        .iter()
        .filter(|o| {
            o.breakdown_key.is_empty() && o.value.is_some() && keys.contains(&o.region_key.as_str())
        })
        .max_by(|a, b| data.x(&a.period_code).total_cmp(&data.x(&b.period_code)))
        .map(|o| o.period_code.clone())
}
