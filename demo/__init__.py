"""Demo data for every app (`seed_demo`), built through the apps' own services: people,
charters, the directory, inspections and surveys, and `large` for the benchmarks' scale."""
