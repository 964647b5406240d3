//! The project's snapshot: everything but observations, plus one summary series per
//! indicator, read once per store generation.

use std::collections::HashMap;

use uuid::Uuid;

use super::boundaries::official_shapes;
use super::time::period_x;
use crate::model::traffic_light::{self, Target, TrafficLight};
use crate::model::{
    Goal, Indicator, IndicatorGoal, IndicatorTarget, Measure, MeasureGoal, MeasurePartner,
    Milestone, Observation, Period, Polarity, Region, Stakeholder, Symbol, WorkingGroup,
    WorkingGroupMember,
};
use crate::store::observations::SeriesValue;
use crate::store::{ActionSummary, Result, Store, entity};

/// Everything but observations, plus one summary series per indicator.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// The store generation this was read at; `None` before the first read.
    pub generation: Option<u64>,
    /// Every stakeholder, ordered for display.
    pub stakeholders: Vec<Stakeholder>,
    /// Every working group, ordered for display.
    pub working_groups: Vec<WorkingGroup>,
    /// Every membership of a stakeholder in a working group.
    pub members: Vec<WorkingGroupMember>,
    /// Ordered by position (siblings in order).
    pub goals: Vec<Goal>,
    /// Every measure, ordered for display.
    pub measures: Vec<Measure>,
    /// Every measure's milestones, ordered by due date.
    pub milestones: Vec<Milestone>,
    /// Which measure serves which goal.
    pub measure_goals: Vec<MeasureGoal>,
    /// Which stakeholder is a partner in which measure.
    pub measure_partners: Vec<MeasurePartner>,
    /// Ordered by code.
    pub indicators: Vec<Indicator>,
    /// Which indicator measures which goal.
    pub indicator_goals: Vec<IndicatorGoal>,
    /// Goal → the indices (into `indicators`) of the indicators that measure it.
    pub indicators_by_goal: HashMap<Uuid, Vec<usize>>,
    /// Region UUID → its index in `regions`: a Kreis table has hundreds of regions, and
    /// the views look regions up by UUID every frame.
    pub region_index: HashMap<Uuid, usize>,
    /// The project as it is stored (name, municipality, its region key).
    pub project: Option<crate::model::Project>,
    /// My region: the region whose key is the project's region key (an ARS finds its
    /// Gemeinde's AGS too); the charts draw it first and mark it.
    pub my_region: Option<Uuid>,
    /// Every indicator's target values, by region and period.
    pub targets: Vec<IndicatorTarget>,
    /// Ordered by key.
    pub regions: Vec<Region>,
    /// The project's comparison regions, in their order.
    pub comparison: Vec<Uuid>,
    /// With a protection rule: the sums among the protected indicators' regions that the
    /// region tree does not know (a whole-city row beside its districts), offered where the
    /// rule is set.
    pub unknown_sums: Vec<crate::published::UnknownSum>,
    /// The names two or more regions share (an old and a new Kreis of one name): shown
    /// with the key wherever a region is picked or named.
    pub shared_names: std::collections::HashSet<String>,
    /// Ordered by start.
    pub periods: Vec<Period>,
    /// The statistics symbols and quality flags the project knows.
    pub symbols: Vec<Symbol>,
    /// The change log's actions, newest first (at most 10,000).
    pub history: Vec<ActionSummary>,
    /// Action id → the kinds of entity it changed.
    pub action_kinds: HashMap<i64, Vec<crate::model::meta::EntityKind>>,
    /// Breakdown key → readable name with its dimensions (`Geschlecht: weiblich · Alter:
    /// 25 bis 34`); the total is not in it.
    pub breakdown_labels: HashMap<String, String>,
    /// Breakdown key → its members only (`weiblich, 25 bis 34`), for a chart split by one
    /// dimension, which names the dimension once.
    pub member_labels: HashMap<String, String>,
    /// Dimension code → label.
    pub dimension_labels: HashMap<String, String>,
    /// One per indicator, in the order of `indicators`.
    pub summaries: Vec<Summary>,
    /// Period code → position on the time axis (years).
    pub period_x: HashMap<String, f64>,
    /// Region boundaries, parsed: the project's own, then for each official region
    /// without one the boundary the program ships ([`crate::model::official_boundaries`]).
    pub shapes: Vec<(Uuid, geo::MultiPolygon<f64>)>,
    /// The regions of `shapes` drawn with the shipped boundaries: a picture that shows one
    /// names their attribution.
    pub official_shapes: std::collections::HashSet<Uuid>,
    /// Every workshop presentation.
    pub presentations: Vec<crate::model::Presentation>,
    /// The planner's saved column roles, by name.
    pub mappings: Vec<crate::model::Mapping>,
    /// Ordered by position.
    pub slides: Vec<crate::model::Slide>,
    /// Ordered by position.
    pub ideas: Vec<crate::model::Idea>,
    /// Every vote: dots given on a vote slide.
    pub votes: Vec<crate::model::Vote>,
}

