// Placeholder until the Lab layer lands; delete when adding the first real file.
