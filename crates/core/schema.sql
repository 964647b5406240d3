-- Lernstadt project file (.lernstadt): the one source of the current schema.
--
-- PRAGMA application_id = 0x4C52_4E53 ('LRNS', 1280462419) marks a Lernstadt file;
-- PRAGMA user_version holds the schema version (see src/store/migrate.rs).
--
-- Identity: every user entity carries a UUID v7 in `uuid`; integer ids are for joins only
-- and never leave the file. Reference data is identified by its natural key: periods by
-- `code`, breakdowns by `key`, symbols by `code`; observations by
-- indicator × region × period × breakdown.
--
-- Personal data: the columns marked `-- personal` hold data about people. They are listed
-- in src/model/meta.rs as well, which drives "share a copy without personal data".
--
-- No triggers and no views: a file that has any is refused when opened.

CREATE TABLE project (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    uuid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL CHECK (name <> ''),
    municipality TEXT NOT NULL DEFAULT '',
    region_key TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    default_language TEXT NOT NULL DEFAULT 'de' CHECK (default_language IN ('de', 'en')),
    authors TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL DEFAULT '',
    modified_at TEXT NOT NULL DEFAULT '',
    modified_by TEXT NOT NULL DEFAULT '',
    -- Small counts protected when published (version 7): counts above zero and below this
    -- (and what would reveal them) are not shown; NULL: no rule.
    protect_min_count INTEGER CHECK (protect_min_count IS NULL OR protect_min_count >= 2),
    -- The name of the list of comparison regions (version 9), e.g. 'Vergleichskreise'.
    comparison_name TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE region (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    key TEXT NOT NULL UNIQUE CHECK (key <> ''),
    name TEXT NOT NULL CHECK (name <> ''),
    -- `administrative_district` (Regierungsbezirk) since version 5.
    level TEXT NOT NULL DEFAULT 'district' CHECK (level IN ('country', 'state', 'administrative_district', 'county', 'municipality', 'district', 'neighbourhood')),
    parent_id INTEGER REFERENCES region (id)
) STRICT;

CREATE INDEX region_by_parent ON region (parent_id);

CREATE TABLE stakeholder (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL CHECK (name <> ''),
    kind TEXT NOT NULL DEFAULT 'other' CHECK (kind IN ('municipal_office', 'early_childhood', 'school', 'vocational', 'higher_education', 'adult_education', 'library_culture', 'youth_welfare', 'employment_agency', 'civil_society', 'business', 'foundation', 'politics', 'other')),
    -- JSON array of education area codes.
    education_areas TEXT NOT NULL DEFAULT '[]',
    description TEXT NOT NULL DEFAULT '',
    influence INTEGER NOT NULL DEFAULT 3 CHECK (influence BETWEEN 1 AND 5),
    interest INTEGER NOT NULL DEFAULT 3 CHECK (interest BETWEEN 1 AND 5),
    engagement TEXT NOT NULL DEFAULT 'inform' CHECK (engagement IN ('inform', 'consult', 'involve', 'collaborate', 'empower')),
    -- JSON array of free tags.
    tags TEXT NOT NULL DEFAULT '[]',
    contact_person TEXT NOT NULL DEFAULT '', -- personal
    email TEXT NOT NULL DEFAULT '', -- personal
    phone TEXT NOT NULL DEFAULT '' -- personal
) STRICT;

CREATE TABLE working_group (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL CHECK (name <> ''),
    purpose TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE working_group_member (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    working_group_id INTEGER NOT NULL REFERENCES working_group (id),
    stakeholder_id INTEGER NOT NULL REFERENCES stakeholder (id),
    role TEXT NOT NULL DEFAULT '',
    UNIQUE (working_group_id, stakeholder_id)
) STRICT;

CREATE INDEX working_group_member_by_stakeholder ON working_group_member (stakeholder_id);

CREATE TABLE goal (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    parent_id INTEGER REFERENCES goal (id),
    level TEXT NOT NULL DEFAULT 'operational' CHECK (level IN ('vision', 'strategic', 'operational')),
    -- Order among siblings, ascending.
    position INTEGER NOT NULL DEFAULT 0,
    title TEXT NOT NULL CHECK (title <> ''),
    description TEXT NOT NULL DEFAULT '',
    education_area TEXT NOT NULL DEFAULT 'cross_cutting' CHECK (education_area IN ('early_childhood', 'school', 'vocational', 'higher_education', 'adult_continuing', 'non_formal', 'cross_cutting')),
    sdg_target TEXT CHECK (sdg_target IN ('4.1', '4.2', '4.3', '4.4', '4.5', '4.6', '4.7', '4.a', '4.b', '4.c')),
    priority TEXT NOT NULL DEFAULT 'medium' CHECK (priority IN ('high', 'medium', 'low')),
    target_year INTEGER CHECK (target_year BETWEEN 1900 AND 2200),
    owner_stakeholder_id INTEGER REFERENCES stakeholder (id)
) STRICT;

CREATE INDEX goal_by_parent ON goal (parent_id, position);

CREATE TABLE measure (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL CHECK (title <> ''),
    description TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'idea' CHECK (status IN ('idea', 'planned', 'running', 'done', 'paused', 'dropped')),
    -- ISO 8601 dates (YYYY-MM-DD).
    start_date TEXT,
    end_date TEXT,
    budget_planned_eur REAL CHECK (budget_planned_eur >= 0),
    budget_spent_eur REAL CHECK (budget_spent_eur >= 0),
    funding_source TEXT NOT NULL DEFAULT '',
    lead_stakeholder_id INTEGER REFERENCES stakeholder (id),
    -- JSON array of target groups (free text).
    target_groups TEXT NOT NULL DEFAULT '[]',
    CHECK (start_date IS NULL OR end_date IS NULL OR end_date >= start_date)
) STRICT;

CREATE TABLE measure_milestone (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    measure_id INTEGER NOT NULL REFERENCES measure (id),
    title TEXT NOT NULL CHECK (title <> ''),
    due_date TEXT NOT NULL,
    reached INTEGER NOT NULL DEFAULT 0 CHECK (reached IN (0, 1))
) STRICT;

CREATE INDEX measure_milestone_by_measure ON measure_milestone (measure_id);

CREATE TABLE measure_partner (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    measure_id INTEGER NOT NULL REFERENCES measure (id),
    stakeholder_id INTEGER NOT NULL REFERENCES stakeholder (id),
    role TEXT NOT NULL DEFAULT '',
    UNIQUE (measure_id, stakeholder_id)
) STRICT;

CREATE INDEX measure_partner_by_stakeholder ON measure_partner (stakeholder_id);

CREATE TABLE measure_goal (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    measure_id INTEGER NOT NULL REFERENCES measure (id),
    goal_id INTEGER NOT NULL REFERENCES goal (id),
    UNIQUE (measure_id, goal_id)
) STRICT;

CREATE INDEX measure_goal_by_goal ON measure_goal (goal_id);

CREATE TABLE measure_region (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    measure_id INTEGER NOT NULL REFERENCES measure (id),
    region_id INTEGER NOT NULL REFERENCES region (id),
    UNIQUE (measure_id, region_id)
) STRICT;

CREATE INDEX measure_region_by_region ON measure_region (region_id);

CREATE TABLE period (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE CHECK (code <> ''),
    kind TEXT NOT NULL CHECK (kind IN ('year', 'school_year', 'semester', 'reporting_date', 'quarter', 'month')),
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    CHECK (end_date >= start_date)
) STRICT;

CREATE INDEX period_by_start ON period (start_date);

CREATE TABLE indicator (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    code TEXT NOT NULL UNIQUE CHECK (code <> ''),
    name TEXT NOT NULL CHECK (name <> ''),
    definition TEXT NOT NULL DEFAULT '',
    unit TEXT NOT NULL DEFAULT '',
    decimals INTEGER NOT NULL DEFAULT 0 CHECK (decimals BETWEEN 0 AND 6),
    polarity TEXT NOT NULL DEFAULT 'neutral' CHECK (polarity IN ('higher_is_better', 'lower_is_better', 'neutral', 'target_band')),
    -- The band a target-band indicator should stay in.
    band_low REAL,
    band_high REAL,
    source TEXT NOT NULL DEFAULT '',
    update_frequency TEXT NOT NULL DEFAULT 'yearly' CHECK (update_frequency IN ('yearly', 'school_yearly', 'half_yearly', 'quarterly', 'monthly', 'irregular')),
    baseline_period_id INTEGER REFERENCES period (id),
    baseline_value REAL,
    -- Computed from other indicators by this formula (version 7); '' for data that is
    -- imported or entered. Its values are recomputed in every action that changes its inputs.
    formula TEXT NOT NULL DEFAULT '',
    -- Its values are counts of people or cases (version 7): small ones are protected when
    -- published.
    counts INTEGER NOT NULL DEFAULT 0 CHECK (counts IN (0, 1)),
    CHECK (band_low IS NULL OR band_high IS NULL OR band_high >= band_low)
) STRICT;

CREATE TABLE indicator_goal (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    indicator_id INTEGER NOT NULL REFERENCES indicator (id),
    goal_id INTEGER NOT NULL REFERENCES goal (id),
    UNIQUE (indicator_id, goal_id)
) STRICT;

CREATE INDEX indicator_goal_by_goal ON indicator_goal (goal_id);

CREATE TABLE indicator_target (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    indicator_id INTEGER NOT NULL REFERENCES indicator (id),
    region_id INTEGER NOT NULL REFERENCES region (id),
    period_id INTEGER NOT NULL REFERENCES period (id),
    value REAL NOT NULL,
    UNIQUE (indicator_id, region_id, period_id)
) STRICT;

-- A breakdown dimension, e.g. `GES` "Geschlecht", and its members, e.g. `GESW` "weiblich".
CREATE TABLE dimension (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE CHECK (code <> ''),
    label TEXT NOT NULL
) STRICT;

CREATE TABLE dimension_member (
    id INTEGER PRIMARY KEY,
    dimension_id INTEGER NOT NULL REFERENCES dimension (id),
    code TEXT NOT NULL CHECK (code <> ''),
    label TEXT NOT NULL,
    UNIQUE (dimension_id, code)
) STRICT;

-- A combination of dimension members. `key` is canonical: `DIM=MEMBER` pairs sorted by
-- dimension code and joined with `;`. The total is the empty key.
CREATE TABLE breakdown (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE
) STRICT;

CREATE TABLE breakdown_member (
    breakdown_id INTEGER NOT NULL REFERENCES breakdown (id),
    member_id INTEGER NOT NULL REFERENCES dimension_member (id),
    PRIMARY KEY (breakdown_id, member_id)
) STRICT, WITHOUT ROWID;

-- The statistics symbols a value cell may carry. Data, not code: another office's signs can
-- be added. `has_value` = 0: the symbol stands instead of a number (`.`, `x`, `/`, `...`);
-- 1: it goes with a number (`-` is a true zero, `()` limited reliability, `p` provisional).
CREATE TABLE symbol (
    code TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('missing', 'zero', 'quality')),
    has_value INTEGER NOT NULL CHECK (has_value IN (0, 1)),
    label_de TEXT NOT NULL,
    label_en TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- A region's boundary (version 3): a GeoJSON Polygon or MultiPolygon in WGS84 longitude
-- and latitude, whatever projection the imported file used.
-- The regions the project compares my region with (version 9), in the order chosen: its
-- charts, report, pictures and slides draw them beside my region and its parents.
CREATE TABLE comparison_region (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    region_id INTEGER NOT NULL UNIQUE REFERENCES region (id),
    position INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE region_shape (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    region_id INTEGER NOT NULL UNIQUE REFERENCES region (id),
    geometry TEXT NOT NULL
) STRICT;

-- Workshop mode (version 3). A presentation is a saved sequence of slides; a slide's
-- `settings` is JSON naming what it shows (an indicator's code and region keys, a goal's
-- UUID, a chart kind). Ideas are typed live on an "ideas" slide; dots are given on a
-- "vote" slide to ideas (`idea.dots`) or to measures (`vote`).
CREATE TABLE presentation (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL CHECK (title <> '')
) STRICT;

CREATE TABLE slide (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    presentation_id INTEGER NOT NULL REFERENCES presentation (id),
    position INTEGER NOT NULL DEFAULT 0,
    kind TEXT NOT NULL CHECK (kind IN ('title', 'goal', 'indicator_chart', 'map', 'measures', 'stakeholder_grid', 'ideas', 'vote')),
    title TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL DEFAULT '',
    settings TEXT NOT NULL DEFAULT '{}'
) STRICT;

CREATE INDEX slide_by_presentation ON slide (presentation_id, position);

CREATE TABLE idea (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    slide_id INTEGER NOT NULL REFERENCES slide (id),
    position INTEGER NOT NULL DEFAULT 0,
    text TEXT NOT NULL CHECK (text <> ''),
    dots INTEGER NOT NULL DEFAULT 0 CHECK (dots >= 0)
) STRICT;

CREATE INDEX idea_by_slide ON idea (slide_id);

CREATE TABLE vote (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    slide_id INTEGER NOT NULL REFERENCES slide (id),
    measure_id INTEGER NOT NULL REFERENCES measure (id),
    dots INTEGER NOT NULL DEFAULT 0 CHECK (dots >= 0),
    UNIQUE (slide_id, measure_id)
) STRICT;

-- A planner's saved column roles for a kind of file (version 4): the file's header and the
-- roles as `--map` writes them, reused when the next file has the same header.
CREATE TABLE mapping (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL UNIQUE CHECK (name <> ''),
    header TEXT NOT NULL DEFAULT '',
    roles TEXT NOT NULL CHECK (roles <> '')
) STRICT;

CREATE TABLE import (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    format TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL DEFAULT '',
    inserted INTEGER NOT NULL DEFAULT 0,
    updated INTEGER NOT NULL DEFAULT 0,
    unchanged INTEGER NOT NULL DEFAULT 0,
    rejected INTEGER NOT NULL DEFAULT 0,
    action_id INTEGER REFERENCES action (id)
) STRICT;

-- Where an import's values come from, as its file says (version 4): the data date (`Stand`)
-- and the licence line of an official table's footer.
CREATE TABLE import_source (
    import_id INTEGER PRIMARY KEY REFERENCES import (id),
    data_date TEXT NOT NULL DEFAULT '',
    licence TEXT NOT NULL DEFAULT ''
) STRICT;

-- Where an imported table came from (version 10), so that `refresh` can fetch it again: the
-- statistics offices' web service (its name and address), the table's code, what was asked
-- for (JSON: years, regional variable and keys, language), the edition's data date as the
-- service or the file's footer gives it, and when it was fetched. A table imported from a
-- downloaded file whose header or name gives its code has an empty service and endpoint.
-- One row per import; a table's source is that of its latest import not undone.
CREATE TABLE table_source (
    import_id INTEGER PRIMARY KEY REFERENCES import (id),
    table_code TEXT NOT NULL CHECK (table_code <> ''),
    service TEXT NOT NULL DEFAULT '',
    endpoint TEXT NOT NULL DEFAULT '',
    parameters TEXT NOT NULL DEFAULT '{}',
    title TEXT NOT NULL DEFAULT '',
    data_date TEXT NOT NULL DEFAULT '',
    fetched_at TEXT NOT NULL DEFAULT ''
) STRICT;

-- indicator × region × period × breakdown → value. `value` is NULL only when `symbol` says
-- why; a true zero is 0 (with `-` where the source wrote `-`).
CREATE TABLE observation (
    indicator_id INTEGER NOT NULL REFERENCES indicator (id),
    region_id INTEGER NOT NULL REFERENCES region (id),
    period_id INTEGER NOT NULL REFERENCES period (id),
    breakdown_id INTEGER NOT NULL REFERENCES breakdown (id),
    value REAL,
    symbol TEXT,
    quality TEXT,
    note TEXT,
    import_id INTEGER REFERENCES import (id),
    -- The physical line of the imported file the value came from.
    import_line INTEGER,
    PRIMARY KEY (indicator_id, region_id, period_id, breakdown_id),
    CHECK (value IS NOT NULL OR symbol IS NOT NULL)
) STRICT, WITHOUT ROWID;

-- No second index: every view reads observations by indicator first (data table, charts,
-- map, report), which the primary key serves; a second index would cost a third of every
-- import's time and a fifth of the file's size.

-- Counts kept up to date by the store in the same transaction as the rows they count, so
-- that opening a project never has to read all observations.
CREATE TABLE counter (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- The change log. One action per user action (one transaction); its changes record the
-- entity's fields before and after as JSON (NULL before: created; NULL after: deleted).
-- References to other entities appear as their UUIDs (or natural keys), so the log can be
-- compared across copies of a project.
CREATE TABLE action (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('create', 'edit', 'import', 'merge', 'undo', 'redo')),
    -- What was done, in words of the store (e.g. `stakeholder.update`).
    label TEXT NOT NULL,
    author TEXT NOT NULL,
    at TEXT NOT NULL,
    -- For `undo` and `redo`: the action undone or redone.
    target_action_id INTEGER REFERENCES action (id),
    -- For `edit`, `import` and `merge`: `done`, `undone` (can be redone) or `discarded`
    -- (undone, then superseded by a new action). Always `done` for the other kinds.
    state TEXT NOT NULL DEFAULT 'done' CHECK (state IN ('done', 'undone', 'discarded'))
) STRICT;

CREATE INDEX action_by_state ON action (state, kind);

CREATE TABLE change (
    id INTEGER PRIMARY KEY,
    action_id INTEGER NOT NULL REFERENCES action (id),
    entity_kind TEXT NOT NULL,
    entity_key TEXT NOT NULL,
    before TEXT,
    after TEXT,
    CHECK (before IS NOT NULL OR after IS NOT NULL)
) STRICT;

CREATE INDEX change_by_action ON change (action_id);
CREATE INDEX change_by_entity ON change (entity_key);

-- What a merge took in (version 6): the other copy's actions, by UUID, whose changes the
-- merge action absorbed — applied, or decided as a conflict. Merging the same copy again
-- skips them: nothing is applied twice and no decided conflict is listed again. Only a
-- merge that is `done` counts (undoing it forgets what it absorbed).
CREATE TABLE absorbed (
    action_id INTEGER NOT NULL REFERENCES action (id) ON DELETE CASCADE,
    uuid TEXT NOT NULL,
    PRIMARY KEY (action_id, uuid)
) STRICT, WITHOUT ROWID;

-- Data values an undo took out in bulk (version 8): the rows an undone import wrote, kept
-- until redo puts them back, so that a merge sees which values the undo removed — without
-- writing millions of rows into the change log one by one. The ids are those of the time
-- (an undone import's new regions get new ids when redo makes them again): `shelf_ref`
-- says what each stood for.
CREATE TABLE shelved (
    action_id INTEGER NOT NULL REFERENCES action (id),
    indicator_id INTEGER NOT NULL,
    region_id INTEGER NOT NULL,
    period_id INTEGER NOT NULL,
    breakdown_id INTEGER NOT NULL,
    value REAL,
    symbol TEXT,
    quality TEXT,
    note TEXT,
    import_id INTEGER,
    import_line INTEGER,
    PRIMARY KEY (action_id, indicator_id, region_id, period_id, breakdown_id)
) STRICT, WITHOUT ROWID;

-- What the ids on a shelf stood for when it was made: the indicator's code, the region's
-- key, the period's code, the breakdown's key.
CREATE TABLE shelf_ref (
    action_id INTEGER NOT NULL REFERENCES action (id),
    kind TEXT NOT NULL CHECK (kind IN ('indicator', 'region', 'period', 'breakdown')),
    old_id INTEGER NOT NULL,
    key TEXT NOT NULL,
    PRIMARY KEY (action_id, kind, old_id)
) STRICT, WITHOUT ROWID;

-- Which shelf an undo or redo moved, and how many values: an undo took its rows out onto
-- its own shelf, a redo put the rows of the undo's shelf back (and emptied it: the values
-- are the import's again).
CREATE TABLE shelf_use (
    action_id INTEGER PRIMARY KEY REFERENCES action (id),
    shelf_id INTEGER NOT NULL REFERENCES action (id),
    moved INTEGER NOT NULL
) STRICT;