/// An indicator's reference series (my region's, else the target's region's; total
/// breakdown) and its status.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    /// The reference region: my region when it has a target or a number for the
    /// indicator, else the region of the indicator's first target, else the top region (one
    /// without a parent); `None` when there is none (the summary is then empty).
    pub region: Option<Uuid>,
    /// The indicator's values for that region and the total, by period start.
    pub series: Vec<SeriesValue>,
    /// What the status is judged against: the band of a target-band indicator, else its
    /// latest target for that region.
    pub target: Option<Target>,
    /// The indicator's traffic light.
    pub status: TrafficLight,
    /// Not assessed only because a single value makes no trend (a target and a direction
    /// are set).
    pub one_value: bool,
    /// Where the reference region has no values but other regions do (a social index has
    /// none for the city): the latest period's most telling region among them.
    pub elsewhere: Option<Elsewhere>,
}

impl Summary {
    /// The status as a word: "not assessed (one value)" where a target and a direction
    /// are set but a single value makes no trend to judge by.
    #[must_use]
    pub fn status_word(&self) -> String {
        if self.one_value {
            crate::t!("status.unassessed_one").to_owned()
        } else {
            self.status.label().to_owned()
        }
    }
}

/// The latest period of an indicator's other regions: how many have a number, and the one
/// furthest in the bad direction (the highest where the direction is neutral).
#[derive(Clone, Debug)]
pub struct Elsewhere {
    /// The latest period with a number.
    pub period: String,
    /// How many regions have one then.
    pub regions: usize,
    /// The region furthest in the bad direction.
    pub name: String,
    /// Its value.
    pub value: f64,
    /// Its series (total breakdown), which the overview's sparkline draws in place of the
    /// reference region's empty one.
    pub series: Vec<SeriesValue>,
}

/// [`Summary::elsewhere`]: two queries on the indicator's totals and the found region's
/// series.
fn elsewhere(store: &Store, indicator: &Indicator) -> Result<Option<Elsewhere>> {
    let conn = store.conn();
    let latest: Option<String> = rusqlite::OptionalExtension::optional(conn.query_row(
        "SELECT p.code FROM observation o JOIN period p ON p.id = o.period_id
         JOIN breakdown b ON b.id = o.breakdown_id
         WHERE o.indicator_id = (SELECT id FROM indicator WHERE code = ?1)
         AND b.key = '' AND o.value IS NOT NULL
         ORDER BY p.start_date DESC LIMIT 1",
        [&indicator.code],
        |row| row.get(0),
    ))?;
    let Some(period) = latest else {
        return Ok(None);
    };
    let order = if indicator.polarity == Polarity::HigherIsBetter {
        "ASC"
    } else {
        "DESC"
    };
    let found = conn.query_row(
        &format!(
            "SELECT count(*) OVER (), r.name, o.value, r.key FROM observation o
             JOIN region r ON r.id = o.region_id JOIN period p ON p.id = o.period_id
             JOIN breakdown b ON b.id = o.breakdown_id
             WHERE o.indicator_id = (SELECT id FROM indicator WHERE code = ?1)
             AND p.code = ?2 AND b.key = '' AND o.value IS NOT NULL
             ORDER BY o.value {order} LIMIT 1"
        ),
        [indicator.code.as_str(), period.as_str()],
        |row| {
            Ok((
                Elsewhere {
                    period: period.clone(),
                    regions: usize::try_from(row.get::<_, i64>(0)?).unwrap_or(0),
                    name: row.get(1)?,
                    value: row.get(2)?,
                    series: Vec::new(),
                },
                row.get::<_, String>(3)?,
            ))
        },
    );
    let Some((mut found, key)) = rusqlite::OptionalExtension::optional(found)? else {
        return Ok(None);
    };
    found.series = crate::store::observations::series(conn, &indicator.code, &key, "")?;
    Ok(Some(found))
}

