import { type AslDefinition, type AslState, transitions } from './asl.js';
import { statusesInComment } from './caseStates.js';

const isHuman = (s: AslState) => s.Type === 'Task' && (s.Resource ?? '').endsWith('.waitForTaskToken');

function label(name: string, state: AslState): string {
  const lines = [name];
  const statuses = statusesInComment(state.Comment);
  if (statuses.length > 0) lines.push(`<i>${statuses.join(', ')}</i>`);
  if (state.TimeoutSecondsPath) lines.push(`deadline ${state.TimeoutSecondsPath}`);
  else if (isHuman(state)) lines.push('no deadline');
  if (state.SecondsPath) lines.push(`waits ${state.SecondsPath}`);
  return `"${lines.join('<br/>')}"`;
}

function node(name: string, state: AslState): string {
  const text = label(name, state);
  switch (state.Type) {
    case 'Choice':
      return `${name}{${text}}`;
    case 'Wait':
      return `${name}[[${text}]]`;
    case 'Succeed':
    case 'Fail':
      return `${name}([${text}])`;
    default:
      return isHuman(state) ? `${name}[/${text}/]` : `${name}[${text}]`;
  }
}

/**
 * A Mermaid flowchart of a definition, generated (scripts/state-machine-diagram.ts), never drawn by
 * hand. Human steps are parallelograms, Choices diamonds, the notice's Wait a subroutine box, ends
 * rounded. Edge labels are quoted because `end` is a Mermaid keyword. Dotted edges are Catches; the catch-all edge every task has to the failure recorder is
 * left out (one line in the legend says so) because it would hide everything else.
 */
export function toMermaid(def: AslDefinition, failureState = 'RecordFailure'): string {
  const lines = ['flowchart TD', `  start((start)) --> ${def.StartAt}`];
  for (const [name, state] of Object.entries(def.States)) lines.push(`  ${node(name, state)}`);
  for (const [name, state] of Object.entries(def.States)) {
    for (const t of transitions(state)) {
      if (t.kind === 'catch') {
        if (t.label === 'States.ALL' && t.to === failureState) continue;
        lines.push(`  ${name} -.->|"${t.label}"| ${t.to}`);
      } else if (t.label) {
        lines.push(`  ${name} -->|"${t.label}"| ${t.to}`);
      } else {
        lines.push(`  ${name} --> ${t.to}`);
      }
    }
  }
  const human = Object.entries(def.States)
    .filter(([, s]) => isHuman(s))
    .map(([n]) => n);
  const ends = Object.entries(def.States)
    .filter(([, s]) => s.Type === 'Succeed')
    .map(([n]) => n);
  const fails = Object.entries(def.States)
    .filter(([, s]) => s.Type === 'Fail')
    .map(([n]) => n);
  lines.push('  classDef human fill:#fff3cd,stroke:#b58900');
  lines.push('  classDef done fill:#e6f4ea,stroke:#2e7d32');
  lines.push('  classDef failed fill:#fdecea,stroke:#c62828');
  if (human.length > 0) lines.push(`  class ${human.join(',')} human`);
  if (ends.length > 0) lines.push(`  class ${ends.join(',')} done`);
  if (fails.length > 0) lines.push(`  class ${[failureState, ...fails].join(',')} failed`);
  return lines.join('\n');
}

/** A Markdown table with padded columns, as the formatter (Biome) writes it, so the two never fight. */
function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(3, h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 3)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

/** The generated part of docs/state-machine.md, between its markers. */
export function diagramSection(def: AslDefinition): string {
  const rows = Object.entries(def.States)
    .filter(([, s]) => statusesInComment(s.Comment).length > 0)
    .map(([n, s]) => [
      `\`${n}\``,
      `${s.Type}${isHuman(s) ? ' (.waitForTaskToken)' : ''}`,
      statusesInComment(s.Comment).join(', '),
    ]);
  return [
    '```mermaid',
    toMermaid(def),
    '```',
    '',
    'Every Task also has `Catch States.ALL → RecordFailure` (not drawn), and every Lambda Task retries',
    "Lambda's transient errors with backoff and full jitter.",
    '',
    ...table(['state', 'type', 'case status there'], rows),
  ].join('\n');
}

export const BEGIN_MARKER = '<!-- BEGIN GENERATED: npm run docs:state-machine -->';
export const END_MARKER = '<!-- END GENERATED -->';

/** The document with its generated section replaced (the prose around it is kept). */
export function withDiagram(doc: string, def: AslDefinition): string {
  const start = doc.indexOf(BEGIN_MARKER);
  const end = doc.indexOf(END_MARKER);
  if (start < 0 || end < start) throw new Error('docs/state-machine.md lost its generated-section markers');
  return `${doc.slice(0, start + BEGIN_MARKER.length)}\n${diagramSection(def)}\n${doc.slice(end)}`;
}
