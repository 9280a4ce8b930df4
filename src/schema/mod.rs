//! Dataset catalogs: families, datasets, hints, retired names; loading them
//! bundled, from a directory, or from a `ScheduledDataset` response.
