// Placeholder until this suite lands; delete when adding the first test file.