impl Snapshot {
    /// Reads everything again when the store's data changed; cheap otherwise.
    pub fn refresh(&mut self, store: &Store) -> Result<()> {
        if self.generation == Some(store.generation()) {
            return Ok(());
        }
        let conn = store.conn();
        self.stakeholders = crate::store::stakeholders::list(conn)?;
        self.working_groups = crate::store::working_groups::list(conn)?;
        self.members = entity::list(conn)?;
        self.goals = crate::store::goals::list(conn)?;
        self.measures = crate::store::measures::list(conn)?;
        self.milestones = entity::list(conn)?;
        self.milestones.sort_by(|a, b| a.due_date.cmp(&b.due_date));
        self.measure_goals = entity::list(conn)?;
        self.measure_partners = entity::list(conn)?;
        self.indicators = crate::store::indicators::list(conn)?;
        self.indicator_goals = entity::list(conn)?;
        self.indicators_by_goal = HashMap::new();
        for (index, indicator) in self.indicators.iter().enumerate() {
            for link in self
                .indicator_goals
                .iter()
                .filter(|l| l.indicator == indicator.uuid)
            {
                self.indicators_by_goal
                    .entry(link.goal)
                    .or_default()
                    .push(index);
            }
        }
        self.targets = entity::list(conn)?;
        self.regions = crate::store::regions::list(conn)?;
        self.region_index = self
            .regions
            .iter()
            .enumerate()
            .map(|(n, r)| (r.uuid, n))
            .collect();
        self.comparison = crate::store::regions::comparison(conn)?
            .into_iter()
            .map(|c| c.region)
            .collect();
        let mut seen = std::collections::HashSet::new();
        self.shared_names = self
            .regions
            .iter()
            .filter(|r| !seen.insert(r.name.as_str()))
            .map(|r| r.name.clone())
            .collect();
        self.project = Some(crate::store::project::get(conn)?.project);
        self.my_region = self
            .project
            .as_ref()
            .and_then(|p| crate::model::my_region(&self.regions, &p.region_key));
        self.unknown_sums = match crate::published::rule(conn)? {
            Some(rule) => crate::published::unknown_sums(conn, &rule)?,
            None => Vec::new(),
        };
        self.periods = crate::store::periods::list(conn)?;
        self.symbols = crate::store::symbols::list(conn)?;
        let shapes: Vec<crate::model::RegionShape> = entity::list(conn)?;
        self.shapes = shapes
            .iter()
            .filter_map(|s| Some((s.region, crate::geometry::parse(&s.geometry)?)))
            .collect();
        self.official_shapes = official_shapes(&self.regions, &self.shapes);
        if !self.official_shapes.is_empty() {
            let shipped = crate::model::official_boundaries::shipped();
            for region in &self.regions {
                if self.official_shapes.contains(&region.uuid)
                    && let Some(shape) = shipped.shape(region.key.trim())
                {
                    self.shapes.push((region.uuid, shape.clone()));
                }
            }
        }
        self.presentations = entity::list(conn)?;
        self.mappings = crate::store::mappings::list(conn)?;
        self.slides = entity::list(conn)?;
        self.slides.sort_by_key(|s| s.position);
        self.ideas = entity::list(conn)?;
        self.ideas.sort_by_key(|i| i.position);
        self.votes = entity::list(conn)?;
        self.history = store.history(10_000)?;
        self.action_kinds =
            store.entity_kinds_by_action(self.history.last().map_or(0, |a| a.id))?;
        let parts = crate::store::observations::breakdown_parts(conn)?;
        self.breakdown_labels = parts
            .iter()
            .map(|(key, parts)| {
                let label: Vec<String> = parts
                    .iter()
                    .map(|(dimension, member)| format!("{dimension}: {member}"))
                    .collect();
                (key.clone(), label.join(" · "))
            })
            .collect();
        self.member_labels = parts
            .into_iter()
            .map(|(key, parts)| {
                let label: Vec<String> = parts.into_iter().map(|(_, member)| member).collect();
                (key, label.join(", "))
            })
            .collect();
        self.dimension_labels = crate::store::observations::dimension_labels(conn)?;
        self.period_x = self
            .periods
            .iter()
            .map(|p| (p.code.clone(), period_x(p)))
            .collect();
        self.summaries = Vec::with_capacity(self.indicators.len());
        for indicator in &self.indicators {
            let summary = self.summarise(store, indicator)?;
            self.summaries.push(summary);
        }
        self.generation = Some(store.generation());
        Ok(())
    }

