/** The language id of deployment notes (`.handoff/notes/*.md`). Alone in its module: the extension reads it at activation without loading the protocol's message types (see src/extension/client.ts). */
export const NOTE_LANGUAGE_ID = 'handoff-note';
