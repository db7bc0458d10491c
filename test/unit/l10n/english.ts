/**
 * English sentences left in a line of Chinese output, after removing what stays as written
 * in any language: code spans, `handoff …` commands, `@role`s, paths, identifiers (snake_case, dotted,
 * SCREAMING_CASE), URLs, anchors, HTML tags and entities, and product or tool names.
 * A sentence is three or more Latin words in a row: a table or key name stands alone.
 */
export function englishSentences(line: string): string {
  if (/^(title|covers|risk|---|\s+- )/.test(line)) return '';
  const rest = line
    .replace(/<!--|-->/g, ' ')
    .replace(/<code>[\s\S]*?<\/code>/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&\w+;/g, ' ')
    .replace(/`[^`]*`/g, ' ')
    .replace(/\bhandoff (check|note|changelog|init)\b.*$/, ' ')
    .replace(/\]\(#[^)]*\)/g, ' ')
    .replace(/@[\w-]+/g, ' ')
    .replace(/\b[\w.-]*[/._:=][\w./:=-]*/g, ' ')
    .replace(/\b[A-Z][A-Z0-9_]+\b/g, ' ')
    .replace(/\b(Handoff|handoff|GitHub|GitLab|Git|git|Terraform|Helm|Kubernetes|Docker|Rails|Django|Alembic|Prisma|OpenAPI|GraphQL|chart|values|schema|release|playbook|unit|stack|lockfile|wrapper|evolution|Compose|Ansible|systemd|nginx)\b/g, ' ');
  return (rest.match(/[A-Za-z]{2,}(?:[ ,'-]+[A-Za-z]{2,}){2,}/g) ?? []).join(' | ');
}

/**
 * The messages that do not read fully in Chinese: no catalog row, or a row that left an
 * English sentence (a shorter, more general row took the message). Each with why.
 */
export function notChinese(messages: readonly string[], translate: (m: string) => string | null): string[] {
  const out: string[] = [];
  for (const m of messages) {
    const zh = translate(m);
    if (zh === null) out.push(`no row: ${m}`);
    else if (englishSentences(zh)) out.push(`English left (${englishSentences(zh)}): ${m} → ${zh}`);
  }
  return out;
}