    fn summarise(&self, store: &Store, indicator: &Indicator) -> Result<Summary> {
        let targets: Vec<&IndicatorTarget> = self
            .targets
            .iter()
            .filter(|t| t.indicator == indicator.uuid)
            .collect();
        // My region first: with a target set for it, or with a number of its own.
        let mine = match self.my_region.and_then(|r| self.region(r)) {
            Some(mine) => {
                let series = crate::store::observations::series(
                    store.conn(),
                    &indicator.code,
                    &mine.key,
                    "",
                )?;
                (targets.iter().any(|t| t.region == mine.uuid)
                    || series.iter().any(|v| v.value.is_some()))
                .then_some((mine.uuid, series))
            }
            None => None,
        };
        let (region, series) = if let Some((mine, series)) = mine {
            (Some(mine), series)
        } else {
            let region = targets.first().map(|t| t.region).or_else(|| {
                self.regions
                    .iter()
                    .find(|r| r.parent.is_none())
                    .map(|r| r.uuid)
            });
            let Some(region_key) = region.and_then(|r| self.region(r)).map(|r| r.key.clone())
            else {
                return Ok(Summary::default());
            };
            let series =
                crate::store::observations::series(store.conn(), &indicator.code, &region_key, "")?;
            (region, series)
        };
        let target = match (indicator.polarity, indicator.band_low, indicator.band_high) {
            (Polarity::TargetBand, Some(low), Some(high)) => Some(Target::Band { low, high }),
            _ => targets
                .iter()
                .filter(|t| Some(t.region) == region)
                .max_by(|a, b| self.x(&a.period).total_cmp(&self.x(&b.period)))
                .map(|t| Target::Value {
                    value: t.value,
                    year: self.period_x.get(&t.period).copied(),
                }),
        };
        let points: Vec<(f64, f64)> = series
            .iter()
            .filter_map(|v| Some((self.x(&v.period_code), v.value?)))
            .collect();
        let elsewhere = if series.iter().any(|v| v.value.is_some()) {
            None
        } else {
            elsewhere(store, indicator)?
        };
        // Values elsewhere (a social index's districts): there is data, judged nowhere.
        let status = if elsewhere.is_some() {
            TrafficLight::Unassessed
        } else {
            traffic_light::assess(indicator.polarity, &points, target)
        };
        // Judged with a second value, it would be: only the single value keeps it open.
        let one_value = status == TrafficLight::Unassessed
            && points.len() == 1
            && target.is_some()
            && traffic_light::assess(
                indicator.polarity,
                &[(points[0].0 - 1.0, points[0].1), points[0]],
                target,
            ) != TrafficLight::Unassessed;
        Ok(Summary {
            region,
            series,
            target,
            status,
            one_value,
            elsewhere,
        })
    }

