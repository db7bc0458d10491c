/**
 * The checklist planner: findings become actions with a rollout phase, a role and a
 * place in the dependency chain. `note new`, the editor's quick fixes, the language
 * server's code actions and the change log's runbook all draw from it.
 */
export { planActions, sortActions, actionLine, fill, type PlannedAction, type PlanOptions, type TemplateOverrides } from './planner';
export { gatherPlanFacts, startupEvidence, NO_FACTS, type PlanFacts, type StartupMigrations } from './facts';
export { migrationInfo, djangoParent, alembicRevisions, hazardOf, type MigrationInfo, type Hazard } from './migrations';
export { PHASE_HEADINGS, phaseOfHeading, phaseHeading, roleName } from './phases';
export { planItemsForNote, type NoteItemsPlan } from './noteItems';
