// Placeholder until the Engine layer lands; delete when adding the first real file.