    /// The language of text stored in the project (its default language).
    #[must_use]
    pub fn language(&self) -> crate::i18n::Lang {
        self.project
            .as_ref()
            .and_then(|p| crate::i18n::Lang::from_code(&p.default_language))
            .unwrap_or_else(crate::i18n::lang)
    }

    /// A period's position on the time axis.
    #[must_use]
    pub fn x(&self, period_code: &str) -> f64 {
        self.period_x.get(period_code).copied().unwrap_or(0.0)
    }

    /// A region by UUID.
    #[must_use]
    pub fn region(&self, uuid: Uuid) -> Option<&Region> {
        self.region_index
            .get(&uuid)
            .and_then(|&n| self.regions.get(n))
    }

    /// A region's name by UUID, or nothing.
    #[must_use]
    pub fn region_name(&self, uuid: Option<Uuid>) -> &str {
        uuid.and_then(|u| self.region(u))
            .map_or("", |r| r.name.as_str())
    }

    /// A region's name for a legend or list: [`Snapshot::region_label`], and for a region
    /// that no longer reports the last period it had a value in ("until 2016").
    #[must_use]
    pub fn region_label_until(&self, uuid: Uuid, until: Option<&str>) -> String {
        let label = self.region_label(Some(uuid));
        match until {
            Some(period) => crate::t!(
                "regions.until",
                name = label,
                period = crate::i18n::format_period(period)
            ),
            None => label,
        }
    }

    /// The keys of the project's comparison regions, in their order.
    #[must_use]
    pub fn comparison_keys(&self) -> Vec<String> {
        self.comparison
            .iter()
            .filter_map(|r| self.region(*r))
            .map(|r| r.key.clone())
            .collect()
    }

    /// A region's name to pick it by: with its key where another region has the same name
    /// (the old and the new Landkreis Göttingen), so the two can be told apart.
    #[must_use]
    pub fn region_label(&self, uuid: Option<Uuid>) -> String {
        let Some(region) = uuid.and_then(|u| self.region(u)) else {
            return String::new();
        };
        if self.shared_names.contains(&region.name) {
            format!("{} ({})", region.name, region.key)
        } else {
            region.name.clone()
        }
    }

    /// A stakeholder's name by UUID, or nothing.
    #[must_use]
    pub fn stakeholder_name(&self, uuid: Option<Uuid>) -> &str {
        uuid.and_then(|u| self.stakeholders.iter().find(|s| s.uuid == u))
            .map_or("", |s| s.name.as_str())
    }

    /// A goal by UUID.
    #[must_use]
    pub fn goal(&self, uuid: Uuid) -> Option<&Goal> {
        self.goals.iter().find(|g| g.uuid == uuid)
    }

    /// The children of a goal (or the top goals), in order.
    pub fn child_goals(&self, parent: Option<Uuid>) -> impl Iterator<Item = &Goal> {
        self.goals.iter().filter(move |g| g.parent == parent)
    }

    /// Whether `goal` is `ancestor` or lies below it.
    #[must_use]
    pub fn goal_is_within(&self, goal: Uuid, ancestor: Uuid) -> bool {
        let mut current = Some(goal);
        let mut steps = 0;
        while let Some(uuid) = current {
            if uuid == ancestor {
                return true;
            }
            current = self.goal(uuid).and_then(|g| g.parent);
            steps += 1;
            if steps > self.goals.len() {
                return false;
            }
        }
        false
    }

    /// The indicators that measure a goal.
    pub fn indicators_of_goal(&self, goal: Uuid) -> impl Iterator<Item = (usize, &Indicator)> {
        self.indicators_by_goal
            .get(&goal)
            .into_iter()
            .flatten()
            .map(|index| (*index, &self.indicators[*index]))
    }

