// Placeholder until the Reports layer lands; delete when adding the first real file.
