package analysis

// DropReanalysisState releases what only an incremental re-analysis of this model's document
// uses (the per-statement records, several kilobytes per small file). The index keeps one
// model per file of the workspace and most are never edited: a file that is opened later is
// analysed in full once, then incrementally.
func (fm *FileModel) DropReanalysisState() {
	fm.stmtOrder = nil // its document has no trees either: an opened file is analysed afresh
}