    /// The measures that serve a goal.
    pub fn measures_of_goal(&self, goal: Uuid) -> impl Iterator<Item = &Measure> {
        self.measures.iter().filter(move |m| {
            self.measure_goals
                .iter()
                .any(|link| link.goal == goal && link.measure == m.uuid)
        })
    }

    /// A presentation's slides, in order.
    pub fn slides_of(&self, presentation: Uuid) -> impl Iterator<Item = &crate::model::Slide> {
        self.slides
            .iter()
            .filter(move |s| s.presentation == presentation)
    }

    /// The ideas typed on a slide, in order.
    pub fn ideas_of(&self, slide: Uuid) -> impl Iterator<Item = &crate::model::Idea> {
        self.ideas.iter().filter(move |i| i.slide == slide)
    }

    /// The current name of an entity by kind and identity, for the history.
    #[must_use]
    pub fn name_of(&self, kind: crate::model::meta::EntityKind, key: &str) -> Option<&str> {
        use crate::model::meta::EntityKind as K;
        let uuid = Uuid::parse_str(key).ok();
        match kind {
            K::Stakeholder => self
                .stakeholders
                .iter()
                .find(|s| Some(s.uuid) == uuid)
                .map(|s| s.name.as_str()),
            K::WorkingGroup => self
                .working_groups
                .iter()
                .find(|g| Some(g.uuid) == uuid)
                .map(|g| g.name.as_str()),
            K::Goal => uuid.and_then(|u| self.goal(u)).map(|g| g.title.as_str()),
            K::Measure => self
                .measures
                .iter()
                .find(|m| Some(m.uuid) == uuid)
                .map(|m| m.title.as_str()),
            K::Indicator => self
                .indicators
                .iter()
                .find(|i| Some(i.uuid) == uuid)
                .map(|i| i.name.as_str()),
            K::Region => uuid.and_then(|u| self.region(u)).map(|r| r.name.as_str()),
            _ => None,
        }
    }

    /// The period a planner typed (a year, a school year, a date …): the project's, else one
    /// made from the code when it is saved; `None` when it is none of these.
    #[must_use]
    pub fn typed_period(&self, code: &str) -> Option<Period> {
        let code = code.trim();
        self.periods
            .iter()
            .find(|p| p.code == code)
            .cloned()
            .or_else(|| crate::store::periods::parse_code(code))
    }

    /// What a symbol means, in the current language.
    #[must_use]
    pub fn symbol_label(&self, code: &str) -> String {
        self.symbols.iter().find(|s| s.code == code).map_or_else(
            || code.to_owned(),
            |s| match crate::i18n::lang() {
                crate::i18n::Lang::De => s.label_de.clone(),
                crate::i18n::Lang::En => s.label_en.clone(),
            },
        )
    }

    /// The symbols and quality flags `observations` carry, each with what it means: the
    /// legend of a table, chart or map.
    #[must_use]
    pub fn symbols_shown<'a>(
        &self,
        observations: impl IntoIterator<Item = &'a Observation>,
    ) -> std::collections::BTreeMap<String, String> {
        observations
            .into_iter()
            .flat_map(Observation::flags)
            .map(|flag| (flag.to_owned(), self.symbol_label(flag)))
            .collect()
    }

    /// A breakdown's readable name; the total for the empty key.
    #[must_use]
    pub fn breakdown_label<'a>(&'a self, key: &'a str) -> &'a str {
        if key.is_empty() {
            return crate::t!("data.total");
        }
        self.breakdown_labels.get(key).map_or(key, String::as_str)
    }

    /// A breakdown's members without their dimensions (`weiblich`), for a chart or legend
    /// that names the dimension itself.
    #[must_use]
    pub fn member_label<'a>(&'a self, key: &'a str) -> &'a str {
        if key.is_empty() {
            return crate::t!("data.total");
        }
        self.member_labels.get(key).map_or(key, String::as_str)
    }
}
