// Placeholder until the Host layer lands; delete when adding the first real file.
