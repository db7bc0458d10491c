/**
 * Deployment notes (`.handoff/notes/*.md`): parsing, coverage, byte-preserving edits,
 * drafting (`handoff note new`) and `handoff init`.
 */
export {
  NOTES_DIR,
  RISKS,
  KNOWN_KEYS,
  parseNote,
  parseCoverEntry,
  locateFrontMatter,
  type Note,
  type CoverEntry,
  type NoteSection,
  type NoteProblem,
  type ParsedNote,
  type ParseNoteOptions,
  type Risk,
} from './parse';
export { applyCoverage, compileCover, unmatchedCovers, type CoverMatcher } from './coverage';
export { applyEdits, toggleItem, addCovers, appendItem, yamlScalar, type TextEdit } from './edit';
export { draftNote, coverFor, slugify, type DraftOptions, type NoteDraft } from './draft';
export { stepsForImpact, type TemplateOverrides } from './templates';
export { initRepository, detectEcosystems, configTemplate, notesReadme, type InitResult } from './init';
export { LineIndex } from './text';
export { SignOffStore, SIGNOFF_STORE, blobIds, isStale, signOffsOf, environmentProgress, signOffEdits, withSignOffs, type SignOff } from './signoff';
