// Placeholder until the VFIO layer lands; delete when adding the first real file.
