// Placeholder until the Probes layer lands; delete when adding the first real file.
