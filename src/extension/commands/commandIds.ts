/** Every command Handoff registers. The manifest (package.json) lists the same ids. */
export const enum CommandId {
  ReviewBranch = 'handoff.reviewBranch',
  BackToWorkingTree = 'handoff.backToWorkingTree',
  ExportChangeLog = 'handoff.exportChangeLog',
  CreateNote = 'handoff.createNote',
  AddToNote = 'handoff.addToNote',
  Refresh = 'handoff.refresh',
  Init = 'handoff.init',
  OpenDiff = 'handoff.openDiff',
  OpenFile = 'handoff.openFile',
  OpenNote = 'handoff.openNote',
  FilterByRole = 'handoff.filterByRole',
  ClearRoleFilter = 'handoff.clearRoleFilter',
  ShowLog = 'handoff.showLog',
  ShowImpact = 'handoff.showImpact',
  ReviewPullRequest = 'handoff.reviewPullRequest',
  ChooseBaseBranch = 'handoff.chooseBaseBranch',
  NextImpact = 'handoff.nextImpact',
  PreviousImpact = 'handoff.previousImpact',
  SortImpacts = 'handoff.sortImpacts',
  ShowUncoveredOnly = 'handoff.showUncoveredOnly',
  ShowAllImpacts = 'handoff.showAllImpacts',
  ChooseEnvironment = 'handoff.chooseEnvironment',
  ApplySignOffs = 'handoff.applySignOffs',
}

/** Context keys Handoff sets for `when` clauses. */
export const enum ContextKey {
  /** Set once the first discovery of repositories finished (welcome views wait for it). */
  Ready = 'handoff.ready',
  HasRepository = 'handoff.hasRepository',
  Reviewing = 'handoff.reviewing',
  Loading = 'handoff.loading',
  HasImpacts = 'handoff.hasImpacts',
  HasUncovered = 'handoff.hasUncovered',
  HasNotes = 'handoff.hasNotes',
  Initialized = 'handoff.initialized',
  RoleFilter = 'handoff.roleFilter',
  MultipleRepositories = 'handoff.multipleRepositories',
  /** The Impact view shows only impacts that need a note and have none. */
  UncoveredOnly = 'handoff.uncoveredOnly',
  /** More than one sign-off environment is configured. */
  MultipleEnvironments = 'handoff.multipleEnvironments',
}
