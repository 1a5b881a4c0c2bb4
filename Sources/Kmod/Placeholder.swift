// Placeholder until the Kmod layer lands; delete when adding the first real file.
