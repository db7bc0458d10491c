#!/usr/bin/env sh
# The pre-commit hook: `handoff check --worktree --fail-on uncovered` on the repository being
# committed to (staged and unstaged changes against the merge-base with the base branch).
# Runs the published CLI through npx (cached after the first run), or the one named by HANDOFF_CLI
# (a path to cli.js or to a `handoff` executable). Extra arguments (e.g. --base main) are passed on.
set -eu
version="0.1.0"
if [ -n "${HANDOFF_CLI:-}" ]; then
  case "$HANDOFF_CLI" in
    *.js) exec node "$HANDOFF_CLI" check --worktree --fail-on uncovered "$@" ;;
    *) exec "$HANDOFF_CLI" check --worktree --fail-on uncovered "$@" ;;
  esac
fi
exec npx --yes "handoff-cli@$version" check --worktree --fail-on uncovered "$@"
